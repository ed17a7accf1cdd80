/**
 * Only Dialogflow CX may call its webhook: with the HTTP Basic credentials configured on the
 * webhook (kept in Secrets Manager), or with a Google ID token of the agent's service agent
 * (audience = the webhook URL). Anything else is refused before the body is read.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import * as z from 'zod';
import type { SecretsProvider } from '#shared/secrets/secrets-provider.ts';
import { dialogflowCxWebhookSecret } from '../secrets.ts';
import { type Authenticator, bearerToken } from './types.ts';

const basicSecretSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });

const googleIssuers = ['https://accounts.google.com', 'accounts.google.com'];
const googleJwksUrl = 'https://www.googleapis.com/oauth2/v3/certs';

const idTokenClaimsSchema = z.object({ email: z.string(), email_verified: z.literal(true) });

export interface DialogflowCxAuthOptions {
  readonly secrets: SecretsProvider;
  /**
   * `DIALOGFLOW_CX_SERVICE_AGENT` (the service agent's email) and `DIALOGFLOW_CX_AUDIENCE`
   * (the webhook URL) turn ID tokens on; `GOOGLE_JWKS_URL` overrides Google's key set.
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Replaces Google's key set (tests). */
  readonly keySet?: JWTVerifyGetKey;
}

const challenge = 'Basic realm="dialogflow-cx"';

/** Digests first, so the comparison takes the same time whatever the lengths. */
const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(expected).digest(),
  );

function basicCredentials(header: string | undefined) {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  return separator < 0
    ? undefined
    : { username: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}

export function dialogflowCxAuthenticator(options: DialogflowCxAuthOptions): Authenticator {
  const { env, secrets } = options;
  const serviceAgent = env.DIALOGFLOW_CX_SERVICE_AGENT;
  const audience = env.DIALOGFLOW_CX_AUDIENCE;
  const idTokens = serviceAgent && audience ? { serviceAgent, audience } : undefined;
  const keySet =
    options.keySet ??
    (idTokens && createRemoteJWKSet(new URL(env.GOOGLE_JWKS_URL ?? googleJwksUrl)));
  const refused = (problem: string) => ({ ok: false, problem, challenge }) as const;

  async function checkIdToken(token: string) {
    if (!idTokens || !keySet) return refused('ID tokens are not configured');
    try {
      const { payload } = await jwtVerify(token, keySet, {
        issuer: googleIssuers,
        audience: idTokens.audience,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
      });
      const claims = idTokenClaimsSchema.safeParse(payload);
      return claims.success && claims.data.email === idTokens.serviceAgent
        ? ({ ok: true, principal: { kind: 'platform' } } as const)
        : refused('ID token is not the configured service agent');
    } catch (error) {
      return refused(`ID token rejected (${error instanceof Error ? error.name : 'unknown'})`);
    }
  }

  return async (headers) => {
    const token = bearerToken(headers);
    if (token !== undefined) return checkIdToken(token);
    const given = basicCredentials(headers.authorization);
    if (given === undefined) return refused('no credentials');
    const expected = basicSecretSchema.parse(await secrets.get(dialogflowCxWebhookSecret));
    // Both compared, always: which one was wrong is not for the caller to time.
    const userOk = sameSecret(given.username, expected.username);
    const passwordOk = sameSecret(given.password, expected.password);
    return userOk && passwordOk
      ? { ok: true, principal: { kind: 'platform' } }
      : refused('wrong basic credentials');
  };
}
