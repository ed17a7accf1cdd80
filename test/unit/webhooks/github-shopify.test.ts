import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '#shared/webhooks/index.ts';

describe('GitHub (X-Hub-Signature-256)', () => {
  const secret = 'acceptance-github-secret-9f3b2c';
  const body =
    '{"action":"opened","number":1347,"repository":{"full_name":"octocat/Hello-World"},"sender":{"login":"octocat"}}';
  const header = 'sha256=5d7c3745540ece8338f48783f79ddcee8c6376264aec75a8389ab0032d9bbcdd';
  const legacySha1 = 'sha1=e03072af7f634e5fe0d0438a1884cb90ed296156';

  function verify(
    headers: Record<string, string | undefined>,
    overrides: { secrets?: string[]; rawBody?: string | Buffer } = {},
  ) {
    return verifyWebhook({
      scheme: 'github',
      secrets: overrides.secrets ?? [secret],
      headers,
      rawBody: overrides.rawBody ?? body,
    });
  }

  it('accepts the official docs vector', () => {
    const result = verifyWebhook({
      scheme: 'github',
      secrets: ["It's a Secret to Everybody"],
      headers: {
        'X-Hub-Signature-256':
          'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      },
      rawBody: 'Hello, World!',
    });
    expect(result).toEqual({ valid: true });
  });

  it('accepts the worked example with any header casing and a Buffer body', () => {
    expect(verify({ 'X-Hub-Signature-256': header })).toEqual({ valid: true });
    expect(verify({ 'x-hub-signature-256': header })).toEqual({ valid: true });
    expect(verify({ 'X-HUB-SIGNATURE-256': header }, { rawBody: Buffer.from(body) })).toEqual({
      valid: true,
    });
  });

  it('needs no timestamp: the same delivery verifies at any time (dedup is the replay guard)', () => {
    const result = verifyWebhook({
      scheme: 'github',
      secrets: [secret],
      headers: { 'X-Hub-Signature-256': header },
      rawBody: body,
      now: new Date('2099-01-01T00:00:00Z'),
    });
    expect(result).toEqual({ valid: true });
  });

  it('rejects a tampered or re-serialised body', () => {
    expect(
      verify({ 'X-Hub-Signature-256': header }, { rawBody: body.replace('1347', '1348') }),
    ).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
    const pretty = JSON.stringify(JSON.parse(body), null, 2);
    expect(verify({ 'X-Hub-Signature-256': header }, { rawBody: pretty })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('rejects the wrong secret, a truncated and an upper-case signature', () => {
    expect(verify({ 'X-Hub-Signature-256': header }, { secrets: ['wrong'] })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
    expect(verify({ 'X-Hub-Signature-256': header.slice(0, -1) })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
    expect(verify({ 'X-Hub-Signature-256': `sha256=${header.slice(7).toUpperCase()}` })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('accepts rotation through the secrets list (GitHub sends one signature)', () => {
    expect(verify({ 'X-Hub-Signature-256': header }, { secrets: ['next-secret', secret] })).toEqual(
      { valid: true },
    );
    expect(verify({ 'X-Hub-Signature-256': header }, { secrets: ['next-secret'] })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('does not fall back to the legacy SHA-1 header', () => {
    expect(verify({ 'X-Hub-Signature': legacySha1 })).toEqual({
      valid: false,
      reason: 'missing-header',
    });
  });

  it.each([
    ['no prefix', header.slice('sha256='.length)],
    ['sha1 prefix', legacySha1],
    ['upper-case prefix', header.replace('sha256=', 'SHA256=')],
    ['empty', ''],
  ])('%s is malformed', (_label, value) => {
    expect(verify({ 'X-Hub-Signature-256': value })).toEqual({
      valid: false,
      reason: 'malformed-header',
    });
  });
});

describe('Shopify (X-Shopify-Hmac-Sha256)', () => {
  const secret = 'acceptance-shopify-client-secret-4d1e';
  const body =
    '{"id":820982911946154508,"email":"jon@example.com","total_price":"199.00","currency":"USD"}';
  const signature = '7D3XgyK+P8LIPuMT5YDGg+qDIJhvkvqoYNzNsy+zyQI=';

  function verify(
    headers: Record<string, string | undefined>,
    overrides: { secrets?: string[]; rawBody?: string | Buffer } = {},
  ) {
    return verifyWebhook({
      scheme: 'shopify',
      secrets: overrides.secrets ?? [secret],
      headers,
      rawBody: overrides.rawBody ?? body,
    });
  }

  it('accepts the worked example (string and Buffer body, any header casing)', () => {
    expect(verify({ 'X-Shopify-Hmac-Sha256': signature })).toEqual({ valid: true });
    expect(verify({ 'x-shopify-hmac-sha256': signature }, { rawBody: Buffer.from(body) })).toEqual({
      valid: true,
    });
  });

  it('accepts the unprefixed header of the newer Events deliveries', () => {
    expect(verify({ 'shopify-hmac-sha256': signature })).toEqual({ valid: true });
  });

  it('rejects the body re-serialised through JSON.parse (shopify-neg-reserialized-bigint)', () => {
    const reserialised = JSON.stringify(JSON.parse(body));
    expect(reserialised).toContain('820982911946154500');
    expect(verify({ 'X-Shopify-Hmac-Sha256': signature }, { rawBody: reserialised })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a tampered body, the wrong secret and a hex-encoded signature', () => {
    expect(
      verify({ 'X-Shopify-Hmac-Sha256': signature }, { rawBody: body.replace('199.00', '1.00') }),
    ).toEqual({ valid: false, reason: 'bad-signature' });
    expect(verify({ 'X-Shopify-Hmac-Sha256': signature }, { secrets: ['wrong'] })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
    const hex = Buffer.from(signature, 'base64').toString('hex');
    expect(verify({ 'X-Shopify-Hmac-Sha256': hex })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('accepts rotation through the secrets list', () => {
    const nextSecret = 'next-shopify-secret';
    const nextSignature = createHmac('sha256', nextSecret).update(body).digest('base64');
    expect(
      verify({ 'X-Shopify-Hmac-Sha256': nextSignature }, { secrets: [secret, nextSecret] }),
    ).toEqual({ valid: true });
    expect(verify({ 'X-Shopify-Hmac-Sha256': nextSignature }, { secrets: [secret] })).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('missing and empty headers', () => {
    expect(verify({})).toEqual({ valid: false, reason: 'missing-header' });
    expect(verify({ 'X-Shopify-Hmac-Sha256': '' })).toEqual({
      valid: false,
      reason: 'malformed-header',
    });
  });
});
