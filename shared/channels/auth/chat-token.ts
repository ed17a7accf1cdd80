/**
 * Chat callers prove who they are with a token the company's own site signs after its login:
 * `Authorization: Bearer <JWT>` with `sub` (the customer) and `phone_number` (E.164). Verified
 * with jose against a JWKS URL (RS256/ES256), else with an HS256 key from Secrets Manager.
 * No header is an anonymous chat; a header that does not verify is refused.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import * as z from 'zod';
import type { SecretsProvider } from '#shared/secrets/secrets-provider.ts';
import { normalizePhone } from '../phone.ts';
import { chatTokenSecret } from '../secrets.ts';
import { type Authenticator, bearerToken } from './types.ts';

const keySecretSchema = z.object({ hs256Key: z.string().min(32) });

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  phone_number: z.string().min(1),
});

export interface ChatTokenOptions {
  readonly secrets: SecretsProvider;
  /** `CHAT_JWKS_URL`, `CHAT_TOKEN_ISSUER`, `CHAT_TOKEN_AUDIENCE`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Replaces the JWKS URL's key set (tests). */
  readonly keySet?: JWTVerifyGetKey;
}

const challenge = 'Bearer realm="chat"';

export function chatTokenAuthenticator(options: ChatTokenOptions): Authenticator {
  const { env, secrets } = options;
  const jwksUrl = env.CHAT_JWKS_URL;
  const keySet = options.keySet ?? (jwksUrl ? createRemoteJWKSet(new URL(jwksUrl)) : undefined);
  const checks = {
    requiredClaims: ['exp', 'sub', 'phone_number'],
    ...(env.CHAT_TOKEN_ISSUER && { issuer: env.CHAT_TOKEN_ISSUER }),
    ...(env.CHAT_TOKEN_AUDIENCE && { audience: env.CHAT_TOKEN_AUDIENCE }),
  };

  async function verify(token: string) {
    if (keySet) {
      return jwtVerify(token, keySet, { ...checks, algorithms: ['RS256', 'ES256'] });
    }
    const { hs256Key } = keySecretSchema.parse(await secrets.get(chatTokenSecret));
    return jwtVerify(token, new TextEncoder().encode(hs256Key), {
      ...checks,
      algorithms: ['HS256'],
    });
  }

  return async (headers) => {
    if (headers.authorization === undefined) return { ok: true };
    const token = bearerToken(headers);
    if (token === undefined) {
      return { ok: false, problem: 'authorization is not a bearer token', challenge };
    }
    let payload: unknown;
    try {
      ({ payload } = await verify(token));
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'unknown';
      return { ok: false, problem: `chat token rejected (${reason})`, challenge };
    }
    const claims = claimsSchema.safeParse(payload);
    const phone = claims.success ? normalizePhone(claims.data.phone_number) : undefined;
    if (!claims.success || phone === undefined) {
      return { ok: false, problem: 'chat token lacks sub or an E.164 phone_number', challenge };
    }
    return { ok: true, principal: { kind: 'customer', subject: claims.data.sub, phone } };
  };
}
