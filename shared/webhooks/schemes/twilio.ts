import { createHash, createHmac } from 'node:crypto';
import {
  fail,
  type SchemeVerifier,
  type SignedDelivery,
  safeEqual,
  VALID,
  type WebhookVerification,
} from './common.ts';

const ORIGIN_PATTERN = /^(https?):\/\/([^/?#]*)(.*)$/is;

/**
 * The URL as given plus the same URL with the default port added or removed: Twilio's backend
 * signs either form, so Twilio's own helper libraries accept both. Non-default ports stay as
 * given.
 */
export function twilioUrlVariants(url: string): string[] {
  const match = ORIGIN_PATTERN.exec(url);
  if (match === null) return [url];
  const [, protocol = '', authority = '', rest = ''] = match;
  const defaultPort = protocol.toLowerCase() === 'https' ? ':443' : ':80';
  if (authority.endsWith(defaultPort)) {
    return [url, `${protocol}://${authority.slice(0, -defaultPort.length)}${rest}`];
  }
  if (!/:[0-9]*$/.test(authority)) return [url, `${protocol}://${authority}${defaultPort}${rest}`];
  return [url];
}

/**
 * Every POST parameter sorted by name, as `name+value`. A repeated name contributes each distinct
 * value once, values sorted, as twilio-node (the reference implementation) does.
 */
export function twilioParamString(body: Buffer): string {
  const valuesByName = new Map<string, Set<string>>();
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
    const values = valuesByName.get(name) ?? new Set<string>();
    values.add(value);
    valuesByName.set(name, values);
  }
  let joined = '';
  for (const name of [...valuesByName.keys()].sort()) {
    for (const value of [...(valuesByName.get(name) ?? [])].sort()) joined += name + value;
  }
  return joined;
}

function bodySha256Param(url: string): string | null | undefined {
  try {
    return new URL(url).searchParams.get('bodySHA256');
  } catch {
    return undefined;
  }
}

/**
 * Twilio-style base64 HMAC-SHA1 keyed with the auth token over the URL the partner called plus
 * the sorted form params; for JSON bodies the URL carries `bodySHA256` instead of params, and the
 * body must hash to it.
 */
export const verifyTwilioWebhook: SchemeVerifier = (
  delivery: SignedDelivery,
): WebhookVerification => {
  const { url } = delivery;
  const bodyHash = url === undefined ? undefined : bodySha256Param(url);
  if (url === undefined || bodyHash === undefined) return fail('invalid-input');

  const signature = delivery.header('x-twilio-signature');
  if (signature === undefined) return fail('missing-header');
  if (signature === '') return fail('malformed-header');

  const signedSuffix = bodyHash === null ? twilioParamString(delivery.body) : '';
  const candidates = twilioUrlVariants(url).map((variant) => variant + signedSuffix);
  const authentic = delivery.secrets.some((token) =>
    candidates.some((data) =>
      safeEqual(signature, createHmac('sha1', token).update(data, 'utf8').digest('base64')),
    ),
  );
  if (!authentic) return fail('bad-signature');
  if (bodyHash !== null) {
    const actualHash = createHash('sha256').update(delivery.body).digest('hex');
    if (!safeEqual(bodyHash, actualHash)) return fail('bad-signature');
  }
  return VALID;
};
