import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '#shared/webhooks/index.ts';

const secret = 'whsec_acceptanceStripeSecretCurrent01';
const nextSecret = 'whsec_acceptanceStripeSecretNext0002';
const unrelated = 'whsec_somebodyElsesStripeSecret00000';
const t = 1763700000;
const body =
  '{\n  "id": "evt_1QAcceptanceTest0001",\n  "object": "event",\n  "type": "payment_intent.succeeded",\n  "created": 1763700000\n}';
const workedSignature = '785f73da5340c5a446ec2d8663468a4c7c4ca4467776d26a411bb9ca7d350ac7';
const at = (seconds: number) => new Date(seconds * 1000);

function referenceSign(key: string | Buffer, timestamp: number | string, signedBody = body) {
  return createHmac('sha256', key).update(`${timestamp}.${signedBody}`).digest('hex');
}

function verify(
  header: string | undefined,
  overrides: { secrets?: string[]; rawBody?: string | Buffer; now?: Date } = {},
) {
  return verifyWebhook({
    scheme: 'stripe',
    secrets: overrides.secrets ?? [secret],
    headers: { 'Stripe-Signature': header },
    rawBody: overrides.rawBody ?? body,
    now: overrides.now ?? at(t),
  });
}

const workedHeader = `t=${t},v1=${workedSignature}`;

describe('Stripe worked example', () => {
  it('accepts the worked example (pretty-printed body, string or Buffer)', () => {
    expect(verify(workedHeader)).toEqual({ valid: true });
    expect(verify(workedHeader, { rawBody: Buffer.from(body, 'utf8') })).toEqual({ valid: true });
  });

  it('accepts any header-name casing', () => {
    for (const name of ['stripe-signature', 'STRIPE-SIGNATURE', 'Stripe-Signature']) {
      const result = verifyWebhook({
        scheme: 'stripe',
        secrets: [secret],
        headers: { [name]: workedHeader },
        rawBody: body,
        now: at(t),
      });
      expect(result).toEqual({ valid: true });
    }
  });

  it('ignores the test-mode v0 entry and unknown entries', () => {
    expect(verify(`t=${t},v0=deadbeef,v1=${workedSignature},x=1`)).toEqual({ valid: true });
    expect(verify(`t=${t}, v1=${workedSignature}`)).toEqual({ valid: true });
  });

  it('rejects the body minified with JSON.parse/JSON.stringify (stripe-neg-reserialized-body)', () => {
    const minified = JSON.stringify(JSON.parse(body));
    expect(verify(workedHeader, { rawBody: minified })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a tampered body', () => {
    const tampered = body.replace('succeeded', 'failed');
    expect(verify(workedHeader, { rawBody: tampered })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a changed t (the signature covers it)', () => {
    expect(verify(`t=${t + 1},v1=${workedSignature}`)).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('rejects the wrong secret', () => {
    expect(verify(workedHeader, { secrets: [unrelated] })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a signature made with the base64-decoded secret (Standard Webhooks convention)', () => {
    const decodedKey = Buffer.from(secret.slice('whsec_'.length), 'base64');
    expect(verify(`t=${t},v1=${referenceSign(decodedKey, t)}`)).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
    // ...and the key is the whole string: dropping the prefix is also a mismatch.
    const withoutPrefix = referenceSign(secret.slice('whsec_'.length), t);
    expect(verify(`t=${t},v1=${withoutPrefix}`)).toEqual({ valid: false, reason: 'bad-signature' });
  });

  it('rejects upper-case hex, truncated and empty signatures', () => {
    for (const signature of [workedSignature.toUpperCase(), workedSignature.slice(0, -2), '']) {
      expect(verify(`t=${t},v1=${signature}`)).toEqual({ valid: false, reason: 'bad-signature' });
    }
  });

  it('rejects a header with only a v0 signature', () => {
    expect(verify(`t=${t},v0=${workedSignature}`)).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });
});

describe('Stripe timestamp window (strict, both directions)', () => {
  it.each([
    ['exactly 300 s old', t - 300, true],
    ['exactly 300 s in the future', t + 300, true],
    ['301 s old', t - 301, false],
    // stripe-node would accept this one (stripe-future-accepted-by-stripe-node); we do not.
    ['301 s in the future (stripe-future-strict)', t + 301, false],
  ])('%s', (_label, signedAt, accepted) => {
    const result = verify(`t=${signedAt},v1=${referenceSign(secret, signedAt)}`);
    expect(result).toEqual(
      accepted ? { valid: true } : { valid: false, reason: 'stale-timestamp' },
    );
  });
});

describe('Stripe rotation', () => {
  const oldEntry = `v1=${referenceSign(secret, t)}`;
  const newEntry = `v1=${referenceSign(nextSecret, t)}`;

  it.each([
    ['old only, receiver knows both', `t=${t},${oldEntry}`, [nextSecret, secret], true],
    ['new only, receiver knows both', `t=${t},${newEntry}`, [secret, nextSecret], true],
    ['both entries, receiver knows new', `t=${t},${oldEntry},${newEntry}`, [nextSecret], true],
    ['both entries, receiver knows old', `t=${t},${oldEntry},${newEntry}`, [secret], true],
    ['both entries, receiver knows neither', `t=${t},${oldEntry},${newEntry}`, [unrelated], false],
    ['new only, receiver knows old only', `t=${t},${newEntry}`, [secret], false],
  ])('%s', (_label, header, secrets, accepted) => {
    expect(verify(header, { secrets })).toEqual(
      accepted ? { valid: true } : { valid: false, reason: 'bad-signature' },
    );
  });
});

describe('Stripe malformed input', () => {
  it('missing header', () => {
    expect(verify(undefined)).toEqual({ valid: false, reason: 'missing-header' });
  });

  it.each([
    ['no t', `v1=${workedSignature}`],
    ['empty header', ''],
    ['non-integer t', `t=${t}.5,v1=${workedSignature}`],
    ['t in milliseconds-looking garbage', `t=1.7637e9,v1=${workedSignature}`],
    ['two t entries', `t=${t},t=${t + 1},v1=${workedSignature}`],
    ['no equals signs', 'garbage'],
  ])('%s is malformed', (_label, header) => {
    expect(verify(header)).toEqual({ valid: false, reason: 'malformed-header' });
  });

  it('no-secrets', () => {
    expect(verify(workedHeader, { secrets: [] })).toEqual({ valid: false, reason: 'no-secrets' });
  });
});
