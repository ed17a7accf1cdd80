/**
 * A caller's partition: the profile every channel shares, the partner news not yet told, and the
 * timeline of partner events. Events write news and timeline; turns read profile and news with
 * one Query and write them inside the conversation store's transaction.
 */
import {
  ConditionalCheckFailedException,
  PutItemCommand,
  QueryCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import {
  type CustomerProfile,
  type NewsItem,
  pendingJobRefSchema,
  type Stored,
  type StoreLog,
  type Versioned,
} from '#shared/conversation/state.ts';
import type { NewsWrite, StateStore, TimelineEntry } from '#shared/events/apply.ts';
import { parseJsonText, type StateTable, staleVersion, versionCondition } from './table-access.ts';
import {
  customerPartition,
  customerSortKeys,
  expiresAt,
  newsItemSchema,
  newsKey,
  newsToldAttribute,
  profileItemSchema,
  profileKey,
  profileTtlSeconds,
  type TimelineItem,
  timelineKey,
} from './table-design.ts';

export interface CustomerState {
  /** Empty when nothing (valid) is stored. */
  readonly profile: Stored<CustomerProfile>;
  readonly news: readonly NewsItem[];
}

export interface CustomerStore extends Pick<StateStore, 'putTimeline' | 'putNewsIfNewer'> {
  /** The profile and the untold news (not the timeline), in one consistent read. */
  load(phone: string, log: StoreLog): Promise<CustomerState>;
  /** Transaction items, so a turn saves the profile and takes its news with its session. */
  profilePut(phone: string, profile: Versioned<CustomerProfile>, nowMs: number): TransactWriteItem;
  /**
   * Marks news told unless a newer event replaced it (or another turn told it) meanwhile. The
   * item stays as a tombstone, so a redelivery of its event cannot write it again.
   */
  newsTake(phone: string, news: Pick<NewsItem, 'entityKey' | 'eventId'>): TransactWriteItem;
}

function readProfile(raw: Record<string, unknown>, log: StoreLog): Stored<CustomerProfile> {
  const item = profileItemSchema.safeParse(raw);
  const pendingJobs = item.success
    ? parseJsonText(z.array(pendingJobRefSchema), item.data.pendingJobs)
    : undefined;
  if (item.success && pendingJobs) {
    const { version, pendingJobs: _text, ...record } = item.data;
    return { value: { record, pendingJobs }, version };
  }
  log.warn('corrupt customer profile; starting fresh', { item: 'profile' });
  return staleVersion(raw);
}

function readNews(raw: Record<string, unknown>, log: StoreLog): NewsItem | undefined {
  const parsed = newsItemSchema.safeParse({
    ...raw,
    entityKey: String(raw.sk).slice(customerSortKeys.newsPrefix.length),
  });
  if (parsed.success) return parsed.data;
  log.warn('corrupt news item; skipped', { item: 'news' });
  return undefined;
}

export function customerStore(table: StateTable): CustomerStore {
  const { dynamo, tableName } = table;
  return {
    async load(phone, log) {
      const { Items = [] } = await dynamo.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :news AND :profile',
          ExpressionAttributeValues: marshall({
            ':pk': customerPartition(phone),
            ':news': customerSortKeys.newsPrefix,
            ':profile': customerSortKeys.profile,
          }),
          ConsistentRead: true,
        }),
      );
      let profile: Stored<CustomerProfile> = {};
      const news: NewsItem[] = [];
      for (const raw of Items) {
        const item = unmarshall(raw);
        if (item.sk === customerSortKeys.profile) profile = readProfile(item, log);
        else if (
          String(item.sk).startsWith(customerSortKeys.newsPrefix) &&
          item[newsToldAttribute] === undefined
        ) {
          const readable = readNews(item, log);
          if (readable) news.push(readable);
        }
      }
      return { profile, news };
    },

    profilePut(phone, profile, nowMs) {
      const { record, pendingJobs } = profile.value;
      return {
        Put: {
          TableName: tableName,
          Item: marshall(
            {
              ...record,
              ...profileKey(phone),
              phone,
              version: (profile.version ?? 0) + 1,
              pendingJobs: JSON.stringify(pendingJobs),
              updatedAt: nowMs,
              expiresAt: expiresAt(nowMs, profileTtlSeconds),
            },
            { removeUndefinedValues: true },
          ),
          ...versionCondition(profile.version),
        },
      };
    },

    newsTake(phone, news) {
      return {
        Update: {
          TableName: tableName,
          Key: marshall(newsKey(phone, news.entityKey)),
          UpdateExpression: 'SET #told = :told',
          ConditionExpression: '#eventId = :eventId AND attribute_not_exists(#told)',
          ExpressionAttributeNames: { '#eventId': 'eventId', '#told': newsToldAttribute },
          ExpressionAttributeValues: marshall({ ':eventId': news.eventId, ':told': true }),
        },
      };
    },

    async putTimeline(entry: TimelineEntry) {
      const item: TimelineItem = {
        ...timelineKey(entry.customer, entry.occurredAt, entry.eventId),
        eventId: entry.eventId,
        partner: entry.partner,
        type: entry.type,
        summary: entry.summary,
        entityKey: entry.entityKey,
        occurredAt: entry.occurredAt,
        expiresAt: entry.expiresAt,
      };
      await dynamo.send(new PutItemCommand({ TableName: tableName, Item: marshall(item) }));
    },

    async putNewsIfNewer(news: NewsWrite) {
      try {
        await dynamo.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall({
              ...newsKey(news.customer, news.entityKey),
              version: news.version,
              eventId: news.eventId,
              kind: news.kind,
              params: news.params,
              expiresAt: news.expiresAt,
            }),
            // Newer news wins; the same event may rewrite its news only while it is untold.
            ConditionExpression:
              'attribute_not_exists(pk) OR #version < :version OR (#eventId = :eventId AND attribute_not_exists(#told))',
            ExpressionAttributeNames: {
              '#version': 'version',
              '#eventId': 'eventId',
              '#told': newsToldAttribute,
            },
            ExpressionAttributeValues: marshall({
              ':version': news.version,
              ':eventId': news.eventId,
            }),
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}
