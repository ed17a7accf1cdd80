/**
 * `npm start`: Switchboard on this machine. Prints one ready line, and stops every part
 * (DynamoDB Local's Java process included) on Ctrl-C, SIGTERM or SIGHUP, and when the process
 * that started it dies: a supervisor's SIGTERM often reaches only `npm`, whose shell dies
 * without passing it on, leaving this process orphaned.
 */
import { switchboardTopology } from '../topology/switchboard.ts';
import { projectRoot, readLocalConfig, readLocalSecrets } from './config.ts';
import { loadSampleReferenceData } from './reference-data.ts';
import { type LocalRuntime, startLocalRuntime } from './runtime.ts';

const startedAt = performance.now();
let runtime: LocalRuntime | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await runtime?.stop();
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping Switchboard…`);
    void shutdown(0);
  });
}

const parent = process.ppid;
// An orphan is re-parented (to init or a subreaper): its parent id changes.
setInterval(() => {
  if (process.ppid !== parent && !stopping) {
    console.error('\nThe process that started Switchboard is gone: stopping…');
    void shutdown(0);
  }
}, 250).unref();

try {
  const config = readLocalConfig(process.env);
  runtime = await startLocalRuntime({
    topology: switchboardTopology,
    projectRoot,
    host: config.SWITCHBOARD_HOST,
    port: config.SWITCHBOARD_PORT,
    dynamoDbPort: config.DYNAMODB_LOCAL_PORT,
    sqsPort: config.SQS_LOCAL_PORT,
    demoPartnerPort: config.DEMO_PARTNER_PORT,
    secrets: readLocalSecrets(config.SWITCHBOARD_SECRETS_FILE),
    console: true,
  });
  if (stopping) await shutdown(0);
  await loadSampleReferenceData(runtime.dynamoDbEndpoint);
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(
    `Switchboard ready in ${seconds} s: ${runtime.url} (routes, Lambda invoke API, /health) · console ${runtime.url}/console · demo partner ${runtime.demoPartnerUrl} · DynamoDB Local ${runtime.dynamoDbEndpoint} · SQS ${runtime.sqsEndpoint} · Ctrl-C stops`,
  );
} catch (error) {
  console.error(`Switchboard could not start: ${(error as Error).message}`);
  await shutdown(1);
}
