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
 * Shopify-style base64 HMAC-SHA256 of the raw body. Newer "Events" deliveries drop the `X-`
 * prefix, so both header names are read.
 */
export const verifyShopifyWebhook: SchemeVerifier = (
  delivery: SignedDelivery,
): WebhookVerification => {
  const signature =
    delivery.header('x-shopify-hmac-sha256') ?? delivery.header('shopify-hmac-sha256');
  if (signature === undefined) return fail('missing-header');
  if (signature === '') return fail('malformed-header');
  const authentic = delivery.secrets.some((secret) =>
    safeEqual(signature, createHmac('sha256', secret).update(delivery.body).digest('base64')),
  );
  return authentic ? VALID : fail('bad-signature');
};
