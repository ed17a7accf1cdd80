/**
 * Every webhook scheme through the receiver's handler, with fast-check: genuinely signed
 * deliveries of mangled payloads, and deliveries with forged or missing signatures. A partner's
 * mistake is a 4xx that says what to fix, never a 5xx (which tells the partner to retry the
 * same broken delivery) and never a queued event unless the signature holds.
 */
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  signGitHub,
  signShopify,
  signStandardWebhook,
  signStripe,
  signTwilio,
} from '#infra/local/demo-partner/webhook-signers.ts';
import { inboundPartners } from '#shared/partners/index.ts';
import { makeWebhookHandler } from '#shared/webhooks/http-handler.ts';
import { hostileJson, nearlyValid, propertyParameters, trickyString } from '#test/support/fuzz.ts';
import { captureLogs, httpEvent, lambdaContext } from '../support/lambda.ts';

captureLogs();

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const now = new Date('2026-11-21T09:00:00Z');
const nowSeconds = Math.floor(now.getTime() / 1000);

function receiver() {
  let queued = 0;
  const handler = makeWebhookHandler({
    logger: new Logger({ serviceName: 'webhook-break-it' }),
    metrics: new Metrics({ namespace: 'switchboard-test', serviceName: 'webhook-break-it' }),
    receive: {
      partners: inboundPartners,
      inboundSecrets: async () => [secret],
      enqueueOnce: async () => {
        queued += 1;
        return 'queued';
      },
      now: () => now,
      log: new Logger({ serviceName: 'webhook-break-it' }),
    },
    idempotencyConfigs: [new IdempotencyConfig({})],
    publicBaseUrl: undefined,
  });
  const post = async (partner: string, headers: Record<string, string>, body: string) => {
    const event = {
      ...httpEvent(`POST /webhooks/${partner}`, body),
      routeKey: 'POST /webhooks/{partner}',
      pathParameters: { partner },
      headers,
    };
    const result = await handler(event, lambdaContext('webhook-receiver'));
    return Number(result.statusCode);
  };
  return { post, queued: () => queued };
}

const json = { 'content-type': 'application/json' };
const twilioUrl = 'https://api.example.com/webhooks/sms';

/** A delivery signed as the partner's scheme signs it, for any body. */
const signers: Readonly<
  Record<string, (body: unknown, id: string) => { headers: Record<string, string>; body: string }>
> = {
  'standard-webhooks': (payload, id) => {
    const body = JSON.stringify(payload ?? null);
    return {
      body,
      headers: {
        ...json,
        'webhook-id': id,
        'webhook-timestamp': String(nowSeconds),
        'webhook-signature': signStandardWebhook(secret, id, nowSeconds, body),
      },
    };
  },
  stripe: (payload) => {
    const body = JSON.stringify(payload ?? null);
    return { body, headers: { ...json, 'stripe-signature': signStripe(secret, nowSeconds, body) } };
  },
  github: (payload, id) => {
    const body = JSON.stringify(payload ?? null);
    return {
      body,
      headers: {
        ...json,
        'x-github-event': 'appointment',
        'x-github-delivery': id,
        'x-hub-signature-256': signGitHub(secret, body),
      },
    };
  },
  shopify: (payload, id) => {
    const body = JSON.stringify(payload ?? null);
    return {
      body,
      headers: {
        ...json,
        'x-shopify-topic': 'tickets/updated',
        'x-shopify-event-id': id,
        'x-shopify-hmac-sha256': signShopify(secret, body),
      },
    };
  },
  twilio: (payload) => {
    const params: Record<string, string> = {};
    if (payload !== null && typeof payload === 'object') {
      for (const [name, value] of Object.entries(payload)) {
        params[name] = typeof value === 'string' ? value : JSON.stringify(value);
      }
    }
    return {
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilio(secret, twilioUrl, params),
      },
    };
  },
};

/** Roughly what each scheme's partner sends, for near-valid mutations. */
const seedPayloads: Readonly<Record<string, readonly unknown[]>> = {
  'standard-webhooks': [
    {
      type: 'order.status_changed',
      timestamp: now.toISOString(),
      data: { orderNumber: '12345', status: 'shipped', changedAt: now.toISOString() },
    },
    { type: 'customer.updated', timestamp: now.toISOString(), data: { customerId: 'c1' } },
  ],
  stripe: [
    {
      id: 'evt_1',
      object: 'event',
      type: 'payment_intent.succeeded',
      created: nowSeconds,
      data: { object: { id: 'pi_1', amount: 1200, currency: 'pln' } },
    },
  ],
  github: [{ action: 'confirmed', appointment: { id: 'a1', start: now.toISOString() } }],
  shopify: [{ id: 7, status: 'open', updated_at: now.toISOString() }],
  twilio: [{ MessageSid: 'SM1', MessageStatus: 'delivered', AccountSid: 'AC1' }],
};

const partnersByScheme = Object.entries(inboundPartners).map(([partner, config]) => ({
  partner,
  scheme: config.scheme,
}));
const clientMistakes = [400, 401, 404, 409, 413, 415, 422];

describe('the webhook receiver under fuzzed deliveries', { timeout: 60_000 }, () => {
  it.each(partnersByScheme)(
    '$partner ($scheme): signed, mangled payloads are 2xx or 4xx',
    async ({ partner, scheme }) => {
      const sign = signers[scheme];
      const seeds = seedPayloads[scheme];
      if (!sign || !seeds) throw new Error(`no signer for ${scheme}`);
      const { post, queued } = receiver();
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof({ weight: 3, arbitrary: nearlyValid(seeds) }, hostileJson),
          fc.uuid(),
          async (payload, id) => {
            const delivery = sign(payload, id);
            const status = await post(partner, delivery.headers, delivery.body);
            expect([200, 202, ...clientMistakes]).toContain(status);
            if (status === 202) accepted += 1;
          },
        ),
        propertyParameters(0.5),
      );
      expect(queued()).toBe(accepted);
    },
  );

  it.each(partnersByScheme)(
    '$partner ($scheme): forged or unsigned deliveries are refused',
    async ({ partner, scheme }) => {
      const sign = signers[scheme];
      const seeds = seedPayloads[scheme];
      if (!sign || !seeds) throw new Error(`no signer for ${scheme}`);
      const { post, queued } = receiver();
      await fc.assert(
        fc.asyncProperty(
          nearlyValid(seeds),
          fc.uuid(),
          fc.dictionary(trickyString, trickyString, { maxKeys: 3 }),
          fc.constantFrom('tamper-body', 'drop-signature', 'noise-headers'),
          async (payload, id, noise, forgery) => {
            const delivery = sign(payload, id);
            const headers =
              forgery === 'noise-headers'
                ? { ...noise, 'content-type': delivery.headers['content-type'] ?? '' }
                : forgery === 'drop-signature'
                  ? Object.fromEntries(
                      Object.entries(delivery.headers).filter(([name]) => !/sig|hmac/.test(name)),
                    )
                  : delivery.headers;
            const body = forgery === 'tamper-body' ? `${delivery.body} ` : delivery.body;
            const status = await post(partner, headers, body);
            expect(clientMistakes).toContain(status);
            expect(status).not.toBe(409);
          },
        ),
        propertyParameters(0.5),
      );
      expect(queued()).toBe(0);
    },
  );
});
