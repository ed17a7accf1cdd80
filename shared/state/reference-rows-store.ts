import { BatchWriteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ReferenceRows } from '#shared/connectors/call-partner.ts';
import type { StateTable } from './table-access.ts';
import { type ReferenceItem, referenceRowKey } from './table-design.ts';

export interface ReferenceRowsStore extends ReferenceRows {
  /** Writes in batches, retrying what DynamoDB leaves unprocessed. */
  putAll(items: readonly ReferenceItem[]): Promise<void>;
}

/** DynamoDB's limit per BatchWriteItem. */
const batchSize = 25;
const maxAttempts = 5;

/** Data-table partners' rows, read one by key during a turn and loaded a file at a time. */
export function referenceRowsStore(table: StateTable): ReferenceRowsStore {
  const { dynamo, tableName } = table;
  return {
    async get(partition, rowKey) {
      const { Item } = await dynamo.send(
        new GetItemCommand({
          TableName: tableName,
          Key: marshall(referenceRowKey(partition, rowKey)),
        }),
      );
      if (!Item) return undefined;
      const { pk: _pk, sk: _sk, ...row } = unmarshall(Item);
      return row;
    },
    async putAll(items) {
      for (let start = 0; start < items.length; start += batchSize) {
        let pending = items.slice(start, start + batchSize).map((item) => ({
          PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) },
        }));
        for (let attempt = 0; pending.length > 0; attempt += 1) {
          if (attempt === maxAttempts) {
            throw new Error(`DynamoDB kept items unprocessed after ${maxAttempts} attempts`);
          }
          const { UnprocessedItems } = await dynamo.send(
            new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }),
          );
          pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
          if (pending.length > 0)
            await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
        }
      }
    },
  };
}
