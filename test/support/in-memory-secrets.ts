import { SecretNotFoundError, type SecretsProvider } from '#shared/secrets/secrets-provider.ts';

export interface InMemorySecrets extends SecretsProvider {
  /** Replaces a value, as an operator rotating a credential would. */
  set(name: string, value: unknown): void;
  /** How many reads asked for a refresh; lets tests see the 401 re-read happen. */
  readonly forcedReads: number;
}

/**
 * Secrets held in memory (tests, the bench). With `staleUntilForced`, reads keep returning
 * the value seen first until a forced read, which mimics a cache holding a rotated secret.
 */
export function inMemorySecrets(
  initial: Readonly<Record<string, unknown>>,
  options: { readonly staleUntilForced?: boolean } = {},
): InMemorySecrets {
  const current = new Map(Object.entries(initial));
  const cached = new Map<string, unknown>();
  let forcedReads = 0;
  return {
    get forcedReads() {
      return forcedReads;
    },
    set(name, value) {
      current.set(name, value);
    },
    async get(name, { forceRefresh = false } = {}) {
      if (forceRefresh) forcedReads += 1;
      if (options.staleUntilForced && !forceRefresh && cached.has(name)) return cached.get(name);
      if (!current.has(name)) throw new SecretNotFoundError(`Secret ${name} is not defined`);
      const value = current.get(name);
      cached.set(name, value);
      return value;
    },
  };
}
