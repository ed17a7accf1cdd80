import type { Deadline } from '#shared/conversation/deadline.ts';
import type { HttpMethod, PartnerErrorCode, RetryPolicy } from './types.ts';

export type Random = () => number;

/**
 * "Full jitter" (AWS Architecture Blog, Exponential Backoff and Jitter): a uniform delay in
 * [0, min(cap, base · 2^(attempt−1))), which spreads retries of many clients best.
 * `attempt` is the attempt that just failed, starting at 1.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: Random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Anything else is
 * ignored rather than trusted.
 */
export function parseRetryAfterMs(
  header: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

const idempotentMethods: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);

/** A repeat must not do the thing twice: idempotent methods, or a POST the partner can dedupe. */
export function isRetrySafe(method: HttpMethod, sendsIdempotencyKey: boolean): boolean {
  return idempotentMethods.has(method) || sendsIdempotencyKey;
}

const transientCodes: ReadonlySet<PartnerErrorCode> = new Set([
  'timeout',
  'unavailable',
  'rate-limited',
]);

export const isTransient = (code: PartnerErrorCode): boolean => transientCodes.has(code);

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false };

/**
 * Whether to try again after a failed attempt, and after how long. The partner's Retry-After
 * wins over our backoff; a wait that would end past the deadline (keeping `minAttemptMs` for
 * the attempt itself) is never started.
 */
export function decideRetry(options: {
  readonly attempt: number;
  readonly policy: RetryPolicy;
  readonly code: PartnerErrorCode;
  readonly retrySafe: boolean;
  readonly retryAfterMs?: number;
  readonly deadline: Deadline;
  readonly nowMs: number;
  readonly minAttemptMs: number;
  readonly random: Random;
}): RetryDecision {
  if (!options.retrySafe || !isTransient(options.code)) return { retry: false };
  if (options.attempt >= options.policy.maxAttempts) return { retry: false };
  const delayMs =
    options.retryAfterMs ?? backoffDelayMs(options.attempt, options.policy, options.random);
  if (options.nowMs + delayMs + options.minAttemptMs > options.deadline.at) return { retry: false };
  return { retry: true, delayMs };
}
