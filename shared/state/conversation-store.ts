/**
 * The engine's store: a turn reads its session with one GetItem and the caller's profile and news
 * with one Query, sent together, and writes them with one TransactWriteItems whose version
 * conditions make concurrent turns conflict, not overwrite.
 */
import {
  GetItemCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type ConversationStore,
  type SessionState,
  type Stored,
  type StoreLog,
  sessionStateSchema,
} from '#shared/conversation/state.ts';
import { customerStore } from './customer-store.ts';
import { parseJsonText, type StateTable, staleVersion, versionCondition } from './table-access.ts';
import { expiresAt, sessionItemSchema, sessionKey, sessionTtlSeconds } from './table-design.ts';

function readSession(
  raw: Record<string, unknown> | undefined,
  log: StoreLog,
): Stored<SessionState> {
  if (!raw) return {};
  const item = sessionItemSchema.safeParse(raw);
  const state = item.success ? parseJsonText(sessionStateSchema, item.data.state) : undefined;
  if (item.success && state) return { value: state, version: item.data.version };
  log.warn('corrupt conversation session; starting fresh', { item: 'session' });
  return staleVersion(raw);
}

const conflictCodes = new Set(['ConditionalCheckFailed', 'TransactionConflict']);

function isConflict(error: TransactionCanceledException): boolean {
  const reasons = error.CancellationReasons ?? [];
  return reasons.some((reason) => reason.Code !== undefined && conflictCodes.has(reason.Code));
}

export function conversationStore(
  table: StateTable & { readonly log: StoreLog },
): ConversationStore {
  const { dynamo, tableName, log } = table;
  const customers = customerStore(table);
  return {
    async load(key) {
      const [session, customer] = await Promise.all([
        dynamo.send(
          new GetItemCommand({
            TableName: tableName,
            Key: marshall(sessionKey(key.channel, key.sessionId, key.scope)),
            ConsistentRead: true,
          }),
        ),
        key.phone === undefined ? undefined : customers.load(key.phone, log),
      ]);
      return {
        session: readSession(session.Item && unmarshall(session.Item), log),
        customer: customer?.profile ?? {},
        news: customer?.news ?? [],
      };
    },

    async save(write) {
      const items: TransactWriteItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: marshall({
              ...sessionKey(write.key.channel, write.key.sessionId, write.key.scope),
              version: (write.session.version ?? 0) + 1,
              state: JSON.stringify(write.session.value),
              updatedAt: write.now,
              expiresAt: expiresAt(write.now, sessionTtlSeconds),
            }),
            ...versionCondition(write.session.version),
          },
        },
      ];
      const phone = write.key.phone;
      if (phone !== undefined) {
        if (write.customer) items.push(customers.profilePut(phone, write.customer, write.now));
        for (const news of write.takenNews) items.push(customers.newsTake(phone, news));
      }
      try {
        await dynamo.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return 'saved';
      } catch (error) {
        if (error instanceof TransactionCanceledException && isConflict(error)) return 'conflict';
        throw error;
      }
    },
  };
}
