import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PushedStates } from '#shared/connectors/freshness.ts';
import type { EntityWrite, StateStore } from '#shared/events/apply.ts';
import { putUnlessOlder, type StateTable } from './table-access.ts';
import { entityStateItemSchema, entityStateKey } from './table-design.ts';

/** The newest applied state of each partner entity (an order, a payment, an appointment). */
export function entityStateStore(
  table: StateTable,
): Pick<StateStore, 'putEntityIfNewer'> & PushedStates {
  return {
    putEntityIfNewer: (write: EntityWrite) =>
      putUnlessOlder(table, {
        ...entityStateKey(write.key),
        version: write.version,
        eventId: write.eventId,
        state: write.state,
        expiresAt: write.expiresAt,
      }),

    async latest(entity) {
      // Consistent: a turn right after the event-worker's write must see it.
      const { Item } = await table.dynamo.send(
        new GetItemCommand({
          TableName: table.tableName,
          Key: marshall(entityStateKey(entity)),
          ProjectionExpression: '#version, #state',
          ExpressionAttributeNames: { '#version': 'version', '#state': 'state' },
          ConsistentRead: true,
        }),
      );
      if (!Item) return undefined;
      const parsed = entityStateItemSchema.safeParse(unmarshall(Item));
      return parsed.success ? parsed.data : undefined;
    },
  };
}
