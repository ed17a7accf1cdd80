import * as z from 'zod';
import { PartnerCallError } from '../errors.ts';
import { readCredential } from './secret.ts';
import type { AuthContext, AuthStrategy, CachedAccessToken } from './types.ts';

const clientSecret = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) });

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive().optional(),
});

/** Tokens are dropped this long before they expire, so none expires in flight. */
export function tokenUseUntil(issuedAtMs: number, expiresInSeconds: number | undefined): number {
  const lifetimeMs = (expiresInSeconds ?? 300) * 1000;
  const marginMs = Math.min(60_000, lifetimeMs * 0.1);
  return issuedAtMs + lifetimeMs - marginMs;
}

/** Relative to the partner's base URL even when that URL has a path and no trailing slash. */
const tokenUrl = (baseUrl: string, tokenPath: string) =>
  new URL(tokenPath.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);

async function requestToken(
  context: AuthContext,
  tokenPath: string,
  scope: string | undefined,
  refresh: boolean,
): Promise<CachedAccessToken> {
  const credentials = await readCredential(context, clientSecret, refresh);
  const basic = Buffer.from(
    `${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`,
  ).toString('base64');
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scope) form.set('scope', scope);
  const issuedAt = context.nowMs();
  let response: Response;
  try {
    response = await context.fetch(tokenUrl(context.baseUrl, tokenPath), {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form.toString(),
      // The client secret is never replayed to wherever a redirect points.
      redirect: 'manual',
      signal: context.signal,
    });
  } catch (error) {
    const timedOut = context.signal.aborted;
    throw new PartnerCallError(
      timedOut ? 'timeout' : 'unavailable',
      `${context.partner} token request failed (${(error as Error).name})`,
      { cause: error },
    );
  }
  if (response.status === 400 || response.status === 401) {
    await response.body?.cancel();
    throw new PartnerCallError('auth', `${context.partner} rejected the client credentials`, {
      httpStatus: response.status,
    });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new PartnerCallError(
      'unavailable',
      `${context.partner} token endpoint answered ${response.status}`,
      {
        httpStatus: response.status,
      },
    );
  }
  const parsed = tokenResponse.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new PartnerCallError(
      'invalid-response',
      `${context.partner} token response is malformed`,
    );
  }
  return {
    value: parsed.data.access_token,
    useUntil: tokenUseUntil(issuedAt, parsed.data.expires_in),
  };
}

/**
 * OAuth2 client credentials (RFC 6749 §4.4, client_secret_basic). The token is cached for the
 * environment until shortly before it expires; after a 401 the cached token is dropped and the
 * client secret re-read, once.
 */
export function oauth2ClientCredentialsAuth(tokenPath: string, scope?: string): AuthStrategy {
  const pending = new Map<string, Promise<CachedAccessToken>>();
  return {
    async authorize(request, context, { refresh }) {
      const cached = context.tokens.get(context.partner);
      let token = !refresh && cached && cached.useUntil > context.nowMs() ? cached : undefined;
      if (!token) {
        // Concurrent turns in one environment share one token request.
        let inFlight = refresh ? undefined : pending.get(context.partner);
        if (!inFlight) {
          inFlight = requestToken(context, tokenPath, scope, refresh).finally(() =>
            pending.delete(context.partner),
          );
          pending.set(context.partner, inFlight);
        }
        token = await inFlight;
        context.tokens.set(context.partner, token);
      }
      return {
        ...request,
        headers: { ...request.headers, authorization: `Bearer ${token.value}` },
      };
    },
  };
}
