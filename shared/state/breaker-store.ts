import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { BreakerState, BreakerStore } from '#shared/connectors/circuit-breaker.ts';
import type { StateTable } from './table-access.ts';
import { breakerItemSchema, breakerKey, breakerRowTtlSeconds, expiresAt } from './table-design.ts';

/** One row per partner operation, shared by every Lambda environment. */
export function breakerStore(table: StateTable): BreakerStore {
  const { dynamo, tableName } = table;
  return {
    async load(breaker) {
      const { Item } = await dynamo.send(
        new GetItemCommand({
          TableName: tableName,
          Key: marshall(breakerKey(breaker)),
          ConsistentRead: true,
        }),
      );
      if (!Item) return undefined;
      const parsed = breakerItemSchema.safeParse(unmarshall(Item));
      return parsed.success ? parsed.data : undefined;
    },
    async save(breaker, state: BreakerState, expectedVersion) {
      try {
        await dynamo.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall({
              ...breakerKey(breaker),
              ...state,
              expiresAt: expiresAt(Date.now(), breakerRowTtlSeconds),
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
