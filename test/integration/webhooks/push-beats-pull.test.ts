/**
 * Partner events against the running local runtime: answers never older than an applied event
 * on every channel, any valid body queued, Shopify's header spellings, replays under a new id,
 * and a caller waiting on a slow or dead partner.
 */
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { localCredentials, localRegion } from '#infra/local/services/aws-local.ts';
import { control } from '../demo-partner/support.ts';
import {
  demoPartnerUrl,
  dynamoClient,
  emit,
  eventually,
  getState,
  queryState,
  switchboardUrl,
} from './support.ts';

// biome-ignore lint/suspicious/noExplicitAny: replies are asserted field by field
type Json = Record<string, any>;

const lambda = new LambdaClient({
  endpoint: inject('switchboardUrl'),
  region: localRegion,
  credentials: localCredentials,
});
const runId = `${Date.now()}`;
const session = (label: string) => `${label}-${runId}-${Math.random().toString(36).slice(2, 8)}`;

afterEach(async () => {
  await control(demoPartnerUrl(), 'DELETE', 'faults');
});
/**
 * The shop's breaker is shared by the whole tier: earlier files, and the slow and dead partners
 * here, leave failures on it. Each of those tests, and the files after this one, start closed.
 */
async function closeShopBreaker(): Promise<void> {
  await dynamoClient().send(
    new DeleteItemCommand({
      TableName: 'ConversationState',
      Key: { pk: { S: 'breaker#shop' }, sk: { S: 'getOrder' } },
    }),
  );
}

afterAll(async () => {
  lambda.destroy();
  await closeShopBreaker();
});

async function chat(body: Json): Promise<Json> {
  const response = await fetch(`${switchboardUrl()}/channels/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale: 'en-US', ...body }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}
const chatText = (reply: Json) => reply.messages.map((message: Json) => message.text).join(' ');

async function invoke(functionName: string, event: unknown): Promise<Json> {
  const result = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(event) }),
  );
  expect(result.FunctionError).toBeUndefined();
  return JSON.parse(new TextDecoder().decode(result.Payload));
}

const lexOrderTurn = (sessionId: string, orderNumber: string) => ({
  messageVersion: '1.0',
  invocationSource: 'FulfillmentCodeHook',
  inputMode: 'Text',
  responseContentType: 'text/plain; charset=utf-8',
  sessionId,
  inputTranscript: '',
  bot: { id: 'SWBOT00001', name: 'Switchboard', aliasId: 'TSTALIASID', localeId: 'en_US' },
  interpretations: [{ intent: { name: 'CheckOrderStatus' } }],
  sessionState: {
    sessionAttributes: {},
    intent: {
      name: 'CheckOrderStatus',
      state: 'ReadyForFulfillment',
      confirmationState: 'None',
      slots: {
        orderNumber: {
          shape: 'Scalar',
          value: {
            originalValue: orderNumber,
            interpretedValue: orderNumber,
            resolvedValues: [orderNumber],
          },
        },
      },
    },
  },
});
const lexText = (reply: Json) => reply.messages.map((message: Json) => message.content).join(' ');

const connectOrderTurn = (contactId: string, orderNumber: string) => ({
  Name: 'ContactFlowEvent',
  Details: {
    ContactData: {
      ContactId: contactId,
      InitialContactId: contactId,
      Channel: 'VOICE',
      InitiationMethod: 'INBOUND',
      LanguageCode: 'en-US',
      CustomerEndpoint: null,
      Attributes: {},
    },
    Parameters: { intent: 'CheckOrderStatus', orderNumber },
  },
});

/** Emits a shop status change and waits until event-worker has applied it. */
async function shopEvent(orderNumber: string, data: Json): Promise<string> {
  const emitted = await emit({
    system: 'shop',
    type: 'order.status_changed',
    data: { orderNumber, ...data },
  });
  expect(emitted.deliveries[0]?.status).toBe(202);
  await eventually(async () => {
    const state = await getState(`order#${orderNumber}`, 'state');
    return state?.eventId === emitted.eventId ? state : undefined;
  });
  return emitted.eventId;
}

describe('an answer is never older than the newest applied event', () => {
  it('ask, emit a change, ask again at once: chat, Lex and Connect hear the change', async () => {
    const order = '30003';
    const chatSession = session('fresh-chat');
    await chat({
      sessionId: chatSession,
      intent: 'CheckOrderStatus',
      slots: { orderNumber: order },
    });
    await shopEvent(order, { status: 'processing' });
    const chatAgain = await chat({
      sessionId: chatSession,
      intent: 'CheckOrderStatus',
      slots: { orderNumber: order },
    });
    expect(chatText(chatAgain)).toMatch(/30003 is being prepared/);

    const lexSession = session('fresh-lex');
    await invoke('lex-fulfillment', lexOrderTurn(lexSession, order));
    await shopEvent(order, { status: 'shipped', carrier: 'DHL' });
    const lexAgain = await invoke('lex-fulfillment', lexOrderTurn(lexSession, order));
    expect(lexText(lexAgain)).toMatch(/30003 has shipped with DHL/);

    const contact = session('fresh-connect');
    await invoke('connect-fulfillment', connectOrderTurn(contact, order));
    await shopEvent(order, { status: 'out_for_delivery' });
    const connectAgain = await invoke('connect-fulfillment', connectOrderTurn(contact, order));
    expect(connectAgain.message).toMatch(/30003 is out for delivery/);
  });
});

describe('any valid signed body is queued', () => {
  it('accepts and applies events holding U+FFFF and an emoji; no queue refusal is a 5xx', async () => {
    for (const trackingNumber of ['JD\uffff0001', 'JD🎉0002']) {
      await shopEvent('40004', { status: 'out_for_delivery', trackingNumber });
      const state = await getState('order#40004', 'state');
      expect(state?.state.shipment.trackingNumber).toBe(trackingNumber);
    }
  });
});

describe('Shopify-style partners', () => {
  it('are accepted with either header spelling', async () => {
    for (const unprefixedHeaders of [false, true]) {
      const emitted = await emit({
        system: 'tickets',
        type: 'ticket.updated',
        data: { ticketId: 'TCK-1001', status: 'open' },
        unprefixedHeaders,
      });
      expect(emitted.deliveries.map((delivery) => delivery.status)).toEqual([202]);
    }
  });
});

describe('replays where the scheme signs no id nor time', () => {
  it('a GitHub-style delivery replayed with a new delivery id is a duplicate and changes nothing', async () => {
    const emitted = await emit({
      system: 'calendar',
      type: 'appointment.confirmed',
      data: { appointmentId: 'apt_seed_1001' },
      duplicates: 2,
      replayWithNewIds: true,
    });
    expect(emitted.deliveries.map((delivery) => delivery.status)).toEqual([202, 200, 200]);
    await eventually(async () => {
      const item = await getState('appointment#apt_seed_1001', 'state');
      return item?.eventId === emitted.eventId ? item : undefined;
    });
    // The seed appointment's customer.
    const timeline = await queryState('customer#+15555550123', 'timeline#');
    const replayIds = emitted.deliveries.slice(1).map((delivery) => delivery.body.id);
    expect(timeline.filter((entry) => replayIds.includes(entry.eventId))).toEqual([]);
    expect(timeline.filter((entry) => entry.eventId === emitted.eventId)).toHaveLength(1);
  });
});

describe('a caller waiting on a slow or dead partner', () => {
  beforeEach(async () => {
    await closeShopBreaker();
    // Each function environment trusts its copy of a breaker for up to 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
  });

  /** Polls the chat session until it stops being pending; the last reply. */
  async function pollUntilAnswered(sessionId: string): Promise<Json> {
    return eventually(
      async () => {
        const reply = await chat({ sessionId, action: 'poll' });
        return reply.outcome === 'pending' ? undefined : reply;
      },
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
  }

  it('a partner slower than the turn but working: "one moment", then the result', async () => {
    // An order no other test changes by an event, so the partner's answer is the result.
    // 2.5 s on Lambda; this tier multiplies partner timeouts by 3, so the latency is too.
    await control(demoPartnerUrl(), 'POST', 'faults', {
      target: 'shop.getOrder',
      latencyMs: 7_500,
    });
    const sessionId = session('slow');
    const first = await chat({
      sessionId,
      intent: 'CheckOrderStatus',
      slots: { orderNumber: '40004' },
    });
    expect(first.outcome).toBe('pending');
    expect(chatText(first)).toMatch(/One moment, I'm checking/);
    const answered = await pollUntilAnswered(sessionId);
    expect(chatText(answered)).toMatch(/40004 is out for delivery/);
  }, 150_000);

  it('a partner down for good: a definite answer once the bounded wait is over', async () => {
    await control(demoPartnerUrl(), 'POST', 'faults', { target: 'shop.getOrder', hang: true });
    const sessionId = session('dead');
    const first = await chat({
      sessionId,
      intent: 'CheckOrderStatus',
      slots: { orderNumber: '99999' },
    });
    expect(first.outcome).toBe('pending');
    const answered = await pollUntilAnswered(sessionId);
    expect(chatText(answered)).toMatch(/couldn't finish that in time.*connect you to an agent/);
  }, 150_000);
});
