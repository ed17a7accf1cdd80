/**
 * The local services every benchmark in a run shares: DynamoDB Local (JVM child), the SQS
 * emulator, the gateway's Secrets Manager emulation and the demo partner, started once through
 * the same `startLocalRuntime` that `npm start` uses, so target and floor hit the same services.
 */

import { projectRoot, readLocalSecrets } from '#infra/local/config.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { switchboardTopology } from '#infra/topology/switchboard.ts';
import type { FunctionSpec } from '#infra/topology/types.ts';

export interface LocalServices {
  readonly runtime: LocalRuntime;
  readonly demoPartnerUrl: string;
  readonly secrets: Readonly<Record<string, unknown>>;
  /** What a function of the topology sees in its environment, pointed at these services. */
  functionEnv(spec: FunctionSpec): Record<string, string>;
  queueUrl(name: string): string;
  /** Runtime log lines, kept quiet unless the bench fails. */
  readonly log: string[];
  stop(): Promise<void>;
}

export async function startLocalServices(): Promise<LocalServices> {
  const secrets = readLocalSecrets(
    new URL('../infra/local/secrets.json', import.meta.url).pathname,
  );
  const log: string[] = [];
  const runtime = await startLocalRuntime({
    topology: switchboardTopology,
    projectRoot,
    host: '127.0.0.1',
    port: 0,
    dynamoDbPort: 0,
    sqsPort: 0,
    demoPartnerPort: 0,
    secrets,
    // The runtime's own functions (the job worker finishing a deferred call) are not under
    // test here; their log and metric lines would only bury the report.
    functionEnvironment: { POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true' },
    log: (line) => {
      log.push(line);
    },
  });
  const demoPartnerUrl = runtime.demoPartnerUrl;
  if (!demoPartnerUrl) {
    await runtime.stop();
    throw new Error('the local runtime started without the demo partner');
  }
  const queueUrl = (name: string) => {
    const url = runtime.queues.get(name)?.url;
    if (!url) throw new Error(`no local queue ${name}`);
    return url;
  };
  return {
    runtime,
    demoPartnerUrl,
    secrets,
    log,
    queueUrl,
    functionEnv(spec) {
      const environment = runtime.functions.get(spec.name)?.environment;
      if (!environment) throw new Error(`no local function ${spec.name}`);
      return { ...environment };
    },
    stop: () => runtime.stop(),
  };
}

/** The demo partner's `/_control/` API: faults, call counts, resets. */
export async function control(
  services: LocalServices,
  method: string,
  route: string,
  body?: unknown,
) {
  const response = await fetch(`${services.demoPartnerUrl}/_control/${route}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  if (!response.ok)
    throw new Error(`demo partner ${method} /_control/${route}: ${response.status}`);
  return (await response.json()) as unknown;
}
