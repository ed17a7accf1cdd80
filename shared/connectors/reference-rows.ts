import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ReferenceRows } from './call-partner.ts';

/** Reference rows live in ConversationState: `pk = reference#<table>`, `sk = <row key>`. */
export function dynamoReferenceRows(client: DynamoDBClient, tableName: string): ReferenceRows {
  return {
    async get(partition, rowKey) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: marshall({ pk: partition, sk: rowKey }) }),
      );
      if (!Item) return undefined;
      const { pk: _pk, sk: _sk, ...row } = unmarshall(Item);
      return row;
    },
  };
}
