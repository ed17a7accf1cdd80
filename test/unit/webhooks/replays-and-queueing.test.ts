import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inboundPartners } from '#shared/partners/index.ts';
import { makeEnqueueOnce } from '#shared/webhooks/enqueue-once.ts';
import type { EventMessage } from '#shared/webhooks/event-message.ts';
import { type InboundRequest, type ReceiveDeps, receiveWebhook } from '#shared/webhooks/receive.ts';
import {
  classifySendError,
  maxQueueMessageBytes,
  queueMessageBody,
  UnqueueableMessageError,
} from '#shared/workers/queue-message.ts';
import { MemoryPersistenceLayer } from '#test/unit/support/memory-idempotency.ts';

const now = new Date('2026-11-21T09:00:00.000Z');
const secrets: Record<string, string[]> = {
  'switchboard/calendar/webhooks': ['gh_secret'],
  'switchboard/tickets/webhooks': ['shpss_secret'],
};

/** The receiver with the real Powertools dedupe over memory, and a queue that can refuse. */
function receiver(send: (message: EventMessage) => Promise<void> = async () => undefined) {
  const sent: EventMessage[] = [];
  const { enqueueOnce } = makeEnqueueOnce({
    persistenceStore: () => new MemoryPersistenceLayer(),
    send: async (message) => {
      await send(message);
      sent.push(message);
    },
  });
  const deps: ReceiveDeps = {
    partners: inboundPartners,
    inboundSecrets: async (name) => secrets[name] ?? [],
    enqueueOnce,
    now: () => now,
    log: { info: () => undefined, warn: () => undefined },
  };
  return { receive: (request: InboundRequest) => receiveWebhook(deps, request), sent };
}

const appointmentBody = (name = 'John') =>
  JSON.stringify({
    action: 'confirmed',
    appointment: {
      id: 'apt_1',
      status: 'confirmed',
      start: '2026-11-22T10:00:00.000Z',
      customer: { name, phone: '+15555550123' },
      updatedAt: now.toISOString(),
    },
  });

function githubDelivery(deliveryId: string, body = appointmentBody()): InboundRequest {
  return {
    partner: 'calendar',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'appointment',
      'x-github-delivery': deliveryId,
      'x-hub-signature-256': `sha256=${createHmac('sha256', 'gh_secret').update(body).digest('hex')}`,
    },
    rawBody: Buffer.from(body),
    publicUrl: 'https://hooks.example/webhooks/calendar',
    correlationId: 'c',
  };
}

const ticketBody = JSON.stringify({ id: 'TCK-7', status: 'solved', updatedAt: now.toISOString() });

function shopifyDelivery(headers: Record<string, string>): InboundRequest {
  return {
    partner: 'tickets',
    headers: { 'content-type': 'application/json', ...headers },
    rawBody: Buffer.from(ticketBody),
    publicUrl: 'https://hooks.example/webhooks/tickets',
    correlationId: 'c',
  };
}
const shopifySignature = createHmac('sha256', 'shpss_secret').update(ticketBody).digest('base64');

describe('replays of deliveries whose signature covers no id nor time', () => {
  it('answers a captured GitHub delivery replayed under a new delivery id as a duplicate', async () => {
    const { receive, sent } = receiver();
    expect(await receive(githubDelivery('guid-original'))).toMatchObject({ statusCode: 202 });
    const replay = await receive(githubDelivery('guid-forged'));
    expect(replay).toEqual({ statusCode: 200, body: { duplicate: true, id: 'guid-forged' } });
    expect(sent).toHaveLength(1);
  });

  it('still accepts a different body under a new id', async () => {
    const { receive, sent } = receiver();
    await receive(githubDelivery('guid-a'));
    expect(await receive(githubDelivery('guid-b', appointmentBody('Jane')))).toMatchObject({
      statusCode: 202,
    });
    expect(sent).toHaveLength(2);
  });

  it('lets the partner retry after a failed enqueue, under either record', async () => {
    let failures = 1;
    const { receive, sent } = receiver(async () => {
      if (failures-- > 0) throw new Error('SQS unavailable');
    });
    expect(await receive(githubDelivery('guid-retry'))).toMatchObject({ statusCode: 503 });
    expect(await receive(githubDelivery('guid-retry'))).toMatchObject({ statusCode: 202 });
    expect(sent).toHaveLength(1);
  });
});

describe('Shopify header spellings', () => {
  it('reads the id and topic from the X-Shopify- and the Shopify- spellings', async () => {
    const classic = await receiver().receive(
      shopifyDelivery({
        'x-shopify-topic': 'tickets/updated',
        'x-shopify-event-id': 'evt-classic',
        'x-shopify-hmac-sha256': shopifySignature,
      }),
    );
    expect(classic).toMatchObject({ statusCode: 202, body: { id: 'evt-classic' } });
    const current = await receiver().receive(
      shopifyDelivery({
        'shopify-topic': 'tickets/updated',
        'shopify-event-id': 'evt-current',
        'shopify-hmac-sha256': shopifySignature,
      }),
    );
    expect(current).toMatchObject({ statusCode: 202, body: { id: 'evt-current' } });
  });
});

describe('what goes on a queue', () => {
  it('is ASCII JSON that reads back unchanged, whatever the characters', () => {
    const value = { text: 'zażółć 你好 \uffff\ufffe 🎉 \u0000', nested: ['\ud800'] };
    const body = queueMessageBody(value);
    expect(body).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(body)).toEqual(value);
  });

  it('refuses a message over the queue limit as permanent', () => {
    expect(() => queueMessageBody({ text: 'ж'.repeat(maxQueueMessageBytes / 6) })).toThrow(
      UnqueueableMessageError,
    );
  });

  it('tells SQS refusals of the message from failures a retry can fix', () => {
    const named = (name: string, message = '') => Object.assign(new Error(message), { name });
    expect(() => classifySendError(named('InvalidMessageContents'))).toThrow(
      UnqueueableMessageError,
    );
    expect(() =>
      classifySendError(
        named('InvalidParameterValue', 'Message must be shorter than 262144 bytes.'),
      ),
    ).toThrow(UnqueueableMessageError);
    expect(() => classifySendError(named('InvalidParameterValue', 'bad queue url'))).toThrow(
      /bad queue url/,
    );
    expect(() => classifySendError(named('ThrottlingException'))).not.toThrow(
      UnqueueableMessageError,
    );
  });

  it('answers a permanent queue refusal with 413 or 422, never 5xx, and lets a retry through', async () => {
    let refusal: Error | undefined = new UnqueueableMessageError('invalid-contents', 'refused');
    const { receive, sent } = receiver(async () => {
      if (refusal) throw refusal;
    });
    expect(await receive(githubDelivery('guid-refused'))).toMatchObject({
      statusCode: 422,
      body: { error: { code: 'unqueueable_event' } },
    });
    refusal = new UnqueueableMessageError('too-large', 'The message is 300000 bytes');
    expect(await receive(githubDelivery('guid-refused'))).toMatchObject({
      statusCode: 413,
      body: { error: { code: 'payload_too_large' } },
    });
    refusal = undefined;
    expect(await receive(githubDelivery('guid-refused'))).toMatchObject({ statusCode: 202 });
    expect(sent).toHaveLength(1);
  });
});
