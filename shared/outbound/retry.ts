/**
 * Waits after each failed attempt, from seconds to hours (close to the Standard Webhooks
 * recommendation, capped at SQS's 12 h visibility limit). One attempt more than entries.
 */
export const retryScheduleSeconds: readonly number[] = [
  5, 30, 120, 600, 1800, 3600, 7200, 18_000, 36_000, 43_200,
];
export const maxAttempts = retryScheduleSeconds.length + 1;
/** SQS limits: DelaySeconds ≤ 15 min, a message's visibility ≤ 12 h. */
export const maxDelaySeconds = 900;
export const maxVisibilitySeconds = 43_200;

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * Seconds to wait before attempt `failedAttempt + 1`, or undefined when attempts are exhausted.
 * A partner's `Retry-After` wins (within 1 s … 12 h); otherwise the schedule with ±10 % jitter,
 * so endpoints recovering from an outage are not hit by every retry at once.
 */
export function nextRetryDelay(
  failedAttempt: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  const scheduled = retryScheduleSeconds[failedAttempt];
  if (scheduled === undefined) return undefined;
  if (retryAfterSeconds !== undefined) {
    return Math.min(Math.max(retryAfterSeconds, 1), maxVisibilitySeconds);
  }
  const jitter = 1 + (random() * 2 - 1) * 0.1;
  return Math.min(Math.max(1, Math.round(scheduled * jitter)), maxVisibilitySeconds);
}
