import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { inject } from 'vitest';
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
