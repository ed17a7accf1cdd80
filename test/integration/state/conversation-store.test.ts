/**
 * The engine's store against the integration tier's DynamoDB Local, with news and timeline items
 * written by the customer store as the event worker writes them in production.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import {
  type ConversationKey,
  freshSession,
  type SessionState,
} from '#shared/conversation/state.ts';
import { conversationStore } from '#shared/state/conversation-store.ts';
import { customerStore } from '#shared/state/customer-store.ts';
import { sessionKey, sessionTtlSeconds } from '#shared/state/table-design.ts';

const tableName = 'ConversationState';
const dynamo = new DynamoDBClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  endpoint: inject('dynamoDbEndpoint'),
});
const warnings: string[] = [];
const store = conversationStore({
  dynamo,
  tableName,
  log: { warn: (message) => warnings.push(message) },
});
const events = customerStore({ dynamo, tableName });

const now = Date.now();
/** Unique per test, so tests neither see each other's items nor earlier runs'. */
function keys(): ConversationKey & { phone: string } {
  return {
    channel: 'chat',
    sessionId: `it-${randomUUID()}`,
    phone: `+4850${String(randomInt(10_000_000)).padStart(7, '0')}`,
  };
}

const session = (overrides: Partial<SessionState> = {}): SessionState => ({
  ...freshSession(now),
  ...overrides,
});

describe('conversationStore', () => {
  it('reads nothing for a new caller', async () => {
    expect(await store.load(keys())).toEqual({ session: {}, customer: {}, news: [] });
  });

  it('writes session and profile together and reads them back with their versions', async () => {
    const key = keys();
    const written = session({
      intentsHandled: ['CheckOrderStatus'],
      memory: { LoyaltyBalance: { verified: true, nested: { at: 1 } } },
      pendingJobs: [{ jobId: 'job-1', skill: 'BookAppointment', context: { date: '2026-11-23' } }],
    });
    const profile = {
      record: { phone: key.phone, crmId: 'crm-1', locale: 'pl-PL' as const },
      pendingJobs: [{ jobId: 'job-2', skill: 'BookAppointment', context: {} }],
    };
    expect(
      await store.save({
        key,
        session: { value: written },
        customer: { value: profile },
        takenNews: [],
        now,
      }),
    ).toBe('saved');

    expect(await store.load(key)).toEqual({
      session: { value: written, version: 1 },
      customer: { value: profile, version: 1 },
      news: [],
    });
    const { Item } = await dynamo.send(
      new GetItemCommand({
        TableName: tableName,
        Key: marshall(sessionKey(key.channel, key.sessionId)),
      }),
    );
    expect(unmarshall(Item ?? {}).expiresAt).toBe(Math.floor(now / 1000) + sessionTtlSeconds);
  });

  it('refuses a write from a stale read, atomically', async () => {
    const key = keys();
    const profile = { record: { phone: key.phone }, pendingJobs: [] };
    await store.save({
      key,
      session: { value: session() },
      customer: { value: profile },
      takenNews: [],
      now,
    });
    await store.save({
      key,
      session: { value: session({ intentsHandled: ['A'] }), version: 1 },
      takenNews: [],
      now,
    });

    const stale = await store.save({
      key,
      session: { value: session({ intentsHandled: ['B'] }), version: 1 },
      customer: {
        value: { ...profile, record: { ...profile.record, crmId: 'C-stale' } },
        version: 1,
      },
      takenNews: [],
      now,
    });
    expect(stale).toBe('conflict');
    const loaded = await store.load(key);
    expect(loaded.session).toMatchObject({ version: 2, value: { intentsHandled: ['A'] } });
    expect(loaded.customer).toMatchObject({ version: 1, value: { record: { phone: key.phone } } });
    expect(loaded.customer.value?.record.crmId).toBeUndefined();

    const created = await store.save({
      key: keys(),
      session: { value: session(), version: 4 },
      takenNews: [],
      now,
    });
    expect(created).toBe('conflict');
  });

  it('reads the news with the profile (not the timeline) and removes news only as told', async () => {
    const key = keys();
    const news = (entityKey: string, eventId: string) =>
      events.putNewsIfNewer({
        customer: key.phone,
        entityKey,
        version: '2026-11-21T09:00:00Z',
        eventId,
        kind: 'order.shipped',
        params: { orderNumber: '12345' },
        expiresAt: Math.floor(now / 1000) + 3600,
      });
    await news('order#12345', 'evt-1');
    await news('payment#p-1', 'evt-2');
    await events.putTimeline({
      customer: key.phone,
      occurredAt: '2026-11-21T09:00:00Z',
      eventId: 'evt-1',
      partner: 'shop',
      type: 'order.status_changed',
      summary: 'shipped',
      entityKey: 'order#12345',
      expiresAt: Math.floor(now / 1000) + 3600,
    });

    const loaded = await store.load(key);
    expect(loaded.news).toEqual([
      {
        entityKey: 'order#12345',
        eventId: 'evt-1',
        kind: 'order.shipped',
        params: { orderNumber: '12345' },
      },
      {
        entityKey: 'payment#p-1',
        eventId: 'evt-2',
        kind: 'order.shipped',
        params: { orderNumber: '12345' },
      },
    ]);

    // A newer event replaced the news meanwhile: the turn must not remove what it did not tell.
    await events.putNewsIfNewer({
      customer: key.phone,
      entityKey: 'payment#p-1',
      version: '2026-11-21T10:00:00Z',
      eventId: 'evt-3',
      kind: 'payment.received',
      params: {},
      expiresAt: Math.floor(now / 1000) + 3600,
    });
    const raced = await store.save({
      key,
      session: { value: session() },
      takenNews: loaded.news,
      now,
    });
    expect(raced).toBe('conflict');

    const told = await store.save({
      key,
      session: { value: session() },
      takenNews: [{ entityKey: 'order#12345', eventId: 'evt-1' }],
      now,
    });
    expect(told).toBe('saved');
    expect((await store.load(key)).news).toEqual([
      { entityKey: 'payment#p-1', eventId: 'evt-3', kind: 'payment.received', params: {} },
    ]);

    // The told event delivered again (a worker that crashed before finishing) cannot tell it anew.
    await news('order#12345', 'evt-1');
    expect((await store.load(key)).news.map((item) => item.eventId)).toEqual(['evt-3']);
    // A newer event about the same order is news again.
    await events.putNewsIfNewer({
      customer: key.phone,
      entityKey: 'order#12345',
      version: '2026-11-22T09:00:00Z',
      eventId: 'evt-4',
      kind: 'order.delivered',
      params: { orderNumber: '12345' },
      expiresAt: Math.floor(now / 1000) + 3600,
    });
    expect((await store.load(key)).news.map((item) => item.eventId)).toEqual(['evt-4', 'evt-3']);
  });

  it('treats a corrupt session as fresh and overwrites it', async () => {
    const key = keys();
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall({
          ...sessionKey(key.channel, key.sessionId),
          version: 7,
          state: '{"startedAt": "not a number"',
        }),
      }),
    );
    const loaded = await store.load(key);
    expect(loaded.session).toEqual({ version: 7 });
    expect(warnings).toContain('corrupt conversation session; starting fresh');

    expect(
      await store.save({ key, session: { value: session(), version: 7 }, takenNews: [], now }),
    ).toBe('saved');
    expect((await store.load(key)).session).toEqual({ value: session(), version: 8 });
  });
});
