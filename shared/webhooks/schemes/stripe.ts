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

/**
 * Stripe-style `t=..,v1=<hex>[,v1=..]`. The key is the UTF-8 of the whole secret, `whsec_`
 * included (stripe-node), and unlike stripe-node future timestamps are rejected too.
 */
export const verifyStripeWebhook: SchemeVerifier = (
  delivery: SignedDelivery,
): WebhookVerification => {
  const header = delivery.header('stripe-signature');
  if (header === undefined) return fail('missing-header');

  let timestamp: string | undefined;
  const v1Signatures: string[] = [];
  for (const item of header.split(',')) {
    const separator = item.indexOf('=');
    if (separator < 0) continue;
    const key = item.slice(0, separator).trim();
    const value = item.slice(separator + 1).trim();
    if (key === 't') {
      // Two timestamps would let the MAC and the freshness check look at different values.
      if (timestamp !== undefined) return fail('malformed-header');
      timestamp = value;
    } else if (key === 'v1') {
      v1Signatures.push(value);
    }
  }
  const timestampSeconds = timestamp === undefined ? undefined : parseUnixSeconds(timestamp);
  if (timestamp === undefined || timestampSeconds === undefined) return fail('malformed-header');

  const authentic = delivery.secrets.some((secret) => {
    const expected = createHmac('sha256', secret)
      .update(`${timestamp}.`)
      .update(delivery.body)
      .digest('hex');
    return v1Signatures.some((candidate) => safeEqual(candidate, expected));
  });
  if (!authentic) return fail('bad-signature');
  return isWithinTolerance(timestampSeconds, delivery.nowSeconds) ? VALID : fail('stale-timestamp');
};
