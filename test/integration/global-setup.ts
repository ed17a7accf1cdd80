import type { TestProject } from 'vitest/node';
import { projectRoot, readLocalSecrets } from '#infra/local/config.ts';
import { loadSampleReferenceData } from '#infra/local/reference-data.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { switchboardTopology } from '#infra/topology/switchboard.ts';
import { recordLogLine, scanLogLines, seenLogLines } from '#test/support/log-scan.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The running Switchboard (routes, Invoke API, Secrets Manager) of the integration tier. */
    switchboardUrl: string;
    demoPartnerUrl: string;
    dynamoDbEndpoint: string;
    sqsEndpoint: string;
    /** Queue URLs by queue name, DLQs included (`events-dlq`). */
    queueUrls: Record<string, string>;
  }
}

let runtime: LocalRuntime | undefined;

/**
 * One Switchboard for the whole integration tier, started as `npm start` starts it (real
 * topology, DynamoDB Local, fauxqs, demo partner), on free ports so it never clashes with a
 * running `npm start`.
 */
export async function setup(project: TestProject): Promise<void> {
  // The log scan of the functions' own lines: their worker threads write to this process.
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      recordLogLine(
        typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString(),
      );
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  }
  runtime = await startLocalRuntime({
    topology: switchboardTopology,
    projectRoot,
    host: '127.0.0.1',
    port: 0,
    dynamoDbPort: 0,
    sqsPort: 0,
    demoPartnerPort: 0,
    secrets: readLocalSecrets(new URL('../../infra/local/secrets.json', import.meta.url).pathname),
    console: true,
    // Turn budgets near each platform's limit: on a 2-core machine running DynamoDB Local, the
    // emulators, the demo partner and every function at once, the 3 s defaults make answers
    // "pending" by chance. Tests that need a slow partner inject latency above these instead.
    functionEnvironment: {
      // Same reason: a partner attempt here can stall for a second or more with no fault injected.
      PARTNER_TIMEOUT_SCALE: '3',
      LEX_BUDGET_MS: '6000',
      CONNECT_BUDGET_MS: '5000',
      CHAT_BUDGET_MS: '6000',
      DIALOGFLOW_CX_TIMEOUT_MS: '7000',
      // A caller's bounded wait on a job, shortened so the give-up path is tested in seconds.
      JOB_ANSWER_WITHIN_MS: '25000',
    },
  });
  await loadSampleReferenceData(runtime.dynamoDbEndpoint);
  project.provide('switchboardUrl', runtime.url);
  project.provide('demoPartnerUrl', runtime.demoPartnerUrl ?? '');
  project.provide('dynamoDbEndpoint', runtime.dynamoDbEndpoint);
  project.provide('sqsEndpoint', runtime.sqsEndpoint);
  project.provide(
    'queueUrls',
    Object.fromEntries([...runtime.queues].map(([name, queue]) => [name, queue.url])),
  );
}

export async function teardown(): Promise<void> {
  await runtime?.stop();
  const findings = scanLogLines(seenLogLines);
  if (findings.length > 0) {
    // Vitest only logs an error thrown here; the exit code is what fails the run.
    process.exitCode = 1;
    throw new Error(
      `the functions logged personal or secret data in ${findings.length} lines:\n${findings.join('\n')}`,
    );
  }
}
