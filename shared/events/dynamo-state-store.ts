import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { EntityWrite, NewsWrite, StateStore, TimelineEntry } from './apply.ts';

/** Key layout in ConversationState (pk, sk). */
export const stateKeys = {
  entity: (key: string) => ({ pk: key, sk: 'state' }),
  timeline: (customer: string, occurredAt: string, eventId: string) => ({
    pk: `customer#${customer}`,
    sk: `timeline#${occurredAt}#${eventId}`,
  }),
  news: (customer: string, entityKey: string) => ({
    pk: `customer#${customer}`,
    sk: `news#${entityKey}`,
  }),
};

/** Newer wins; the same event may rewrite its own item (a retry after a crash half-way). */
const newerOrSameEvent = 'attribute_not_exists(pk) OR #version < :version OR #eventId = :eventId';

async function putUnlessOlder(
  client: DynamoDBClient,
  tableName: string,
  item: Record<string, unknown> & { version: string; eventId: string },
): Promise<'applied' | 'stale'> {
  try {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
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

export function dynamoStateStore(client: DynamoDBClient, tableName: string): StateStore {
  return {
    putEntityIfNewer: (write: EntityWrite) =>
      putUnlessOlder(client, tableName, {
        ...stateKeys.entity(write.key),
        version: write.version,
        eventId: write.eventId,
        state: write.state,
        expiresAt: write.expiresAt,
      }),
    async putTimeline(entry: TimelineEntry) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall({
            ...stateKeys.timeline(entry.customer, entry.occurredAt, entry.eventId),
            eventId: entry.eventId,
            partner: entry.partner,
            type: entry.type,
            summary: entry.summary,
            entityKey: entry.entityKey,
            occurredAt: entry.occurredAt,
            expiresAt: entry.expiresAt,
          }),
        }),
      );
    },
    async putNewsIfNewer(news: NewsWrite) {
      await putUnlessOlder(client, tableName, {
        ...stateKeys.news(news.customer, news.entityKey),
        version: news.version,
        eventId: news.eventId,
        kind: news.kind,
        params: news.params,
        expiresAt: news.expiresAt,
      });
    },
  };
}

export interface PendingNews {
  readonly entityKey: string;
  readonly kind: string;
  readonly params: Record<string, string | number>;
  readonly eventId: string;
}

/**
 * For the turn: the customer's unheard news, each removed as it is taken so it is said once.
 * The delete is conditioned on the event id, so news that changed meanwhile is not lost.
 */
export async function takeNews(
  client: DynamoDBClient,
  tableName: string,
  customer: string,
): Promise<PendingNews[]> {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :news)',
      ExpressionAttributeValues: marshall({ ':pk': `customer#${customer}`, ':news': 'news#' }),
      ConsistentRead: true,
    }),
  );
  const taken: PendingNews[] = [];
  for (const raw of Items) {
    const item = unmarshall(raw);
    try {
      await client.send(
        new DeleteItemCommand({
          TableName: tableName,
          Key: marshall({ pk: item.pk, sk: item.sk }),
          ConditionExpression: '#eventId = :eventId',
          ExpressionAttributeNames: { '#eventId': 'eventId' },
          ExpressionAttributeValues: marshall({ ':eventId': item.eventId }),
        }),
      );
      taken.push({
        entityKey: String(item.sk).slice('news#'.length),
        kind: item.kind,
        params: item.params,
        eventId: item.eventId,
      });
    } catch (error) {
      // Another turn took it, or newer news replaced it: either way not ours to say now.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  return taken;
}
