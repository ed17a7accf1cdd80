import { createHmac } from 'node:crypto';
import {
  fail,
  isWithinTolerance,
  parseUnixSeconds,
  type SchemeVerifier,
  type SignedDelivery,
  safeEqual,
  VALID,
  type WebhookVerification,
} from './common.ts';

const SECRET_PREFIX = 'whsec_';

/** The key is the base64-decoded part after the optional `whsec_`, unlike Stripe's whole string. */
function decodeSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}

function sign(key: Buffer, id: string, timestamp: string, body: Buffer): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
}

/** Standard Webhooks v1 (HMAC-SHA256); `v1a` and unknown versions are skipped, as the spec asks. */
export const verifyStandardWebhook: SchemeVerifier = (
  delivery: SignedDelivery,
): WebhookVerification => {
  const id = delivery.header('webhook-id');
  const timestamp = delivery.header('webhook-timestamp');
  const signatureHeader = delivery.header('webhook-signature');
  if (id === undefined || timestamp === undefined || signatureHeader === undefined) {
    return fail('missing-header');
  }
  const timestampSeconds = parseUnixSeconds(timestamp);
  const entries = signatureHeader.split(' ').filter((entry) => entry !== '');
  if (id === '' || timestampSeconds === undefined || entries.length === 0) {
    return fail('malformed-header');
  }
  const v1Signatures = entries
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => entry.slice('v1,'.length));

  const authentic = delivery.secrets.some((secret) => {
    const key = decodeSecret(secret);
    if (key.length === 0) return false;
    const expected = sign(key, id, timestamp, delivery.body);
    return v1Signatures.some((candidate) => safeEqual(candidate, expected));
  });
  if (!authentic) return fail('bad-signature');
  // Checked after the MAC so `stale-timestamp` always means "genuine but too old/new" (skew or replay).
  return isWithinTolerance(timestampSeconds, delivery.nowSeconds) ? VALID : fail('stale-timestamp');
};

// A type alias (not an interface) so it can be passed straight to `verifyWebhook` as headers.
export type StandardWebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/**
 * Signs an outbound delivery with Standard Webhooks v1, so partners can verify it with any
 * reference library. Pass several secrets during rotation: one `v1,` entry is emitted per secret.
 * `timestamp` is a `Date` (not a number) so milliseconds can never be mistaken for seconds; it is
 * truncated to whole seconds. Keep `id` stable across retries and re-sign each attempt with the
 * attempt's time.
 */
export function signStandardWebhook({
  secret,
  id,
  timestamp,
  body,
}: {
  secret: string | readonly string[];
  id: string;
  timestamp: Date;
  body: string | Buffer;
}): StandardWebhookHeaders {
  const secrets = typeof secret === 'string' ? [secret] : secret;
  const seconds = Math.floor(timestamp.getTime() / 1000);
  if (secrets.length === 0 || !Number.isFinite(seconds) || id === '') {
    throw new TypeError('signStandardWebhook needs a secret, an id and a valid timestamp');
  }
  const timestampText = String(seconds);
  const bodyBytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const signature = secrets
    .map((s) => `v1,${sign(decodeSecret(s), id, timestampText, bodyBytes)}`)
    .join(' ');
  return { 'webhook-id': id, 'webhook-timestamp': timestampText, 'webhook-signature': signature };
}
