import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  decideRetry,
  isRetrySafe,
  parseRetryAfterMs,
} from '#shared/connectors/retry.ts';
import type { RetryPolicy } from '#shared/connectors/types.ts';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe('backoffDelayMs (full jitter)', () => {
  it('grows the ceiling exponentially and caps it', () => {
    const ceiling = (attempt: number) => backoffDelayMs(attempt, policy, () => 0.999_999);
    expect([1, 2, 3, 4, 5, 10].map(ceiling)).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('stays within [0, ceiling) for any random value', () => {
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      for (const random of [0, 0.1, 0.5, 0.9, 0.999_999]) {
        const delay = backoffDelayMs(attempt, policy, () => random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(cap);
      }
    }
  });

  it('spreads delays across the whole range (jitter, not a fixed step)', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const delays = Array.from({ length: 2000 }, () => backoffDelayMs(3, policy, random));
    expect(Math.min(...delays)).toBeLessThan(40);
    expect(Math.max(...delays)).toBeGreaterThan(360);
    const mean = delays.reduce((sum, delay) => sum + delay, 0) / delays.length;
    expect(mean).toBeGreaterThan(170);
    expect(mean).toBeLessThan(230);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-11-21T10:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfterMs('2', now)).toBe(2000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfterMs('Sat, 21 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfterMs('Sat, 21 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });
  it('ignores missing and malformed values', () => {
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs('-1', now)).toBeUndefined();
    expect(parseRetryAfterMs('1.5', now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
  });
});

describe('isRetrySafe', () => {
  it('allows idempotent methods and POSTs with an Idempotency-Key only', () => {
    expect(isRetrySafe('GET', false)).toBe(true);
    expect(isRetrySafe('PUT', false)).toBe(true);
    expect(isRetrySafe('DELETE', false)).toBe(true);
    expect(isRetrySafe('POST', false)).toBe(false);
    expect(isRetrySafe('PATCH', false)).toBe(false);
    expect(isRetrySafe('POST', true)).toBe(true);
  });
});

describe('decideRetry', () => {
  const base = {
    attempt: 1,
    policy,
    code: 'unavailable' as const,
    retrySafe: true,
    deadline: { at: 10_000 },
    nowMs: 1000,
    minAttemptMs: 50,
    random: () => 0.5,
  };

  it('retries transient failures with jittered backoff', () => {
    expect(decideRetry(base)).toEqual({ retry: true, delayMs: 50 });
    expect(decideRetry({ ...base, code: 'timeout', attempt: 2 })).toEqual({
      retry: true,
      delayMs: 100,
    });
  });

  it('prefers Retry-After over backoff', () => {
    expect(decideRetry({ ...base, code: 'rate-limited', retryAfterMs: 3000 })).toEqual({
      retry: true,
      delayMs: 3000,
    });
  });

  it('never waits past the deadline', () => {
    // 1000 + 8960 + 50 > 10 000
    expect(decideRetry({ ...base, code: 'rate-limited', retryAfterMs: 8960 })).toEqual({
      retry: false,
    });
    expect(decideRetry({ ...base, code: 'rate-limited', retryAfterMs: 8950 })).toEqual({
      retry: true,
      delayMs: 8950,
    });
  });

  it('does not retry unsafe requests, permanent errors, or past maxAttempts', () => {
    expect(decideRetry({ ...base, retrySafe: false })).toEqual({ retry: false });
    for (const code of [
      'auth',
      'not-found',
      'bad-request',
      'invalid-response',
      'circuit-open',
    ] as const) {
      expect(decideRetry({ ...base, code })).toEqual({ retry: false });
    }
    expect(decideRetry({ ...base, attempt: 4 })).toEqual({ retry: false });
  });
});
