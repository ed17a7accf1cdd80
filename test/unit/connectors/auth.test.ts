import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiKeyAuth } from '#shared/connectors/auth/api-key.ts';
import { basicAuth } from '#shared/connectors/auth/basic.ts';
import { bearerAuth } from '#shared/connectors/auth/bearer.ts';
import { hmacSignedAuth } from '#shared/connectors/auth/hmac-signed.ts';
import {
  oauth2ClientCredentialsAuth,
  tokenUseUntil,
} from '#shared/connectors/auth/oauth2-client-credentials.ts';
import type { AuthContext, OutgoingRequest } from '#shared/connectors/auth/types.ts';
import { PartnerCallError } from '#shared/connectors/errors.ts';
import { inMemorySecrets } from '#test/support/in-memory-secrets.ts';
import { scriptedFetch } from './fakes.ts';

const request: OutgoingRequest = {
  method: 'POST',
  url: new URL('https://payments.test/payments/payment-links?x=1'),
  headers: { accept: 'application/json' },
  body: '{"amount":100}',
};

function context(secretValue: unknown, overrides: Partial<AuthContext> = {}): AuthContext {
  return {
    partner: 'p',
    secretName: 'switchboard/p/api',
    baseUrl: 'https://p.test/api/',
    secrets: inMemorySecrets({ 'switchboard/p/api': secretValue }),
    fetch: scriptedFetch(() => ({ status: 500 })),
    nowMs: () => 1_700_000_000_000,
    tokens: new Map(),
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('static credentials', () => {
  it('bearer sends the token', async () => {
    const out = await bearerAuth.authorize(request, context({ token: 't0k' }), { refresh: false });
    expect(out.headers.authorization).toBe('Bearer t0k');
  });

  it('api key goes in the configured header', async () => {
    const out = await apiKeyAuth('X-Api-Key').authorize(request, context({ apiKey: 'k1' }), {
      refresh: false,
    });
    expect(out.headers['x-api-key']).toBe('k1');
  });

  it('basic encodes username:password', async () => {
    const out = await basicAuth.authorize(request, context({ username: 'u', password: 'p:w' }), {
      refresh: false,
    });
    expect(out.headers.authorization).toBe(`Basic ${Buffer.from('u:p:w').toString('base64')}`);
  });

  it('a malformed secret is a misconfiguration that names fields, not values', async () => {
    const error = await bearerAuth
      .authorize(request, context({ tokn: 'secret-value' }), { refresh: false })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PartnerCallError);
    expect(error).toMatchObject({ code: 'misconfigured' });
    expect((error as Error).message).toContain('token');
    expect((error as Error).message).not.toContain('secret-value');
  });

  it('re-reads the secret on refresh', async () => {
    const secrets = inMemorySecrets(
      { 'switchboard/p/api': { token: 'old' } },
      { staleUntilForced: true },
    );
    const ctx = context(undefined, { secrets });
    await bearerAuth.authorize(request, ctx, { refresh: false });
    secrets.set('switchboard/p/api', { token: 'new' });
    expect(
      (await bearerAuth.authorize(request, ctx, { refresh: false })).headers.authorization,
    ).toBe('Bearer old');
    expect(
      (await bearerAuth.authorize(request, ctx, { refresh: true })).headers.authorization,
    ).toBe('Bearer new');
  });
});

describe('hmac-signed (payments scheme)', () => {
  it('signs method, path with query, timestamp and body', async () => {
    const out = await hmacSignedAuth.authorize(
      request,
      context({ keyId: 'key-1', signingSecret: 's3cret' }),
      { refresh: false },
    );
    const timestamp = '1700000000';
    const expected = createHmac('sha256', 's3cret')
      .update(`POST\n/payments/payment-links?x=1\n${timestamp}\n{"amount":100}`)
      .digest('hex');
    expect(out.headers).toMatchObject({
      'x-key-id': 'key-1',
      'x-timestamp': timestamp,
      'x-signature': expected,
    });
  });
});

describe('oauth2 client credentials', () => {
  const tokenReply = (token: string) => ({
    status: 200,
    body: { access_token: token, token_type: 'Bearer', expires_in: 300 },
  });

  it('fetches a token with client_secret_basic and caches it', async () => {
    let issued = 0;
    const fetch = scriptedFetch(() => tokenReply(`at-${++issued}`));
    const auth = oauth2ClientCredentialsAuth('oauth/token', 'read');
    const ctx = context({ clientId: 'cid', clientSecret: 'cs' }, { fetch });
    const first = await auth.authorize(request, ctx, { refresh: false });
    const second = await auth.authorize(request, ctx, { refresh: false });
    expect(first.headers.authorization).toBe('Bearer at-1');
    expect(second.headers.authorization).toBe('Bearer at-1');
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.requests[0]).toMatchObject({
      method: 'POST',
      url: 'https://p.test/api/oauth/token',
      body: 'grant_type=client_credentials&scope=read',
    });
    expect(fetch.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('cid:cs').toString('base64')}`,
    );
  });

  it('fetches a new token shortly before expiry and on refresh', async () => {
    let issued = 0;
    let now = 1_000_000;
    const fetch = scriptedFetch(() => tokenReply(`at-${++issued}`));
    const auth = oauth2ClientCredentialsAuth('oauth/token');
    const ctx = context({ clientId: 'cid', clientSecret: 'cs' }, { fetch, nowMs: () => now });
    await auth.authorize(request, ctx, { refresh: false });
    now += 269_000; // 300 s token, dropped 30 s (10 %) early
    expect((await auth.authorize(request, ctx, { refresh: false })).headers.authorization).toBe(
      'Bearer at-1',
    );
    now += 2000;
    expect((await auth.authorize(request, ctx, { refresh: false })).headers.authorization).toBe(
      'Bearer at-2',
    );
    expect((await auth.authorize(request, ctx, { refresh: true })).headers.authorization).toBe(
      'Bearer at-3',
    );
  });

  it('drops tokens at most a minute early', () => {
    expect(tokenUseUntil(0, 3600)).toBe(3_540_000);
    expect(tokenUseUntil(0, 60)).toBe(54_000);
  });

  it('turns a rejected client into a typed auth error', async () => {
    const fetch = scriptedFetch(() => ({ status: 401, body: { error: 'invalid_client' } }));
    const error = await oauth2ClientCredentialsAuth('oauth/token')
      .authorize(request, context({ clientId: 'cid', clientSecret: 'wrong' }, { fetch }), {
        refresh: false,
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'auth', httpStatus: 401 });
  });
});
