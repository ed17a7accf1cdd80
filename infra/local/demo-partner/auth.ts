import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { PartnerContext } from './context.ts';
import { errorResponse, headerValue, type PartnerRequest, type PartnerResponse } from './http.ts';
import type { Authenticator } from './router.ts';

/**
 * Every credential problem is a 401 (missing, wrong, expired or stale); nothing here answers
 * 403, because none of these systems has per-credential permissions to refuse.
 */

/** Hashing first makes the comparison constant-time even when the lengths differ. */
export function safeEqual(received: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(received), digest(expected));
}

function unauthorized(code: string, message: string, challenge: string): PartnerResponse {
  return errorResponse(401, code, message, { headers: { 'www-authenticate': challenge } });
}

function bearerToken(req: PartnerRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(req, 'authorization') ?? '');
  return match?.[1];
}

export function staticBearer(
  realm: string,
  expectedToken: (ctx: PartnerContext) => string,
): Authenticator<PartnerContext> {
  return (req, ctx) => {
    const token = bearerToken(req);
    if (token === undefined) {
      return unauthorized(
        'missing_credentials',
        'Send Authorization: Bearer <token>.',
        `Bearer realm="${realm}"`,
      );
    }
    if (!safeEqual(token, expectedToken(ctx))) {
      return unauthorized(
        'invalid_credentials',
        'The bearer token is not valid.',
        `Bearer realm="${realm}", error="invalid_token"`,
      );
    }
    return undefined;
  };
}

export const crmAccessToken: Authenticator<PartnerContext> = (req, ctx) => {
  const token = bearerToken(req);
  const challenge = 'Bearer realm="crm"';
  if (token === undefined) {
    return unauthorized(
      'missing_credentials',
      'Send Authorization: Bearer <access_token> from POST /crm/oauth/token.',
      challenge,
    );
  }
  const expiresAt = ctx.state.crmTokens.get(token);
  if (expiresAt === undefined) {
    return unauthorized(
      'invalid_token',
      'The access token is not valid.',
      `${challenge}, error="invalid_token"`,
    );
  }
  if (ctx.now().getTime() >= expiresAt) {
    return unauthorized(
      'expired_token',
      'The access token expired; request a new one.',
      `${challenge}, error="invalid_token", error_description="The access token expired"`,
    );
  }
  return undefined;
};

export const calendarApiKey: Authenticator<PartnerContext> = (req, ctx) => {
  const apiKey = headerValue(req, 'x-api-key');
  if (apiKey === undefined) {
    return unauthorized(
      'missing_credentials',
      'Send the x-api-key header.',
      'ApiKey realm="calendar"',
    );
  }
  if (!safeEqual(apiKey, ctx.credentials.calendar.api.apiKey)) {
    return unauthorized(
      'invalid_credentials',
      'The API key is not valid.',
      'ApiKey realm="calendar"',
    );
  }
  return undefined;
};

const paymentsSignatureWindowSeconds = 300;

/** What a payments client signs: method, path with query, timestamp and raw body, one per line. */
function paymentsStringToSign(
  method: string,
  target: string,
  timestamp: string,
  rawBody: Buffer | string,
): string {
  return `${method.toUpperCase()}\n${target}\n${timestamp}\n${rawBody.toString()}`;
}

export const paymentsSignature: Authenticator<PartnerContext> = (req, ctx) => {
  const challenge = 'HMAC-SHA256 realm="payments", headers="x-key-id x-timestamp x-signature"';
  const keyId = headerValue(req, 'x-key-id');
  const timestamp = headerValue(req, 'x-timestamp');
  const signature = headerValue(req, 'x-signature');
  if (keyId === undefined || timestamp === undefined || signature === undefined) {
    return unauthorized(
      'missing_signature',
      'Sign the request: x-key-id, x-timestamp (Unix seconds) and x-signature (hex HMAC-SHA256).',
      challenge,
    );
  }
  const { keyId: expectedKeyId, signingSecret } = ctx.credentials.payments.api;
  if (!safeEqual(keyId, expectedKeyId)) {
    return unauthorized('invalid_credentials', 'Unknown key id.', challenge);
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  const ageSeconds = ctx.now().getTime() / 1000 - seconds;
  if (!Number.isFinite(ageSeconds) || Math.abs(ageSeconds) > paymentsSignatureWindowSeconds) {
    return unauthorized(
      'stale_timestamp',
      `x-timestamp must be Unix seconds within ${paymentsSignatureWindowSeconds} s of the server clock.`,
      challenge,
    );
  }
  const expected = createHmac('sha256', signingSecret)
    .update(paymentsStringToSign(req.method, req.target, timestamp, req.rawBody))
    .digest('hex');
  if (!safeEqual(signature.toLowerCase(), expected)) {
    return unauthorized('invalid_signature', 'The request signature does not match.', challenge);
  }
  return undefined;
};

export const ticketsBasicAuth: Authenticator<PartnerContext> = (req, ctx) => {
  const challenge = 'Basic realm="tickets", charset="UTF-8"';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headerValue(req, 'authorization') ?? '');
  if (!match?.[1]) {
    return unauthorized('missing_credentials', 'Send HTTP Basic credentials.', challenge);
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const username = separator >= 0 ? decoded.slice(0, separator) : decoded;
  const password = separator >= 0 ? decoded.slice(separator + 1) : '';
  const expected = ctx.credentials.tickets.api;
  // Both comparisons always run, so timing does not reveal which part was wrong.
  const usernameOk = safeEqual(username, expected.username);
  const passwordOk = safeEqual(password, expected.password);
  if (!usernameOk || !passwordOk) {
    return unauthorized('invalid_credentials', 'Wrong username or password.', challenge);
  }
  return undefined;
};
