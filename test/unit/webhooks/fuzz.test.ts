import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signStandardWebhook,
  type VerifyWebhookInput,
  verifyWebhook,
  WEBHOOK_SCHEMES,
  type WebhookHeaders,
  type WebhookScheme,
} from '#shared/webhooks/index.ts';

// mulberry32: tiny, seeded, so any failure replays exactly.
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const bytes = (length: number) => Buffer.from(Array.from({ length }, () => int(256)));
  const text = (maxLength: number) => {
    const alphabets = [
      'abcdefghijklmnopqrstuvwxyz0123456789',
      ' ,.=;:+/_-v1tsha256',
      '\u0000\t\n\r"\'\\%&?#',
      'é😀\u2028\uffff',
    ];
    let out = '';
    for (let i = int(maxLength + 1); i > 0; i--) out += pick([...pick(alphabets)]);
    return out;
  };
  return { next, int, pick, bytes, text };
}

const HEADER_NAMES = [
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

function randomHeaderValue(random: ReturnType<typeof prng>, nowSeconds: number) {
  const b64 = () => random.bytes(random.pick([0, 20, 32, 33])).toString('base64');
  const hex = () => random.bytes(random.pick([0, 31, 32])).toString('hex');
  const timestamp = () => String(nowSeconds + random.int(1000) - 500);
  return random.pick([
    () => random.text(40),
    () => `v1,${b64()}`,
    () => `v1,${b64()} v2,${b64()} v1a,${b64()}`,
    () => `t=${timestamp()},v1=${hex()},v0=${hex()}`,
    () => `t=${random.text(12)},v1=${random.text(64)}`,
    () => `sha256=${hex()}`,
    () => b64(),
    () => timestamp(),
    () => [random.text(10), `v1,${b64()}`],
    () => [],
    () => undefined,
  ])();
}

function randomHeaders(random: ReturnType<typeof prng>, nowSeconds: number): WebhookHeaders {
  const headers: Record<string, string | string[] | undefined> = {};
  for (let i = random.int(8); i > 0; i--) {
    const name = random.next() < 0.8 ? random.pick(HEADER_NAMES) : random.text(20);
    Object.defineProperty(headers, name, {
      value: randomHeaderValue(random, nowSeconds),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  return headers;
}

function randomInput(random: ReturnType<typeof prng>, scheme: WebhookScheme): VerifyWebhookInput {
  const nowSeconds = 1_763_700_000 + random.int(10_000);
  const secrets = Array.from({ length: random.int(4) }, () =>
    random.pick([
      () => random.text(40),
      () => `whsec_${random.bytes(random.int(40)).toString('base64')}`,
      () => '',
    ])(),
  );
  const rawBody = random.next() < 0.5 ? random.text(200) : random.bytes(random.int(300));
  const url = random.pick([
    'https://hooks.example.com/twilio/voice/status',
    `https://hooks.example.com/x?bodySHA256=${random.bytes(32).toString('hex')}`,
    `https://hooks.example.com:443/${encodeURIComponent(random.text(10))}`,
  ]);
  return {
    scheme,
    secrets,
    headers: randomHeaders(random, nowSeconds),
    rawBody,
    url,
    now: new Date(nowSeconds * 1000),
  };
}

describe('verifyWebhook fuzzing', () => {
  it.each(WEBHOOK_SCHEMES)(
    '%s: random garbage never throws and is never valid',
    (scheme) => {
      const random = prng(0x5eed + scheme.length);
      const failures: string[] = [];
      for (let i = 0; i < 1000; i++) {
        const input = randomInput(random, scheme);
        try {
          const result = verifyWebhook(input);
          // Well-typed input must never be valid, nor reach the internal catch-all.
          if (result.valid || result.reason === 'invalid-input') {
            failures.push(`#${i} ${JSON.stringify(result)}`);
          }
        } catch (error) {
          failures.push(`#${i} threw ${String(error)}`);
        }
      }
      expect(failures).toEqual([]);
    },
    30_000,
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
  const random = prng(0xb0d1);
  const body = Buffer.from(
    JSON.stringify({ type: 'order.shipped', id: 'evt_1', data: { order: 'ord_42', note: 'é😀' } }),
  );
  const { secret, deliveries } = signedDeliveries(body, nowSeconds);

  it.each(deliveries)('$scheme', ({ scheme, headers, url }) => {
    const base = { scheme, secrets: [secret], headers, url, now };
    expect(verifyWebhook({ ...base, rawBody: body })).toEqual({ valid: true });
    for (let position = 0; position < body.length; position++) {
      const mutated = Buffer.from(body);
      mutated[position] = (mutated[position] ?? 0) ^ (1 + random.int(255));
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
