import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import type { BreakerKey, BreakerState, BreakerStore } from './circuit-breaker.ts';

const storedStateSchema = z.object({
  state: z.enum(['closed', 'open', 'half-open']),
  failures: z.number(),
  windowStartedAt: z.number(),
  openedAt: z.number(),
  probeUntil: z.number(),
  version: z.number(),
});

/** Breaker rows outlive any open period by far, and vanish once nobody calls the operation. */
const breakerRowTtlSeconds = 7 * 24 * 3600;

/** `pk = breaker#<partner>`, `sk = <operation>` in ConversationState. */
export function dynamoBreakerStore(client: DynamoDBClient, tableName: string): BreakerStore {
  const key = (breaker: BreakerKey) =>
    marshall({ pk: `breaker#${breaker.partner}`, sk: breaker.operation });
  return {
    async load(breaker) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: key(breaker), ConsistentRead: true }),
      );
      if (!Item) return undefined;
      const parsed = storedStateSchema.safeParse(unmarshall(Item));
      return parsed.success ? parsed.data : undefined;
    },
    async save(breaker, state: BreakerState, expectedVersion) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall({
              ...unmarshall(key(breaker)),
              ...state,
              expiresAt: Math.floor(Date.now() / 1000) + breakerRowTtlSeconds,
            }),
            ConditionExpression:
              expectedVersion === 0
                ? 'attribute_not_exists(pk) OR version = :expected'
                : 'version = :expected',
            ExpressionAttributeValues: marshall({ ':expected': expectedVersion }),
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}
