import {
  fail,
  headerReader,
  type SchemeVerifier,
  type WebhookHeaders,
  type WebhookVerification,
} from './schemes/common.ts';
import { verifyGithubWebhook } from './schemes/github.ts';
import { verifyShopifyWebhook } from './schemes/shopify.ts';
import { verifyStandardWebhook } from './schemes/standard-webhooks.ts';
import { verifyStripeWebhook } from './schemes/stripe.ts';
import { verifyTwilioWebhook } from './schemes/twilio.ts';

export type {
  WebhookFailureReason,
  WebhookHeaders,
  WebhookHeaderValue,
  WebhookVerification,
} from './schemes/common.ts';
export {
  type StandardWebhookHeaders,
  signStandardWebhook,
} from './schemes/standard-webhooks.ts';

const VERIFIERS = {
  'standard-webhooks': verifyStandardWebhook,
  stripe: verifyStripeWebhook,
  github: verifyGithubWebhook,
  shopify: verifyShopifyWebhook,
  twilio: verifyTwilioWebhook,
} as const satisfies Record<string, SchemeVerifier>;

export type WebhookScheme = keyof typeof VERIFIERS;

export const WEBHOOK_SCHEMES = Object.keys(VERIFIERS) as readonly WebhookScheme[];

/**
 * Schemes whose signature covers neither the event id nor a time: a captured delivery verifies
 * forever, under any id an attacker puts in the unsigned header, so dedupe on the id alone
 * cannot stop a replay. Their verified bytes are deduplicated too.
 */
const SIGNS_NO_IDENTITY: ReadonlySet<WebhookScheme> = new Set(['github', 'shopify', 'twilio']);

export const replayableUnderNewId = (scheme: WebhookScheme): boolean =>
  SIGNS_NO_IDENTITY.has(scheme);

export interface VerifyWebhookInput {
  scheme: WebhookScheme;
  /** Every active secret, as the partner issued it; any match is accepted (rotation). */
  secrets: readonly string[];
  /** Header names in any case. */
  headers: WebhookHeaders;
  /** The body exactly as received: decode API Gateway's base64 first, never re-serialise. */
  rawBody: string | Buffer | Uint8Array;
  /** The public URL the partner called, query included (Twilio signs it; others ignore it). */
  url?: string;
  /** Defaults to the current time. */
  now?: Date;
}

function toBytes(rawBody: unknown): Buffer | undefined {
  if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
  if (rawBody instanceof Uint8Array) {
    return Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  }
  return undefined;
}

/**
 * Verifies a partner's webhook over the raw bytes with its scheme, so the receiver never trusts
 * an unsigned, tampered or replayed request. Never throws: any unusable input is a refusal.
 */
export function verifyWebhook(input: VerifyWebhookInput): WebhookVerification {
  try {
    const { scheme, secrets, headers, rawBody, url, now = new Date() } = input;
    const verify: SchemeVerifier | undefined = Object.hasOwn(VERIFIERS, scheme)
      ? VERIFIERS[scheme]
      : undefined;
    const body = toBytes(rawBody);
    const nowMillis = now instanceof Date ? now.getTime() : Number.NaN;
    if (
      verify === undefined ||
      body === undefined ||
      !Array.isArray(secrets) ||
      !Number.isFinite(nowMillis) ||
      (url !== undefined && typeof url !== 'string')
    ) {
      return fail('invalid-input');
    }
    const usableSecrets = secrets.filter(
      (secret): secret is string => typeof secret === 'string' && secret !== '',
    );
    if (usableSecrets.length === 0) return fail('no-secrets');
    return verify({
      secrets: usableSecrets,
      header: headerReader(headers),
      body,
      url,
      nowSeconds: Math.floor(nowMillis / 1000),
    });
  } catch {
    // Belt and braces for the "never throws" contract (e.g. a hostile getter on the input).
    return fail('invalid-input');
  }
}
