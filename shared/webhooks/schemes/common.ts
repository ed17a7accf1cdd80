import { timingSafeEqual } from 'node:crypto';

/** Why a delivery was refused; `invalid-input` means our own wiring is wrong, not the partner. */
export type WebhookFailureReason =
  | 'missing-header'
  | 'malformed-header'
  | 'bad-signature'
  | 'stale-timestamp'
  | 'no-secrets'
  | 'invalid-input';

export type WebhookVerification = { valid: true } | { valid: false; reason: WebhookFailureReason };

/** Header values as Lambda events and Node give them; arrays come from multi-value headers. */
export type WebhookHeaderValue = string | readonly string[] | undefined;
export type WebhookHeaders = Readonly<Record<string, WebhookHeaderValue>>;

/** A delivery already normalised by `verifyWebhook`, so each scheme only does its own crypto. */
export interface SignedDelivery {
  /** Non-empty secrets exactly as the partner issued them. */
  readonly secrets: readonly string[];
  /** Case-insensitive header lookup. */
  readonly header: (name: string) => string | undefined;
  readonly body: Buffer;
  /** The public URL the partner called; only Twilio signs it. */
  readonly url: string | undefined;
  readonly nowSeconds: number;
}

export type SchemeVerifier = (delivery: SignedDelivery) => WebhookVerification;

/** Both directions: a future timestamp is as suspicious as an old one (stripe-dotnet#1183). */
const TOLERANCE_SECONDS = 300;

export const VALID: WebhookVerification = Object.freeze({ valid: true });

export function fail(reason: WebhookFailureReason): WebhookVerification {
  return { valid: false, reason };
}

/** Constant-time equality that treats a length mismatch as plain inequality instead of throwing. */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const left = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const right = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Builds a case-insensitive lookup, because REST APIs keep the sender's casing and HTTP APIs
 * lowercase it. For a multi-value header the first string wins.
 */
export function headerReader(headers: unknown): (name: string) => string | undefined {
  const byLowerName = new Map<string, string>();
  if (typeof headers === 'object' && headers !== null) {
    for (const [name, value] of Object.entries(headers)) {
      const text = Array.isArray(value) ? value.find((v) => typeof v === 'string') : value;
      const key = name.toLowerCase();
      if (typeof text === 'string' && !byLowerName.has(key)) byLowerName.set(key, text);
    }
  }
  return (name) => byLowerName.get(name.toLowerCase());
}

/** Strict digits only: `parseInt` would accept `12abc` and `1e3`, which the sender never signs. */
export function parseUnixSeconds(text: string): number | undefined {
  return /^[0-9]{1,12}$/.test(text) ? Number(text) : undefined;
}

export function isWithinTolerance(timestampSeconds: number, nowSeconds: number): boolean {
  return Math.abs(nowSeconds - timestampSeconds) <= TOLERANCE_SECONDS;
}
