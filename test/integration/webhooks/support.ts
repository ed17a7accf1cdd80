import { fileURLToPath } from 'node:url';
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { inject } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { localCredentials, localRegion } from '#infra/local/services/aws-local.ts';
import type { Topology } from '#infra/topology/types.ts';
import { control } from '../demo-partner/support.ts';

export const switchboardUrl = () => inject('switchboardUrl');
export const demoPartnerUrl = () => inject('demoPartnerUrl');

let dynamo: DynamoDBClient | undefined;
export function dynamoClient(): DynamoDBClient {
  dynamo ??= new DynamoDBClient({
    endpoint: inject('dynamoDbEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return dynamo;
}

// biome-ignore lint/suspicious/noExplicitAny: tests assert stored fields one by one
export type Item = Record<string, any>;

export async function getState(pk: string, sk: string): Promise<Item | undefined> {
  const { Item } = await dynamoClient().send(
    new GetItemCommand({
      TableName: 'ConversationState',
      Key: { pk: { S: pk }, sk: { S: sk } },
      ConsistentRead: true,
    }),
  );
  return Item && unmarshall(Item);
}

export async function queryState(pk: string, skPrefix = ''): Promise<Item[]> {
  const { Items = [] } = await dynamoClient().send(
    new QueryCommand({
      TableName: 'ConversationState',
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': { S: pk }, ':sk': { S: skPrefix } },
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => unmarshall(item));
}

/** Polls until `probe` returns a value other than undefined (async paths: queue → worker). */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 60_000, intervalMs = 200 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface EmitResult {
  eventId: string;
  deliveries: { status: number; body: Item }[];
}

export async function emit(request: Record<string, unknown>): Promise<EmitResult> {
  const response = await control<EmitResult>(demoPartnerUrl(), 'POST', 'emit', request);
  if (response.status !== 200) throw new Error(`emit failed: ${response.status} ${response.text}`);
  return response.body;
}

export const resetPartner = async () => {
  await control(demoPartnerUrl(), 'POST', 'reset');
};

/** The tier's own SQS emulator, for tests that run a second runtime beside the tier's. */
export const tierSqsClient = (): SQSClient =>
  new SQSClient({
    endpoint: inject('sqsEndpoint'),
    region: localRegion,
    credentials: localCredentials,
    useQueueUrlAsEndpoint: false,
  });

/**
 * A second Switchboard on the tier's DynamoDB Local and SQS emulator, with a topology of the
 * test's own (its queue, an injected crash), so it never takes the tier's messages.
 */
export function startSideRuntime(
  topology: Topology,
  secrets: Readonly<Record<string, unknown>>,
): Promise<LocalRuntime> {
  return startLocalRuntime({
    topology,
    projectRoot: fileURLToPath(new URL('../../..', import.meta.url)),
    host: '127.0.0.1',
    port: 0,
    dynamoDbPort: 0,
    sqsPort: 0,
    services: { dynamoDbEndpoint: inject('dynamoDbEndpoint'), sqsEndpoint: inject('sqsEndpoint') },
    secrets,
    log: () => undefined,
  });
}
