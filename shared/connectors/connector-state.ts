import type { CachedAccessToken } from './auth/types.ts';
import { ResponseCache } from './cache.ts';
import { RateLimiters } from './rate-limit.ts';

/** What one Lambda environment remembers between calls: responses, buckets, access tokens. */
export interface ConnectorState {
  readonly cache: ResponseCache;
  readonly rateLimiters: RateLimiters;
  readonly tokens: Map<string, CachedAccessToken>;
}

export function createConnectorState(): ConnectorState {
  return { cache: new ResponseCache(), rateLimiters: new RateLimiters(), tokens: new Map() };
}
