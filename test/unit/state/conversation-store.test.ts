/** The store's parsing and conflict mapping over a stubbed client; DynamoDB itself is tested in integration. */
import {
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { freshSession } from '#shared/conversation/state.ts';
import { conversationStore } from '#shared/state/conversation-store.ts';

const phone = '+48500100200';
const key = { channel: 'lex' as const, sessionId: 's-1', phone };

function stubClient(respond: (command: unknown) => unknown) {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      return respond(command);
    },
  };
  return { client: client as unknown as DynamoDBClient, sent };
}

describe('conversationStore (stubbed client)', () => {
  it('reads session, profile and news in one round trip and drops corrupt parts with a warning', async () => {
    const { client, sent } = stubClient((command) => {
      if (command instanceof GetItemCommand) {
        return { Item: marshall({ pk: 'session#lex#s-1', sk: 'state', version: 3, state: '{' }) };
      }
      if (command instanceof QueryCommand) {
        return {
          Items: [
            marshall({
              pk: `customer#${phone}`,
              sk: 'news#order#1',
              eventId: 'e1',
              kind: 'order.shipped',
              params: { orderNumber: '1' },
            }),
            marshall({ pk: `customer#${phone}`, sk: 'news#order#2', eventId: 'e2' }),
            marshall({
              pk: `customer#${phone}`,
              sk: 'profile',
              version: 2,
              phone,
              locale: 'many',
              pendingJobs: '[]',
            }),
          ],
        };
      }
      throw new Error('unexpected command');
    });
    const warnings: string[] = [];
    const store = conversationStore({
      dynamo: client,
      tableName: 'ConversationState',
      log: { warn: (message, fields) => warnings.push(`${message} ${JSON.stringify(fields)}`) },
    });

    expect(await store.load(key)).toEqual({
      session: { version: 3 },
      customer: { version: 2 },
      news: [
        {
          entityKey: 'order#1',
          eventId: 'e1',
          kind: 'order.shipped',
          params: { orderNumber: '1' },
        },
      ],
    });
    expect(sent).toHaveLength(2);
    expect(warnings).toHaveLength(3);
    expect(warnings.join()).not.toContain('500100200');
  });

  it('maps a cancelled transaction to a conflict, and writes versions, TTLs and told news in one call', async () => {
    let cancel = true;
    const { client, sent } = stubClient((command) => {
      if (!(command instanceof TransactWriteItemsCommand)) throw new Error('unexpected command');
      if (cancel) {
        throw new TransactionCanceledException({
          message: 'cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
        });
      }
      return {};
    });
    const store = conversationStore({
      dynamo: client,
      tableName: 'ConversationState',
      log: { warn: () => undefined },
    });
    const write = {
      key,
      session: { value: freshSession(0), version: 3 },
      customer: { value: { record: { phone, crmId: 'crm-1' }, pendingJobs: [] } },
      takenNews: [{ entityKey: 'order#1', eventId: 'e1' }],
      now: 1_000_000,
    };
    expect(await store.save(write)).toBe('conflict');
    cancel = false;
    expect(await store.save(write)).toBe('saved');

    const items = (sent[1] as TransactWriteItemsCommand).input.TransactItems ?? [];
    expect(
      items.map((item) => item.Put?.ConditionExpression ?? item.Update?.ConditionExpression),
    ).toEqual([
      '#version = :version',
      'attribute_not_exists(#version)',
      '#eventId = :eventId AND attribute_not_exists(#told)',
    ]);
    expect(items[0]?.Put?.Item?.version).toEqual({ N: '4' });
    expect(items[0]?.Put?.Item?.expiresAt).toEqual({ N: String(1000 + 24 * 3600) });
    expect(items[1]?.Put?.Item?.pk).toEqual({ S: `customer#${phone}` });
  });
});
