import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  signStandardWebhook,
  type VerifyWebhookInput,
  verifyWebhook,
  WEBHOOK_SCHEMES,
  type WebhookHeaders,
  type WebhookScheme,
} from '#shared/webhooks/index.ts';
import { propertyParameters } from '#test/support/fuzz.ts';

const headerNames = [
  'webhook-id',
  'Webhook-Timestamp',
  'WEBHOOK-SIGNATURE',
  'stripe-signature',
  'X-Hub-Signature-256',
  'x-hub-signature',
  'X-Shopify-Hmac-Sha256',
  'shopify-hmac-sha256',
  'X-Twilio-Signature',
  'content-type',
  '__proto__',
  'constructor',
  '',
];

const nowSeconds = fc.integer({ min: 1_763_700_000, max: 1_763_710_000 });
const signatureLike = (now: number) => {
  const b64 = fc
    .constantFrom(0, 20, 32, 33)
    .chain((length) =>
      fc
        .uint8Array({ minLength: length, maxLength: length })
        .map((bytes) => Buffer.from(bytes).toString('base64')),
    );
  const hex = fc
    .constantFrom(0, 31, 32)
    .chain((length) =>
      fc
        .uint8Array({ minLength: length, maxLength: length })
        .map((bytes) => Buffer.from(bytes).toString('hex')),
    );
  const timestamp = fc.integer({ min: now - 500, max: now + 500 }).map(String);
  return fc.oneof(
    fc.string({ maxLength: 40 }),
    b64.map((mac) => `v1,${mac}`),
    fc.tuple(b64, b64, b64).map(([a, b, c]) => `v1,${a} v2,${b} v1a,${c}`),
    fc.tuple(timestamp, hex, hex).map(([t, v1, v0]) => `t=${t},v1=${v1},v0=${v0}`),
    fc
      .tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 64 }))
      .map(([t, v]) => `t=${t},v1=${v}`),
    hex.map((mac) => `sha256=${mac}`),
    b64,
    timestamp,
    fc.tuple(fc.string({ maxLength: 10 }), b64).map(([text, mac]) => [text, `v1,${mac}`]),
    fc.constant([]),
    fc.constant(undefined),
  );
};

const garbageInput = (scheme: WebhookScheme): fc.Arbitrary<VerifyWebhookInput> =>
  nowSeconds.chain((now) =>
    fc.record({
      scheme: fc.constant(scheme),
      secrets: fc.array(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc
            .uint8Array({ maxLength: 40 })
            .map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`),
          fc.constant(''),
        ),
        { maxLength: 3 },
      ),
      headers: fc.dictionary(
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...headerNames) },
          fc.string({ maxLength: 20 }),
        ),
        signatureLike(now),
        { maxKeys: 8 },
      ) as fc.Arbitrary<WebhookHeaders>,
      rawBody: fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      ),
      url: fc.oneof(
        fc.constant('https://hooks.example.com/twilio/voice/status'),
        fc
          .uint8Array({ minLength: 32, maxLength: 32 })
          .map(
            (bytes) =>
              `https://hooks.example.com/x?bodySHA256=${Buffer.from(bytes).toString('hex')}`,
          ),
        fc
          .string({ maxLength: 10 })
          .map((path) => `https://hooks.example.com:443/${encodeURIComponent(path)}`),
      ),
      now: fc.constant(new Date(now * 1000)),
    }),
  );

describe('verifyWebhook fuzzing', () => {
  it.each(WEBHOOK_SCHEMES)(
    '%s: random garbage never throws and is never valid',
    (scheme) => {
      fc.assert(
        fc.property(garbageInput(scheme), (input) => {
          const result = verifyWebhook(input);
          // Well-typed input must never be valid, nor reach the internal catch-all.
          expect(result.valid).toBe(false);
          expect(result.valid === false && result.reason).not.toBe('invalid-input');
        }),
        propertyParameters(5),
      );
    },
    60_000,
  );

  it('ill-typed input (bypassing the types) is refused without throwing', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    const cases: unknown[] = [
      undefined,
      null,
      42,
      'standard-webhooks',
      hostile,
      { scheme: 'nope', secrets: ['s'], headers: {}, rawBody: '' },
      { scheme: '__proto__', secrets: ['s'], headers: {}, rawBody: '' },
      { scheme: 'toString', secrets: ['s'], headers: {}, rawBody: '' },
      { scheme: 'github', secrets: 's', headers: {}, rawBody: '' },
      { scheme: 'github', secrets: [1, null, {}], headers: {}, rawBody: '' },
      { scheme: 'github', secrets: ['s'], headers: null, rawBody: '' },
      { scheme: 'github', secrets: ['s'], headers: 'x', rawBody: '' },
      { scheme: 'github', secrets: ['s'], headers: { 'x-hub-signature-256': 5 }, rawBody: '' },
      { scheme: 'github', secrets: ['s'], headers: hostile, rawBody: '' },
      { scheme: 'github', secrets: ['s'], headers: {}, rawBody: undefined },
      { scheme: 'github', secrets: ['s'], headers: {}, rawBody: 12 },
      { scheme: 'stripe', secrets: ['s'], headers: {}, rawBody: '', now: 'yesterday' },
      { scheme: 'stripe', secrets: ['s'], headers: {}, rawBody: '', now: new Date(Number.NaN) },
      { scheme: 'twilio', secrets: ['s'], headers: {}, rawBody: '', url: 42 },
      { scheme: 'twilio', secrets: ['s'], headers: {}, rawBody: '', url: '::::' },
    ];
    for (const input of cases) {
      let result: ReturnType<typeof verifyWebhook> | undefined;
      expect(() => {
        result = verifyWebhook(input as VerifyWebhookInput);
      }).not.toThrow();
      expect(result?.valid).toBe(false);
    }
  });
});

/** One genuinely signed delivery per scheme, over a body whose every byte is covered. */
function signedDeliveries(body: Buffer, nowSeconds: number) {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const url = 'https://hooks.example.com/twilio/json';
  const hmac = (
    algorithm: string,
    key: string,
    data: Buffer | string,
    encoding: 'hex' | 'base64',
  ) => createHmac(algorithm, key).update(data).digest(encoding);
  const twilioUrl = `${url}?bodySHA256=${createHash('sha256').update(body).digest('hex')}`;
  const stripeSigned = Buffer.concat([Buffer.from(`${nowSeconds}.`), body]);
  const deliveries: Array<{ scheme: WebhookScheme; headers: WebhookHeaders; url?: string }> = [
    {
      scheme: 'standard-webhooks',
      headers: {
        ...signStandardWebhook({
          secret,
          id: 'msg_1',
          timestamp: new Date(nowSeconds * 1000),
          body,
        }),
      },
    },
    {
      scheme: 'stripe',
      headers: {
        'Stripe-Signature': `t=${nowSeconds},v1=${hmac('sha256', secret, stripeSigned, 'hex')}`,
      },
    },
    {
      scheme: 'github',
      headers: { 'X-Hub-Signature-256': `sha256=${hmac('sha256', secret, body, 'hex')}` },
    },
    {
      scheme: 'shopify',
      headers: { 'X-Shopify-Hmac-Sha256': hmac('sha256', secret, body, 'base64') },
    },
    {
      scheme: 'twilio',
      url: twilioUrl,
      headers: { 'X-Twilio-Signature': hmac('sha1', secret, twilioUrl, 'base64') },
    },
  ];
  return { secret, deliveries };
}

describe('property: any single-byte change to a signed body fails verification', () => {
  // Twilio form bodies are excluded by design: Twilio signs the decoded params, so `%2B` and
  // `%2b` are the same delivery (see twilio.test.ts). Its JSON variant hashes the raw bytes.
  const nowSeconds = 1_763_700_000;
  const now = new Date(nowSeconds * 1000);
  const body = Buffer.from(
    JSON.stringify({ type: 'order.shipped', id: 'evt_1', data: { order: 'ord_42', note: 'é😀' } }),
  );
  const { secret, deliveries } = signedDeliveries(body, nowSeconds);

  it.each(deliveries)('$scheme', ({ scheme, headers, url }) => {
    const base = { scheme, secrets: [secret], headers, url, now };
    expect(verifyWebhook({ ...base, rawBody: body })).toEqual({ valid: true });
    for (let position = 0; position < body.length; position++) {
      const mutated = Buffer.from(body);
      mutated[position] = (mutated[position] ?? 0) ^ (1 + ((position * 37) % 255));
      expect(verifyWebhook({ ...base, rawBody: mutated }), `byte ${position}`).toEqual({
        valid: false,
        reason: 'bad-signature',
      });
    }
    // Dropping or appending a byte is not a same-length change, but it must fail just the same.
    expect(verifyWebhook({ ...base, rawBody: body.subarray(1) }).valid).toBe(false);
    expect(verifyWebhook({ ...base, rawBody: Buffer.concat([body, Buffer.from(' ')]) }).valid).toBe(
      false,
    );
  });
});
