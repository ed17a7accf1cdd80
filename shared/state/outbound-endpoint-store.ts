import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DispatchDeps } from '#shared/outbound/dispatch.ts';
import type { StateTable } from './table-access.ts';
import { type OutboundEndpointItem, outboundEndpointKey } from './table-design.ts';

/** Endpoints that asked (with a 410) to receive no more webhooks, for every environment. */
export function outboundEndpointStore(
  table: StateTable,
): Pick<DispatchDeps, 'isDisabled' | 'disable'> {
  const { dynamo, tableName } = table;
  return {
    async isDisabled(endpoint) {
      const { Item } = await dynamo.send(
        new GetItemCommand({ TableName: tableName, Key: marshall(outboundEndpointKey(endpoint)) }),
      );
      return Item !== undefined && unmarshall(Item).disabled === true;
    },
    async disable(endpoint, reason, at) {
      const item: OutboundEndpointItem = {
        ...outboundEndpointKey(endpoint),
        disabled: true,
        reason,
        disabledAt: at.toISOString(),
      };
      await dynamo.send(new PutItemCommand({ TableName: tableName, Item: marshall(item) }));
    },
  };
}
