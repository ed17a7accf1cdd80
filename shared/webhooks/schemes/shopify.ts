import { createHmac } from 'node:crypto';
import {
  fail,
  type SchemeVerifier,
  type SignedDelivery,
  safeEqual,
  VALID,
  type WebhookVerification,
} from './common.ts';

/**
 * A Shopify header's two spellings, classic first: newer "Events" deliveries drop the `X-`
 * prefix (`shopify-topic`, `shopify-event-id`, `shopify-hmac-sha256`).
 */
export const shopifyHeaderNames = (name: string): readonly [string, string] => [
  `x-shopify-${name}`,
  `shopify-${name}`,
];

/** Shopify-style base64 HMAC-SHA256 of the raw body, from either header spelling. */
export const verifyShopifyWebhook: SchemeVerifier = (
  delivery: SignedDelivery,
): WebhookVerification => {
  const [classic, current] = shopifyHeaderNames('hmac-sha256');
  const signature = delivery.header(classic) ?? delivery.header(current);
  if (signature === undefined) return fail('missing-header');
  if (signature === '') return fail('malformed-header');
  const authentic = delivery.secrets.some((secret) =>
    safeEqual(signature, createHmac('sha256', secret).update(delivery.body).digest('base64')),
  );
  return authentic ? VALID : fail('bad-signature');
};
