/**
 * Per-environment response cache for read operations. Lambda environments live for minutes and
 * a conversation's turns usually land on a warm one, so "where is my order?" asked twice in a
 * call reaches the partner once.
 */
export class ResponseCache {
  readonly #entries = new Map<string, { value: unknown; expiresAt: number }>();
  readonly #maxEntries: number;

  constructor(maxEntries = 1000) {
    this.#maxEntries = maxEntries;
  }

  get(key: string, nowMs: number): { hit: true; value: unknown } | { hit: false } {
    const entry = this.#entries.get(key);
    if (!entry) return { hit: false };
    if (entry.expiresAt <= nowMs) {
      this.#entries.delete(key);
      return { hit: false };
    }
    return { hit: true, value: entry.value };
  }

  set(key: string, value: unknown, ttlMs: number, nowMs: number): void {
    this.#entries.delete(key);
    // Map keeps insertion order, so the first key is the oldest write.
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expiresAt: nowMs + ttlMs });
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** Stable for equal inputs whatever their key order. */
export function cacheKey(partner: string, operation: string, input: unknown): string {
  return `${partner}.${operation}:${stableJson(input)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
