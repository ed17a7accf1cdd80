/** The stores' commands and error mapping over a stubbed client; DynamoDB itself is tested in integration. */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { breakerStore } from '#shared/state/breaker-store.ts';
import { customerStore } from '#shared/state/customer-store.ts';
import { entityStateStore } from '#shared/state/entity-state-store.ts';
import { jobStore } from '#shared/state/job-store.ts';
import { outboundEndpointStore } from '#shared/state/outbound-endpoint-store.ts';

function stubClient(respond: (command: unknown) => unknown) {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      return respond(command);
    },
  };
  return { table: { dynamo: client as unknown as DynamoDBClient, tableName: 'State' }, sent };
}

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'condition', $metadata: {} });

const putItem = (command: unknown) => unmarshall((command as PutItemCommand).input.Item ?? {});

describe('jobStore', () => {
  it('creates a pending record once and keeps one an earlier try created', async () => {
    let exists = false;
    const { table, sent } = stubClient(() => {
      if (exists) throw conditionFailed();
      exists = true;
      return {};
    });
    const store = jobStore(table);
    const job = {
      jobId: 'j-1',
      partner: 'shop',
      operation: 'getOrder',
      correlationId: 'c-1',
      createdAt: 1_000_000,
    };
    await store.createPending(job);
    await store.createPending(job);
    expect(sent).toHaveLength(2);
    expect(putItem(sent[0])).toEqual({
      pk: 'job#j-1',
      sk: 'job',
      ...job,
      status: 'pending',
      expiresAt: 1000 + 24 * 3600,
    });
    expect((sent[0] as PutItemCommand).input.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('lets any other failure through', async () => {
    const { table } = stubClient(() => {
      throw new Error('throttled');
    });
    await expect(
      jobStore(table).createPending({
        jobId: 'j-1',
        partner: 'shop',
        operation: 'getOrder',
        correlationId: 'c-1',
        createdAt: 0,
      }),
    ).rejects.toThrow('throttled');
  });

  it('reads the result back from its JSON text', async () => {
    const { table } = stubClient(() => ({
      Item: marshall({
        pk: 'job#j-1',
        sk: 'job',
        jobId: 'j-1',
        partner: 'shop',
        operation: 'getOrder',
        correlationId: 'c-1',
        status: 'succeeded',
        createdAt: 0,
        result: '{"status":"shipped"}',
      }),
    }));
    expect(await jobStore(table).get('j-1')).toMatchObject({
      status: 'succeeded',
      result: { status: 'shipped' },
    });
  });
});

describe('entity state and news', () => {
  it('write only over an older version or the same event', async () => {
    let stored = false;
    const { table, sent } = stubClient(() => {
      if (stored) throw conditionFailed();
      stored = true;
      return {};
    });
    const write = {
      key: 'order#1',
      version: '2026-11-21T09:00:00Z',
      eventId: 'evt-1',
      state: { status: 'shipped' },
      expiresAt: 1,
    };
    const store = entityStateStore(table);
    expect(await store.putEntityIfNewer(write)).toBe('applied');
    expect(await store.putEntityIfNewer(write)).toBe('stale');
    expect(putItem(sent[0])).toMatchObject({ pk: 'order#1', sk: 'state', eventId: 'evt-1' });
    expect((sent[0] as PutItemCommand).input.ConditionExpression).toBe(
      'attribute_not_exists(pk) OR #version < :version OR #eventId = :eventId',
    );

    await customerStore(table).putNewsIfNewer({
      customer: '+48500100200',
      entityKey: 'order#1',
      version: write.version,
      eventId: 'evt-1',
      kind: 'order.shipped',
      params: {},
      expiresAt: 1,
    });
    expect(putItem(sent[2])).toMatchObject({ pk: 'customer#+48500100200', sk: 'news#order#1' });
  });
});

describe('breakerStore', () => {
  it('saves with the version it read and ignores a row it cannot read', async () => {
    const { table, sent } = stubClient((command) => {
      if (command instanceof GetItemCommand) return { Item: marshall({ state: 'ajar' }) };
      throw conditionFailed();
    });
    const store = breakerStore(table);
    const key = { partner: 'shop', operation: 'getOrder' };
    expect(await store.load(key)).toBeUndefined();
    const state = {
      state: 'open' as const,
      failures: 5,
      windowStartedAt: 0,
      openedAt: 0,
      probeUntil: 0,
      version: 3,
    };
    expect(await store.save(key, state, 2)).toBe(false);
    expect(putItem(sent[1])).toMatchObject({ pk: 'breaker#shop', sk: 'getOrder', version: 3 });
  });
});

describe('outboundEndpointStore', () => {
  it('remembers a disabled endpoint for every environment', async () => {
    const items = new Map<string, Record<string, unknown>>();
    const { table } = stubClient((command) => {
      if (command instanceof PutItemCommand) {
        const item = putItem(command);
        items.set(item.pk, item);
        return {};
      }
      const key = unmarshall((command as GetItemCommand).input.Key ?? {});
      const item = items.get(key.pk);
      return { Item: item && marshall(item) };
    });
    const store = outboundEndpointStore(table);
    expect(await store.isDisabled('crm')).toBe(false);
    await store.disable('crm', 'endpoint answered 410 Gone', new Date('2026-11-21T09:00:00Z'));
    expect(await store.isDisabled('crm')).toBe(true);
    expect(items.get('outbound#crm')).toEqual({
      pk: 'outbound#crm',
      sk: 'subscription',
      disabled: true,
      reason: 'endpoint answered 410 Gone',
      disabledAt: '2026-11-21T09:00:00.000Z',
    });
  });
});
