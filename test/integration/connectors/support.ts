/**
 * Connector deps wired to the integration tier's running Switchboard: its DynamoDB Local,
 * fauxqs, Secrets Manager emulation and demo partner. Logs are captured for the log scan.
 */
import { readFileSync } from 'node:fs';
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { inject } from 'vitest';
import type { AuditLog } from '#shared/connectors/audit.ts';
import type { PartnerDeps } from '#shared/connectors/call-partner.ts';
import { makePartnerDeps } from '#shared/connectors/deps.ts';
import type { ConnectorDefinition } from '#shared/connectors/types.ts';
import { partnerRegistry } from '#shared/partners/index.ts';
import { secretsManagerProvider } from '#shared/secrets/secrets-manager.ts';
import type { SecretsProvider } from '#shared/secrets/secrets-provider.ts';
import { jobStore as makeJobStore } from '#shared/state/job-store.ts';
import { breakerKey } from '#shared/state/table-design.ts';

const tableName = 'ConversationState';
const local = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

const dynamo = new DynamoDBClient({ ...local, endpoint: inject('dynamoDbEndpoint') });
const sqs = new SQSClient({ ...local, endpoint: inject('sqsEndpoint') });
const secretsManager = new SecretsManagerClient({
  ...local,
  endpoint: inject('switchboardUrl'),
});
const demoPartnerUrl = inject('demoPartnerUrl');
export const jobStore = makeJobStore({ dynamo, tableName });

export const localSecrets: Record<string, Record<string, unknown>> = JSON.parse(
  readFileSync(new URL('../../../infra/local/secrets.json', import.meta.url), 'utf8'),
);

/** Every line any connector wrote during this test file, as it would reach CloudWatch. */
export const capturedLogs: string[] = [];

const capturingLog: AuditLog = {
  info: (message, fields) =>
    capturedLogs.push(JSON.stringify({ level: 'INFO', message, ...fields })),
  warn: (message, fields) =>
    capturedLogs.push(JSON.stringify({ level: 'WARN', message, ...fields })),
};

/** Fresh per test: its own response cache, token cache, breaker copy and secret cache. */
export function connectorDeps(
  options: { partners?: Record<string, ConnectorDefinition>; secrets?: SecretsProvider } = {},
): PartnerDeps {
  return makePartnerDeps({
    dynamo,
    tableName,
    secrets: options.secrets ?? secretsManagerProvider({ client: secretsManager }),
    log: capturingLog,
    metrics: { count: () => undefined },
    // As the integration tier's functions get it (global-setup.ts): room for a stalled machine.
    env: { DEMO_PARTNER_URL: demoPartnerUrl, PARTNER_TIMEOUT_SCALE: '3' },
    sqs,
    jobsQueueUrl: inject('queueUrls').jobs,
    // Short, so a test sees the shared breaker state without waiting seconds.
    breakerCacheMs: 100,
    ...(options.partners && { partners: options.partners }),
  });
}

export const registry = partnerRegistry;

export async function control(path: string, init: { method: string; body?: unknown }) {
  const response = await fetch(`${demoPartnerUrl}/_control/${path}`, {
    method: init.method,
    headers: { 'content-type': 'application/json' },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });
  if (!response.ok) throw new Error(`control ${path}: HTTP ${response.status}`);
  return response.json() as Promise<unknown>;
}

export const addFault = (fault: Record<string, unknown>) =>
  control('faults', { method: 'POST', body: fault });

export async function partnerCalls(operation: string): Promise<number> {
  const calls = (await control('calls', { method: 'GET' })) as Record<string, number>;
  return calls[operation] ?? 0;
}

export async function putSecret(name: string, value: unknown): Promise<void> {
  await secretsManager.send(
    new PutSecretValueCommand({ SecretId: name, SecretString: JSON.stringify(value) }),
  );
}

/** Breaker rows are shared by every environment; a test starts from a closed breaker. */
export async function resetBreakers(partner: string, operations: readonly string[]) {
  await Promise.all(
    operations.map((operation) =>
      dynamo.send(
        new DeleteItemCommand({
          TableName: tableName,
          Key: marshall(breakerKey({ partner, operation })),
        }),
      ),
    ),
  );
}

export const deadlineIn = (ms: number) => ({ at: Date.now() + ms });

export async function poll<T>(
  read: () => Promise<T | undefined>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined && done(value)) return value;
    if (Date.now() > giveUpAt) throw new Error(`poll: condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
