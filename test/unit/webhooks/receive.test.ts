import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inboundPartners } from '#shared/partners/index.ts';
import { makeEnqueueOnce } from '#shared/webhooks/enqueue-once.ts';
import type { EventMessage } from '#shared/webhooks/event-message.ts';
import { signStandardWebhook } from '#shared/webhooks/index.ts';
import {
  type EnqueueOutcome,
  type InboundRequest,
  type ReceiveDeps,
  receiveWebhook,
} from '#shared/webhooks/receive.ts';
import { MemoryPersistenceLayer } from '#test/unit/support/memory-idempotency.ts';

const now = new Date('2026-11-21T09:00:00.000Z');
const secrets: Record<string, string[]> = {
  'switchboard/shop/webhooks': [
    'whsec_wrqXcjmEguHTypW+CnhDoHJj3YB5CNkNXyXcuWVeR7k=',
    'whsec_9YAMEDbaJvOH+kZ6RcEx2PK5C8Dw+a4Gvytnh6h5eXQ=',
  ],
  'switchboard/payments/webhooks': ['whsec_9a28431bd91618697c7918705fa103d10a7456821f52caf8'],
  'switchboard/calendar/webhooks': ['gh_secret'],
  'switchboard/sms/webhooks': ['twilio_token'],
  'switchboard/tickets/webhooks': ['shpss_secret'],
};

function fakeDeps(overrides: Partial<ReceiveDeps> = {}) {
  const queued: EventMessage[] = [];
  const seen = new Set<string>();
  const logs: { message: string; fields: Record<string, unknown> }[] = [];
  const deps: ReceiveDeps = {
    partners: inboundPartners,
    inboundSecrets: async (name) => {
      const value = secrets[name];
      if (!value) throw new Error('missing');
      return value;
    },
    async enqueueOnce(message): Promise<EnqueueOutcome> {
      const key = `${message.partner}#${message.eventId}`;
      if (seen.has(key)) return 'duplicate';
      queued.push(message);
      seen.add(key);
      return 'queued';
    },
    now: () => now,
    log: {
      info: (message, fields) => logs.push({ message, fields }),
      warn: (message, fields) => logs.push({ message, fields }),
    },
    ...overrides,
  };
  return { deps, queued, logs };
}

const shopBody = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'order.status_changed',
    timestamp: '2026-11-21T08:59:59.000Z',
    data: {
      orderNumber: '10001',
      previousStatus: 'processing',
      status: 'shipped',
      customerPhone: '+15555550123',
      shipment: null,
      changedAt: '2026-11-21T08:59:59.000Z',
    },
    ...overrides,
  });

function shopRequest(
  options: { id?: string; body?: string; signedAt?: Date; secret?: string } = {},
): InboundRequest {
  const body = options.body ?? shopBody();
  const headers = signStandardWebhook({
    secret: options.secret ?? (secrets['switchboard/shop/webhooks']?.[0] as string),
    id: options.id ?? 'msg_1',
    timestamp: options.signedAt ?? now,
    body,
  });
  return {
    partner: 'shop',
    headers: { 'content-type': 'application/json', ...headers },
    rawBody: Buffer.from(body),
    publicUrl: 'https://hooks.example/webhooks/shop',
    correlationId: 'req-1',
  };
}

describe('receiveWebhook', () => {
  it('answers 202 only after the event is queued, with the partner event id', async () => {
    const { deps, queued } = fakeDeps();
    const response = await receiveWebhook(deps, shopRequest());
    expect(response).toEqual({ statusCode: 202, body: { received: true, id: 'msg_1' } });
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      partner: 'shop',
      eventId: 'msg_1',
      type: 'order.status_changed',
      receivedAt: now.toISOString(),
      correlationId: 'req-1',
      payload: { data: { orderNumber: '10001', status: 'shipped' } },
    });
  });

  it('answers 200 duplicate for an event id already accepted, without queueing again', async () => {
    const { deps, queued } = fakeDeps();
    await receiveWebhook(deps, shopRequest());
    const again = await receiveWebhook(deps, shopRequest());
    expect(again).toEqual({ statusCode: 200, body: { duplicate: true, id: 'msg_1' } });
    expect(queued).toHaveLength(1);
  });

  it('accepts a delivery signed with any active secret (rotation)', async () => {
    const { deps } = fakeDeps();
    const secret = secrets['switchboard/shop/webhooks']?.[1] as string;
    expect((await receiveWebhook(deps, shopRequest({ secret }))).statusCode).toBe(202);
  });

  it('answers 401 for a tampered body, a wrong secret, and a stale or future timestamp', async () => {
    const { deps, queued } = fakeDeps();
    const tampered = shopRequest();
    const tamperedBody = Buffer.from(shopBody({ type: 'order.status_changed ' }));
    expect((await receiveWebhook(deps, { ...tampered, rawBody: tamperedBody })).body).toMatchObject(
      { error: { code: 'invalid_signature' } },
    );
    const wrong = await receiveWebhook(
      deps,
      shopRequest({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
    );
    expect(wrong.statusCode).toBe(401);
    const stale = await receiveWebhook(
      deps,
      shopRequest({ signedAt: new Date(now.getTime() - 301_000) }),
    );
    expect(stale).toMatchObject({ statusCode: 401, body: { error: { code: 'stale_timestamp' } } });
    const future = await receiveWebhook(
      deps,
      shopRequest({ signedAt: new Date(now.getTime() + 301_000) }),
    );
    expect(future.statusCode).toBe(401);
    const unsigned = shopRequest();
    const noSignature = await receiveWebhook(deps, {
      ...unsigned,
      headers: { 'content-type': 'application/json' },
    });
    expect(noSignature.statusCode).toBe(401);
    expect(queued).toHaveLength(0);
  });

  it('answers 404 for an unknown partner, even one named like an Object property', async () => {
    const { deps } = fakeDeps();
    for (const partner of ['acme', '__proto__', 'constructor']) {
      const response = await receiveWebhook(deps, { ...shopRequest(), partner });
      expect(response).toMatchObject({
        statusCode: 404,
        body: { error: { code: 'unknown_partner' } },
      });
    }
  });

  it('answers 413 above the body limit before reading secrets', async () => {
    let secretReads = 0;
    const { deps } = fakeDeps({
      inboundSecrets: async () => {
        secretReads += 1;
        return [];
      },
    });
    const response = await receiveWebhook(deps, {
      ...shopRequest(),
      rawBody: Buffer.alloc(256 * 1024 + 1, 'a'),
    });
    expect(response).toMatchObject({
      statusCode: 413,
      body: { error: { code: 'payload_too_large' } },
    });
    expect(secretReads).toBe(0);
  });

  it('answers 415 for a content type the partner does not send', async () => {
    const { deps } = fakeDeps();
    const request = shopRequest();
    for (const contentType of ['text/plain', undefined, 'application/x-www-form-urlencoded']) {
      const response = await receiveWebhook(deps, {
        ...request,
        headers: { ...request.headers, 'content-type': contentType },
      });
      expect(response.statusCode).toBe(415);
    }
    const withCharset = await receiveWebhook(deps, {
      ...request,
      headers: { ...request.headers, 'Content-Type': 'application/json; charset=utf-8' },
    });
    expect(withCharset.statusCode).toBe(202);
  });

  it('answers 400 for a signed body that is not a JSON object, or has no event id', async () => {
    const { deps } = fakeDeps();
    for (const body of ['{not json', '[1,2]', '"text"', 'null']) {
      const response = await receiveWebhook(deps, shopRequest({ body }));
      expect(response).toMatchObject({
        statusCode: 400,
        body: { error: { code: 'unreadable_body' } },
      });
    }
    const payments = stripeRequest(JSON.stringify({ type: 'payment.completed' }));
    expect((await receiveWebhook(deps, payments)).body).toMatchObject({
      error: { code: 'missing_event_id' },
    });
  });

  it('answers 422 for an unknown event type or a schema violation, with paths only in logs', async () => {
    const { deps, queued, logs } = fakeDeps();
    const unknown = await receiveWebhook(
      deps,
      shopRequest({ body: shopBody({ type: 'order.deleted' }) }),
    );
    expect(unknown).toMatchObject({
      statusCode: 422,
      body: { error: { code: 'unknown_event_type' } },
    });
    const invalid = await receiveWebhook(
      deps,
      shopRequest({ id: 'msg_2', body: shopBody({ data: { orderNumber: 10001 } }) }),
    );
    expect(invalid).toMatchObject({
      statusCode: 422,
      body: { error: { code: 'invalid_payload' } },
    });
    expect(queued).toHaveLength(0);
    expect(JSON.stringify(logs)).not.toContain('+1555');
  });

  it('answers 503 when the queue write fails, and a retry then succeeds (real idempotency)', async () => {
    let failSends = 1;
    const sent: EventMessage[] = [];
    const { enqueueOnce } = makeEnqueueOnce({
      persistenceStore: () => new MemoryPersistenceLayer(),
      send: async (message) => {
        if (failSends > 0) {
          failSends -= 1;
          throw new Error('SQS unavailable');
        }
        sent.push(message);
      },
    });
    const { deps } = fakeDeps({ enqueueOnce });
    const first = await receiveWebhook(deps, shopRequest({ id: 'msg_retry' }));
    expect(first).toMatchObject({ statusCode: 503, body: { error: { code: 'unavailable' } } });
    expect(sent).toHaveLength(0);
    const retry = await receiveWebhook(deps, shopRequest({ id: 'msg_retry' }));
    expect(retry).toEqual({ statusCode: 202, body: { received: true, id: 'msg_retry' } });
    const duplicate = await receiveWebhook(deps, shopRequest({ id: 'msg_retry' }));
    expect(duplicate).toEqual({ statusCode: 200, body: { duplicate: true, id: 'msg_retry' } });
    expect(sent).toHaveLength(1);
    // Same id from another partner is another event.
    expect(
      (await enqueueOnce({ ...(sent[0] as EventMessage), partner: 'crm' })) satisfies string,
    ).toBe('queued');
  });

  it('answers 409 with Retry-After while the same event is being queued concurrently', async () => {
    const { deps } = fakeDeps({ enqueueOnce: async () => 'in-progress' });
    const response = await receiveWebhook(deps, shopRequest());
    expect(response).toMatchObject({ statusCode: 409, headers: { 'retry-after': '1' } });
  });

  it('answers 503 when the partner secrets cannot be read', async () => {
    const { deps } = fakeDeps({
      inboundSecrets: async () => {
        throw new Error('throttled');
      },
    });
    expect((await receiveWebhook(deps, shopRequest())).statusCode).toBe(503);
  });

  it('reads id and type per partner scheme: Stripe body, GitHub headers, Twilio form, Shopify topic', async () => {
    const { deps, queued } = fakeDeps();
    const stripe = await receiveWebhook(
      deps,
      stripeRequest(
        JSON.stringify(
          {
            id: 'evt_1',
            object: 'event',
            type: 'payment.completed',
            created: 1_700_000_000,
            data: {
              object: {
                id: 'plink_1',
                status: 'paid',
                orderNumber: '30003',
                paidAt: now.toISOString(),
              },
            },
          },
          null,
          2,
        ),
      ),
    );
    expect(stripe).toMatchObject({ statusCode: 202, body: { id: 'evt_1' } });

    const githubBody = JSON.stringify({
      action: 'confirmed',
      appointment: {
        id: 'apt_1',
        status: 'confirmed',
        start: '2026-11-22T10:00:00.000Z',
        customer: { name: 'John', phone: '+15555550123' },
        updatedAt: now.toISOString(),
      },
    });
    const github = await receiveWebhook(deps, {
      partner: 'calendar',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'appointment',
        'x-github-delivery': 'gh-guid-1',
        'x-hub-signature-256': `sha256=${createHmac('sha256', 'gh_secret').update(githubBody).digest('hex')}`,
      },
      rawBody: Buffer.from(githubBody),
      publicUrl: 'https://hooks.example/webhooks/calendar',
      correlationId: 'c',
    });
    expect(github).toMatchObject({ statusCode: 202, body: { id: 'gh-guid-1' } });

    const params = {
      MessageSid: 'SM1',
      MessageStatus: 'delivered',
      To: '+48500100200',
      From: '+15550000000',
    };
    const url = 'https://hooks.example/prod/webhooks/sms';
    const signed = Object.keys(params)
      .sort()
      .reduce((text, name) => text + name + params[name as keyof typeof params], url);
    const twilio = await receiveWebhook(deps, {
      partner: 'sms',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': createHmac('sha1', 'twilio_token').update(signed).digest('base64'),
      },
      rawBody: Buffer.from(new URLSearchParams(params).toString()),
      publicUrl: url,
      correlationId: 'c',
    });
    expect(twilio).toMatchObject({ statusCode: 202, body: { id: 'SM1:delivered' } });

    const ticketBody = JSON.stringify({
      id: 'TCK-1001',
      status: 'solved',
      updatedAt: now.toISOString(),
      comments: [{ body: 'private text' }],
    });
    const shopify = await receiveWebhook(deps, {
      partner: 'tickets',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': 'tickets/updated',
        'x-shopify-event-id': 'shopify-event-1',
        'x-shopify-hmac-sha256': createHmac('sha256', 'shpss_secret')
          .update(ticketBody)
          .digest('base64'),
      },
      rawBody: Buffer.from(ticketBody),
      publicUrl: 'https://hooks.example/webhooks/tickets',
      correlationId: 'c',
    });
    expect(shopify).toMatchObject({ statusCode: 202, body: { id: 'shopify-event-1' } });
    expect(queued.map((message) => message.type)).toEqual([
      'payment.completed',
      'appointment.confirmed',
      'sms.delivery_status',
      'ticket.updated',
    ]);
    // Fields no schema names (free-text comments) are not carried onto the queue.
    expect(JSON.stringify(queued[3]?.payload)).not.toContain('private text');
  });
});

function stripeRequest(body: string): InboundRequest {
  const t = Math.floor(now.getTime() / 1000);
  const secret = secrets['switchboard/payments/webhooks']?.[0] as string;
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return {
    partner: 'payments',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': `t=${t},v1=${v1}`,
    },
    rawBody: Buffer.from(body),
    publicUrl: 'https://hooks.example/webhooks/payments',
    correlationId: 'c',
  };
}
