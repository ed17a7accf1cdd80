import { once } from 'node:events';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { assertValidTopology, functionEnvironment } from '../topology/rules.ts';
import type { Topology } from '../topology/types.ts';
import type { LocalRoute } from './gateway/http-api.ts';
import { LocalSecretsManager } from './gateway/secrets-manager.ts';
import { createGateway } from './gateway/server.ts';
import { LocalFunction } from './lambda/local-function.ts';
import { localAccountId, localCredentials, localRegion } from './services/aws-local.ts';
import {
  connectDynamoDb,
  createTables,
  type DynamoDbLocal,
  startDynamoDbLocal,
} from './services/dynamodb-local.ts';
import {
  connectSqs,
  createQueues,
  isSqsHealthy,
  type LocalQueue,
  type SqsLocal,
  startSqsLocal,
} from './services/sqs-local.ts';
import { SqsEventSource } from './sqs-event-source.ts';
import { StartupError } from './startup-error.ts';

export interface LocalRuntimeOptions {
  readonly topology: Topology;
  /** Repository root; function entries are relative to it. */
  readonly projectRoot: string;
  readonly host: string;
  /** Port of the HTTP routes, Invoke API and /health; 0 picks a free one. */
  readonly port: number;
  readonly dynamoDbPort: number;
  readonly sqsPort: number;
  /** Attach to running DynamoDB Local and SQS endpoints instead of starting them. */
  readonly services?: { readonly dynamoDbEndpoint: string; readonly sqsEndpoint: string };
  /** Local secret values by secret name (`infra/local/secrets.json`). */
  readonly secrets: Readonly<Record<string, unknown>>;
  /** Starts the demo partner on this port (0: a free one); omit to run without it. */
  readonly demoPartnerPort?: number;
  /** Execution environments per function (Lambda concurrency). */
  readonly maxConcurrencyPerFunction?: number;
  readonly log?: (line: string) => void;
  /** Extra variables for every function, over the topology's (e.g. channel budgets). */
  readonly functionEnvironment?: Readonly<Record<string, string>>;
  /** Serves the developer console at `/console` (never deployed: it exists only here). */
  readonly console?: boolean;
}

export interface LocalRuntime {
  readonly url: string;
  readonly dynamoDbEndpoint: string;
  readonly sqsEndpoint: string;
  readonly demoPartnerUrl?: string;
  readonly queues: ReadonlyMap<string, LocalQueue>;
  readonly functions: ReadonlyMap<string, LocalFunction>;
  stop(): Promise<void>;
}

interface Part {
  readonly name: string;
  stop(): Promise<void>;
}

/**
 * Runs a topology on this machine: DynamoDB Local, the fauxqs SQS emulator, the demo partner,
 * every function in its own worker-thread environments, the HTTP routes and Invoke API on one
 * port, and SQS event sources that poll like Lambda's. Either everything starts or nothing is
 * left running and a `StartupError` says what to do.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  assertValidTopology(options.topology);
  const log = options.log ?? ((line: string) => console.error(line));
  const started: Part[] = [];
  const stopAll = async () => {
    for (const part of started.reverse()) {
      await part
        .stop()
        .catch((error: unknown) => log(`stopping ${part.name}: ${(error as Error).message}`));
    }
    started.length = 0;
  };

  try {
    const reserve = async (label: string, envVar: string, port: number) => {
      const free = await freePort(options.host, port);
      if (free === 'in-use') {
        throw new StartupError(
          `Port ${port} (${label}) is already in use: stop what is using it or set ${envVar} to another port.`,
        );
      }
      return free;
    };
    const gatewayPort = await reserve('Switchboard', 'SWITCHBOARD_PORT', options.port);
    const demoPartnerPort =
      options.demoPartnerPort === undefined
        ? undefined
        : await reserve('demo partner', 'DEMO_PARTNER_PORT', options.demoPartnerPort);
    const { dynamoDb, sqs } = await awsServices(options, started, reserve);
    await createTables(dynamoDb.client, options.topology.tables);
    const queues = await createQueues(sqs.client, options.topology.queues);

    const url = `http://${options.host}:${gatewayPort}`;
    let demoPartnerUrl: string | undefined;
    if (demoPartnerPort !== undefined) {
      const { startDemoPartner } = await import('./demo-partner/server.ts');
      const demoPartner = await startPart('demo partner', started, () =>
        startDemoPartner({
          port: demoPartnerPort,
          host: options.host,
          secrets: options.secrets,
          switchboardUrl: url,
        }),
      );
      demoPartnerUrl = demoPartner.url;
    }

    const devConsole = options.console
      ? await startPart('console', started, async () => {
          const { createConsole } = await import('./console/server.ts');
          return createConsole({
            url,
            demoPartnerUrl,
            dynamoDbEndpoint: dynamoDb.endpoint,
            secrets: options.secrets,
          });
        })
      : undefined;
    const secrets = new LocalSecretsManager(options.secrets);
    const functions = new Map<string, LocalFunction>();
    for (const spec of options.topology.functions) {
      functions.set(
        spec.name,
        new LocalFunction({
          name: spec.name,
          entryPath: path.resolve(options.projectRoot, spec.entry),
          handlerName: spec.handler ?? 'handler',
          memoryMb: spec.memoryMb,
          timeoutSeconds: spec.timeoutSeconds,
          region: localRegion,
          accountId: localAccountId,
          maxConcurrency: options.maxConcurrencyPerFunction ?? 4,
          ...(devConsole && { onLogLine: (line: string) => devConsole.onLogLine(spec.name, line) }),
          environment: {
            ...functionEnvironment(options.topology, spec, {
              tableName: (name) => name,
              queueUrl: (name) => queues.get(name)?.url ?? '',
            }),
            AWS_REGION: localRegion,
            AWS_DEFAULT_REGION: localRegion,
            AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
            AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
            AWS_ENDPOINT_URL_SQS: sqs.endpoint,
            AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
            AWS_ENDPOINT_URL_LAMBDA: url,
            AWS_LAMBDA_FUNCTION_NAME: spec.name,
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
            AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
            AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
            // The URL partners call; webhook schemes that sign it (Twilio) need it exactly.
            PUBLIC_BASE_URL: url,
            ...(demoPartnerUrl && { DEMO_PARTNER_URL: demoPartnerUrl }),
            ...options.functionEnvironment,
          },
        }),
      );
    }
    started.push({
      name: 'functions',
      stop: async () => {
        await Promise.all([...functions.values()].map((fn) => fn.stop()));
      },
    });

    const routes: LocalRoute[] = options.topology.functions.flatMap((spec) =>
      (spec.routes ?? []).map((route) => ({ ...route, functionName: spec.name })),
    );
    const eventSources: SqsEventSource[] = [];
    const gateway = createGateway({
      routes,
      functions,
      secrets,
      log,
      ...(devConsole && { intercept: devConsole.handle }),
      health: async () => {
        const dynamoDbHealthy = await dynamoDb.client
          .send(new ListTablesCommand({ Limit: 1 }))
          .then(
            () => true,
            () => false,
          );
        const sqsHealthy = await isSqsHealthy(sqs.client);
        const demoPartnerHealthy = demoPartnerUrl
          ? await fetch(`${demoPartnerUrl}/_control/health`).then(
              (response) => response.ok,
              () => false,
            )
          : undefined;
        const sourcesHealthy = eventSources.every((source) => source.running);
        return {
          healthy: dynamoDbHealthy && sqsHealthy && demoPartnerHealthy !== false && sourcesHealthy,
          parts: {
            dynamodb: { healthy: dynamoDbHealthy, endpoint: dynamoDb.endpoint },
            sqs: { healthy: sqsHealthy, endpoint: sqs.endpoint },
            ...(demoPartnerUrl && {
              demoPartner: { healthy: demoPartnerHealthy, url: demoPartnerUrl },
            }),
            secrets: { healthy: true, count: secrets.names.length },
            functions: Object.fromEntries(
              [...functions.values()].map((fn) => [fn.name, { environments: fn.environmentCount }]),
            ),
            eventSources: Object.fromEntries(
              eventSources.map((source) => [
                source.description,
                { healthy: source.running, batches: source.batchesInvoked },
              ]),
            ),
          },
        };
      },
    });
    await startPart('Switchboard gateway', started, () =>
      listen(gateway, options.host, gatewayPort),
    );

    for (const spec of options.topology.functions) {
      const target = functions.get(spec.name);
      const queue = spec.eventSource && queues.get(spec.eventSource.queue);
      if (!spec.eventSource || !target || !queue) continue;
      const source = new SqsEventSource({
        client: sqs.client,
        queue,
        spec: spec.eventSource,
        target,
        log,
      });
      source.start();
      eventSources.push(source);
    }
    started.push({
      name: 'event sources',
      stop: async () => {
        await Promise.all(eventSources.map((source) => source.stop()));
      },
    });

    return {
      url,
      dynamoDbEndpoint: dynamoDb.endpoint,
      sqsEndpoint: sqs.endpoint,
      ...(demoPartnerUrl && { demoPartnerUrl }),
      queues,
      functions,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startPart<T extends { stop(): Promise<void> }>(
  name: string,
  started: Part[],
  start: () => Promise<T>,
): Promise<T> {
  let part: T;
  try {
    part = await start();
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(`Could not start ${name}: ${(error as Error).message}`);
  }
  started.push({ name, stop: () => part.stop() });
  return part;
}

/**
 * DynamoDB Local and the SQS emulator: started on their (checked) ports, or the running ones
 * `options.services` names.
 */
async function awsServices(
  options: LocalRuntimeOptions,
  started: Part[],
  reserve: (label: string, envVar: string, port: number) => Promise<number>,
): Promise<{ dynamoDb: DynamoDbLocal; sqs: SqsLocal }> {
  if (options.services) {
    const dynamoDb = connectDynamoDb(options.services.dynamoDbEndpoint);
    const sqs = connectSqs(options.services.sqsEndpoint);
    started.push({
      name: 'AWS clients',
      stop: async () => {
        await Promise.all([dynamoDb.stop(), sqs.stop()]);
      },
    });
    return { dynamoDb, sqs };
  }
  const dynamoDbPort = await reserve('DynamoDB Local', 'DYNAMODB_LOCAL_PORT', options.dynamoDbPort);
  const sqsPort = await reserve('SQS emulator', 'SQS_LOCAL_PORT', options.sqsPort);
  const [dynamoDb, sqs] = await allStarted<[DynamoDbLocal, SqsLocal]>([
    startPart('DynamoDB Local', started, () =>
      startDynamoDbLocal({ host: options.host, port: dynamoDbPort }),
    ),
    startPart('SQS emulator', started, () => startSqsLocal({ host: options.host, port: sqsPort })),
  ]);
  return { dynamoDb, sqs };
}

/**
 * Waits for every start to settle before failing, so a part that was still starting when
 * another failed is registered and stopped too.
 */
async function allStarted<T extends unknown[]>(
  starts: { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const settled = await Promise.allSettled(starts);
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as T;
}

/** Resolves to `port` if it can be bound (or a free port for 0), else `'in-use'`. */
function freePort(host: string, port: number): Promise<number | 'in-use'> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve('in-use') : reject(error),
    );
    probe.listen(port, host, () => {
      const address = probe.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      probe.close(() => resolve(bound));
    });
  });
}

async function listen(server: Server, host: string, port: number) {
  server.listen(port, host);
  await once(server, 'listening');
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
