import type { SecretsProvider } from '#shared/secrets/secrets-provider.ts';

export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface CachedAccessToken {
  readonly value: string;
  /** Epoch ms after which the token must not be sent any more (expiry minus a margin). */
  readonly useUntil: number;
}

export interface AuthContext {
  readonly partner: string;
  readonly secretName: string;
  readonly baseUrl: string;
  readonly secrets: SecretsProvider;
  readonly fetch: typeof fetch;
  readonly nowMs: () => number;
  /** OAuth2 access tokens by partner, kept for the life of the environment. */
  readonly tokens: Map<string, CachedAccessToken>;
  /** Aborts the token request with the attempt that needs it. */
  readonly signal: AbortSignal;
}

/**
 * Adds credentials to a request. `refresh` is set on the single retry after a 401: strategies
 * then re-read their secret (and drop cached tokens) instead of trusting the cache.
 */
export interface AuthStrategy {
  authorize(
    request: OutgoingRequest,
    context: AuthContext,
    options: { readonly refresh: boolean },
  ): Promise<OutgoingRequest>;
}
