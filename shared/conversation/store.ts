/**
 * ConversationState adapter for the engine. A turn reads with one GetItem (session) and one
 * Query (the caller's profile and news, one partition) sent together, and writes with one
 * TransactWriteItems whose version conditions make concurrent turns conflict, not overwrite.
 */
import {
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import {
  type CustomerProfile,
  customerRecordSchema,
  type NewsItem,
  newsItemSchema,
  pendingJobRefSchema,
  type SessionState,
  type Stored,
  sessionStateSchema,
  type Versioned,
} from './state.ts';
import type { ChannelName } from './types.ts';

export interface ConversationKey {
  readonly channel: ChannelName;
  readonly sessionId: string;
  /** E.164; without it there is no profile and no news. */
  readonly phone?: string;
}

export interface LoadedConversation {
  readonly session: Stored<SessionState>;
  /** Empty without a phone number. */
  readonly customer: Stored<CustomerProfile>;
  readonly news: readonly NewsItem[];
}

export interface ConversationWrite {
  readonly key: ConversationKey;
  readonly session: Versioned<SessionState>;
  /** Only when the turn changed the profile; `version` is the one read. */
  readonly customer?: Versioned<CustomerProfile>;
  /** News told this turn; removed only if still the same event. */
  readonly takenNews: readonly Pick<NewsItem, 'entityKey' | 'eventId'>[];
  readonly now: number;
}

export interface ConversationStore {
  load(key: ConversationKey): Promise<LoadedConversation>;
  /** `conflict`: someone else wrote first (or took the news); re-read and re-apply. */
  save(write: ConversationWrite): Promise<'saved' | 'conflict'>;
}

/** A corrupt item costs the caller their context, never the turn. */
export interface StoreLog {
  warn(message: string, fields: Record<string, unknown>): void;
}

export const sessionTtlSeconds = 24 * 3600;
/** Long enough for a PIN lock and a CRM link to outlast a conversation; no longer. */
export const profileTtlSeconds = 30 * 24 * 3600;

export const conversationKeys = {
  session: (channel: ChannelName, sessionId: string) => ({
    pk: `session#${channel}#${sessionId}`,
    sk: 'state',
  }),
  customer: (phone: string) => `customer#${phone}`,
  profileSk: 'profile',
  newsPrefix: 'news#',
};

const sessionItemSchema = z.object({ version: z.number().int(), state: z.string() });
const profileItemSchema = customerRecordSchema.extend({
  version: z.number().int(),
  pendingJobs: z.string(),
});

/** JSON text, as job results are: memory and job contexts may hold what DynamoDB rejects. */
const jsonText = (text: string): unknown => JSON.parse(text);

function readSession(
  raw: Record<string, unknown> | undefined,
  log: StoreLog,
): Stored<SessionState> {
  if (!raw) return {};
  const item = sessionItemSchema.safeParse(raw);
  const state = item.success ? safeJson(sessionStateSchema, item.data.state) : undefined;
  if (item.success && state) return { value: state, version: item.data.version };
  log.warn('corrupt conversation session; starting fresh', { item: 'session' });
  return staleVersion(raw);
}

/** Keeping a corrupt item's version lets the fresh state overwrite it. */
const staleVersion = (raw: Record<string, unknown>): Stored<never> =>
  typeof raw.version === 'number' ? { version: raw.version } : {};

function safeJson<T>(schema: z.ZodType<T>, text: string): T | undefined {
  try {
    const parsed = schema.safeParse(jsonText(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function readProfile(raw: Record<string, unknown>, log: StoreLog): Stored<CustomerProfile> {
  const item = profileItemSchema.safeParse(raw);
  const pendingJobs = item.success
    ? safeJson(z.array(pendingJobRefSchema), item.data.pendingJobs)
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
    entityKey: String(raw.sk).slice(conversationKeys.newsPrefix.length),
  });
  if (parsed.success) return parsed.data;
  log.warn('corrupt news item; skipped', { item: 'news' });
  return undefined;
}

/** New items must not exist yet; existing ones must still carry the version read. */
function versionCondition(version: number | undefined) {
  return version === undefined
    ? { ConditionExpression: 'attribute_not_exists(#version)' }
    : {
        ConditionExpression: '#version = :version',
        ExpressionAttributeValues: marshall({ ':version': version }),
      };
}

export function dynamoConversationStore(
  client: DynamoDBClient,
  tableName: string,
  log: StoreLog,
): ConversationStore {
  return {
    async load(key) {
      const { pk, sk } = conversationKeys.session(key.channel, key.sessionId);
      const [session, customer] = await Promise.all([
        client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: marshall({ pk, sk }),
            ConsistentRead: true,
          }),
        ),
        key.phone === undefined
          ? undefined
          : client.send(
              new QueryCommand({
                TableName: tableName,
                // `news#…` sorts before `profile`, and the timeline (`timeline#…`) after it.
                KeyConditionExpression: 'pk = :pk AND sk BETWEEN :news AND :profile',
                ExpressionAttributeValues: marshall({
                  ':pk': conversationKeys.customer(key.phone),
                  ':news': conversationKeys.newsPrefix,
                  ':profile': conversationKeys.profileSk,
                }),
                ConsistentRead: true,
              }),
            ),
      ]);
      let profile: Stored<CustomerProfile> = {};
      const news: NewsItem[] = [];
      for (const raw of customer?.Items ?? []) {
        const item = unmarshall(raw);
        if (item.sk === conversationKeys.profileSk) profile = readProfile(item, log);
        else if (String(item.sk).startsWith(conversationKeys.newsPrefix)) {
          const taken = readNews(item, log);
          if (taken) news.push(taken);
        }
      }
      return {
        session: readSession(session.Item && unmarshall(session.Item), log),
        customer: profile,
        news,
      };
    },

    async save(write) {
      const nowSeconds = Math.floor(write.now / 1000);
      const items: TransactWriteItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: marshall({
              ...conversationKeys.session(write.key.channel, write.key.sessionId),
              version: (write.session.version ?? 0) + 1,
              state: JSON.stringify(write.session.value),
              updatedAt: write.now,
              expiresAt: nowSeconds + sessionTtlSeconds,
            }),
            ExpressionAttributeNames: { '#version': 'version' },
            ...versionCondition(write.session.version),
          },
        },
      ];
      const phone = write.key.phone;
      if (write.customer && phone !== undefined) {
        const { record, pendingJobs } = write.customer.value;
        items.push({
          Put: {
            TableName: tableName,
            Item: marshall(
              {
                ...record,
                pk: conversationKeys.customer(phone),
                sk: conversationKeys.profileSk,
                phone,
                version: (write.customer.version ?? 0) + 1,
                pendingJobs: JSON.stringify(pendingJobs),
                updatedAt: write.now,
                expiresAt: nowSeconds + profileTtlSeconds,
              },
              { removeUndefinedValues: true },
            ),
            ExpressionAttributeNames: { '#version': 'version' },
            ...versionCondition(write.customer.version),
          },
        });
      }
      if (phone !== undefined) {
        for (const news of write.takenNews) {
          items.push({
            Delete: {
              TableName: tableName,
              Key: marshall({
                pk: conversationKeys.customer(phone),
                sk: `${conversationKeys.newsPrefix}${news.entityKey}`,
              }),
              ConditionExpression: '#eventId = :eventId',
              ExpressionAttributeNames: { '#eventId': 'eventId' },
              ExpressionAttributeValues: marshall({ ':eventId': news.eventId }),
            },
          });
        }
      }
      try {
        await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return 'saved';
      } catch (error) {
        if (error instanceof TransactionCanceledException && isConflict(error)) return 'conflict';
        throw error;
      }
    },
  };
}

const conflictCodes = new Set(['ConditionalCheckFailed', 'TransactionConflict']);

function isConflict(error: TransactionCanceledException): boolean {
  const reasons = error.CancellationReasons ?? [];
  return reasons.some((reason) => reason.Code !== undefined && conflictCodes.has(reason.Code));
}
