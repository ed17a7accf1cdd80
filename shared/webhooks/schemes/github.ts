import { createHmac } from 'node:crypto';
import {
  fail,
  type SchemeVerifier,
  type SignedDelivery,
  safeEqual,
  VALID,
  type WebhookVerification,
} from './common.ts';

const PREFIX = 'sha256=';

/**
 * GitHub-style `X-Hub-Signature-256: sha256=<hex>` over the raw body. GitHub sends a single
 * signature, so rotation relies on the caller passing every active secret.
 */
export const verifyGithubWebhook: SchemeVerifier = (
  delivery: SignedDelivery,
): WebhookVerification => {
  const header = delivery.header('x-hub-signature-256');
  if (header === undefined) return fail('missing-header');
  if (!header.startsWith(PREFIX)) return fail('malformed-header');
  const signature = header.slice(PREFIX.length);
  const authentic = delivery.secrets.some((secret) =>
    safeEqual(signature, createHmac('sha256', secret).update(delivery.body).digest('hex')),
  );
  return authentic ? VALID : fail('bad-signature');
};
