import type { RateLimitSettings } from './types.ts';

/**
 * A token bucket per partner and environment: it smooths our own bursts so the partner's 429s
 * stay rare. It cannot see other environments; the partner's 429 + Retry-After covers those.
 */
class TokenBucket {
  readonly #settings: RateLimitSettings;
  #tokens: number;
  #updatedAt: number;

  constructor(settings: RateLimitSettings, nowMs: number) {
    this.#settings = settings;
    this.#tokens = settings.burst;
    this.#updatedAt = nowMs;
  }

  /** Takes a token if there is one; otherwise says how long until there will be. */
  take(nowMs: number): { granted: true } | { granted: false; waitMs: number } {
    const elapsed = Math.max(0, nowMs - this.#updatedAt);
    this.#tokens = Math.min(
      this.#settings.burst,
      this.#tokens + (elapsed * this.#settings.requestsPerSecond) / 1000,
    );
    this.#updatedAt = nowMs;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { granted: true };
    }
    return {
      granted: false,
      waitMs: Math.ceil(((1 - this.#tokens) * 1000) / this.#settings.requestsPerSecond),
    };
  }
}

export class RateLimiters {
  readonly #buckets = new Map<string, TokenBucket>();

  bucket(partner: string, settings: RateLimitSettings, nowMs: number): TokenBucket {
    let bucket = this.#buckets.get(partner);
    if (!bucket) {
      bucket = new TokenBucket(settings, nowMs);
      this.#buckets.set(partner, bucket);
    }
    return bucket;
  }
}
