/**
 * How each partner signs the webhooks it sends. The demo partner plays separate companies, so
 * this is written from the providers' published schemes, not shared with Switchboard's verifier.
 */
import { createHmac } from 'node:crypto';

/** Standard Webhooks: the key is the base64 part after `whsec_`. */
export function standardWebhooksKey(secret: string): Buffer {
  return Buffer.from(
    secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret,
    'base64',
  );
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  const mac = createHmac('sha256', standardWebhooksKey(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/** Stripe: the whole secret string (prefix included) is the key; hex over `t.body`. */
export function signStripe(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/** GitHub: hex HMAC-SHA256 of the raw body; nothing time-based is signed. */
export function signGitHub(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Shopify: base64 HMAC-SHA256 of the raw body. */
export function signShopify(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** Twilio: base64 HMAC-SHA1 of the exact URL followed by every POST parameter, sorted, as name+value. */
export function signTwilio(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string>>,
): string {
  const signed = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return createHmac('sha1', authToken).update(signed).digest('base64');
}
