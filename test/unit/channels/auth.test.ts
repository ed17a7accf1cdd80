import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { chatTokenAuthenticator } from '#shared/channels/auth/chat-token.ts';
import { dialogflowCxAuthenticator } from '#shared/channels/auth/dialogflow-cx.ts';
import { chatTokenSecret, dialogflowCxWebhookSecret } from '#shared/channels/secrets.ts';
import { inMemorySecrets } from '../../support/in-memory-secrets.ts';

const hs256Key = 'k'.repeat(40);
const secrets = inMemorySecrets({
  [chatTokenSecret]: { hs256Key },
  [dialogflowCxWebhookSecret]: { username: 'cx', password: 'cx-password' },
});

const hsToken = (
  claims: Record<string, unknown>,
  key = hs256Key,
  expiresIn: string | number = '5m',
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(key));

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('chat customer tokens', () => {
  const authenticate = chatTokenAuthenticator({ secrets, env: {} });

  it('no header is an anonymous chat; a valid token is the customer with their number', async () => {
    expect(await authenticate({})).toEqual({ ok: true });
    const token = await hsToken({ sub: 'C-1001', phone_number: '+48 500 100 200' });
    expect(await authenticate(bearer(token))).toEqual({
      ok: true,
      principal: { kind: 'customer', subject: 'C-1001', phone: '+48500100200' },
    });
  });

  it('refuses tampered, expired, unsigned, incomplete and non-bearer credentials', async () => {
    const claims = { sub: 'C-1001', phone_number: '+48500100200' };
    const refused = [
      bearer(await hsToken(claims, 'x'.repeat(40))),
      bearer(await hsToken(claims, hs256Key, Math.floor(Date.now() / 1000) - 10)),
      bearer(await hsToken({ sub: 'C-1001' })),
      bearer(await hsToken({ ...claims, phone_number: '500100200' })),
      bearer(
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, exp: 9e9 })).toString('base64url')}.`,
      ),
      { authorization: 'Basic Y3g6Y3g=' },
    ];
    for (const headers of refused) {
      const result = await authenticate(headers);
      expect(result.ok, JSON.stringify(headers)).toBe(false);
      expect(JSON.stringify(result)).not.toContain(headers.authorization.slice(7, 40));
    }
  });

  it('checks issuer and audience when configured, and RS256 tokens against a JWKS', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const keySet = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), alg: 'RS256' }] });
    const strict = chatTokenAuthenticator({
      secrets,
      env: { CHAT_TOKEN_ISSUER: 'https://shop.example', CHAT_TOKEN_AUDIENCE: 'switchboard' },
      keySet,
    });
    const signed = (issuer: string) =>
      new SignJWT({ sub: 'C-1', phone_number: '+15555550123' })
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(issuer)
        .setAudience('switchboard')
        .setExpirationTime('5m')
        .sign(privateKey);
    expect((await strict(bearer(await signed('https://shop.example')))).ok).toBe(true);
    expect((await strict(bearer(await signed('https://evil.example')))).ok).toBe(false);
    expect(
      (await strict(bearer(await hsToken({ sub: 'C-1', phone_number: '+15555550123' })))).ok,
    ).toBe(false);
  });
});

describe('Dialogflow CX webhook credentials', () => {
  const basic = (user: string, password: string) => ({
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  });

  it('accepts only the configured Basic credentials', async () => {
    const authenticate = dialogflowCxAuthenticator({ secrets, env: {} });
    expect(await authenticate(basic('cx', 'cx-password'))).toEqual({
      ok: true,
      principal: { kind: 'platform' },
    });
    for (const headers of [
      {},
      basic('cx', 'wrong'),
      basic('other', 'cx-password'),
      { authorization: 'Bearer x.y.z' },
    ]) {
      expect((await authenticate(headers)).ok).toBe(false);
    }
  });

  it('accepts a Google ID token of the configured service agent for this webhook only', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const keySet = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), alg: 'RS256' }] });
    const agent = 'service-123@gcp-sa-dialogflow.iam.gserviceaccount.com';
    const audience = 'https://api.example/channels/dialogflow-cx';
    const authenticate = dialogflowCxAuthenticator({
      secrets,
      env: { DIALOGFLOW_CX_SERVICE_AGENT: agent, DIALOGFLOW_CX_AUDIENCE: audience },
      keySet,
    });
    const idToken = (email: string, aud = audience) =>
      new SignJWT({ email, email_verified: true })
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer('https://accounts.google.com')
        .setAudience(aud)
        .setExpirationTime('5m')
        .sign(privateKey);
    expect((await authenticate(bearer(await idToken(agent)))).ok).toBe(true);
    expect((await authenticate(bearer(await idToken('someone@example.com')))).ok).toBe(false);
    expect((await authenticate(bearer(await idToken(agent, 'https://other.example')))).ok).toBe(
      false,
    );
  });
});
