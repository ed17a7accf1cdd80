import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type * as z from 'zod';
import type { EventDrivenItem } from './table-design.ts';

/** What every store is built from, once per Lambda environment. */
export interface StateTable {
  readonly dynamo: DynamoDBClient;
  /** ConversationState's physical name (`CONVERSATION_STATE_TABLE`). */
  readonly tableName: string;
}

/** Newer wins; the same event may rewrite its own item (a retry after a crash half-way). */
const newerOrSameEvent = 'attribute_not_exists(pk) OR #version < :version OR #eventId = :eventId';

/** `stale`: a newer event's item is stored, and stays. */
export async function putUnlessOlder(
  table: StateTable,
  item: EventDrivenItem & Record<string, unknown>,
): Promise<'applied' | 'stale'> {
  try {
    await table.dynamo.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: marshall(item, { removeUndefinedValues: true }),
        ConditionExpression: newerOrSameEvent,
        ExpressionAttributeNames: { '#version': 'version', '#eventId': 'eventId' },
        ExpressionAttributeValues: marshall({ ':version': item.version, ':eventId': item.eventId }),
      }),
    );
    return 'applied';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'stale';
    throw error;
  }
}

/** For a transaction: a new item must not exist yet; an existing one must carry the version read. */
export function versionCondition(version: number | undefined) {
  return version === undefined
    ? {
        ConditionExpression: 'attribute_not_exists(#version)',
        ExpressionAttributeNames: { '#version': 'version' },
      }
    : {
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: marshall({ ':version': version }),
      };
}

/** JSON text an item holds (a session, a profile's jobs); undefined when unreadable or invalid. */
export function parseJsonText<T>(schema: z.ZodType<T>, text: string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Keeping a corrupt item's version lets the fresh value overwrite it. */
export const staleVersion = (raw: Record<string, unknown>): { version?: number } =>
  typeof raw.version === 'number' ? { version: raw.version } : {};
