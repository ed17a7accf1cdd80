/**
 * A circuit breaker per partner operation. The state machine is pure (`admit`, `recordOutcome`)
 * so it is tested with a fake clock; `CircuitBreakers` shares the state between Lambda
 * environments through a store (ConversationState) and keeps a short local copy, so an open
 * breaker fails fast without any I/O.
 */
import type { BreakerSettings } from './types.ts';

export const breakerStates = ['closed', 'open', 'half-open'] as const;
export type BreakerStateName = (typeof breakerStates)[number];

export interface BreakerState {
  readonly state: BreakerStateName;
  /** Failures counted in the current window (closed) — the evidence for opening. */
  readonly failures: number;
  readonly windowStartedAt: number;
  readonly openedAt: number;
  /** While half-open: until when the one probe in flight holds the right to call. */
  readonly probeUntil: number;
  /** Optimistic-lock counter of the shared copy. */
  readonly version: number;
}

export const closedState: BreakerState = {
  state: 'closed',
  failures: 0,
  windowStartedAt: 0,
  openedAt: 0,
  probeUntil: 0,
  version: 0,
};

export type Admission =
  | { readonly allowed: true; readonly probe: boolean }
  | { readonly allowed: false; readonly retryAtMs: number };

/**
 * Whether a call may go out now. An open breaker whose wait is over lets exactly one probe
 * through (half-open); the returned `next` must be saved first, so two environments cannot
 * both probe.
 */
export function admit(
  current: BreakerState,
  nowMs: number,
  settings: BreakerSettings,
  probeTimeoutMs: number,
): { admission: Admission; next?: BreakerState } {
  if (current.state === 'closed') return { admission: { allowed: true, probe: false } };
  const openUntil = current.openedAt + settings.openMs;
  if (current.state === 'open' && nowMs < openUntil) {
    return { admission: { allowed: false, retryAtMs: openUntil } };
  }
  if (current.state === 'half-open' && nowMs < current.probeUntil) {
    return { admission: { allowed: false, retryAtMs: current.probeUntil } };
  }
  // The wait is over, or the previous probe never reported back: this call is the probe.
  return {
    admission: { allowed: true, probe: true },
    next: { ...current, state: 'half-open', probeUntil: nowMs + probeTimeoutMs },
  };
}

export type AttemptResult = 'success' | 'failure';

export function recordOutcome(
  current: BreakerState,
  outcome: AttemptResult,
  nowMs: number,
  settings: BreakerSettings,
): BreakerState {
  if (outcome === 'success') {
    if (current.state === 'closed' && current.failures === 0) return current;
    return { ...closedState, version: current.version };
  }
  if (current.state === 'half-open') {
    return { ...current, state: 'open', openedAt: nowMs, probeUntil: 0, failures: 0 };
  }
  // A late failure from before the breaker opened must not extend the open period.
  if (current.state === 'open') return current;
  const windowExpired = nowMs - current.windowStartedAt > settings.windowMs;
  const failures = windowExpired ? 1 : current.failures + 1;
  const windowStartedAt = windowExpired ? nowMs : current.windowStartedAt;
  if (failures >= settings.failureThreshold) {
    return { ...current, state: 'open', openedAt: nowMs, failures: 0, windowStartedAt: nowMs };
  }
  return { ...current, failures, windowStartedAt };
}

/** Where the shared copy lives; `save` fails (returns false) when someone else wrote first. */
export interface BreakerStore {
  load(key: BreakerKey): Promise<BreakerState | undefined>;
  save(key: BreakerKey, state: BreakerState, expectedVersion: number): Promise<boolean>;
}

export interface BreakerKey {
  readonly partner: string;
  readonly operation: string;
}

export interface BreakerTransition {
  readonly partner: string;
  readonly operation: string;
  readonly from: BreakerStateName;
  readonly to: BreakerStateName;
}

export interface CircuitBreakersOptions {
  readonly store: BreakerStore;
  readonly now: () => number;
  /** How long a local copy is trusted before the shared one is read again. */
  readonly cacheMs: number;
  readonly probeTimeoutMs: number;
  readonly onTransition: (transition: BreakerTransition) => void;
}

const cacheKey = (key: BreakerKey) => `${key.partner}.${key.operation}`;

export class CircuitBreakers {
  readonly #options: CircuitBreakersOptions;
  readonly #local = new Map<string, { state: BreakerState; readAt: number }>();

  constructor(options: CircuitBreakersOptions) {
    this.#options = options;
  }

  /** The state as this environment believes it, for audit lines. */
  peek(key: BreakerKey): BreakerStateName {
    return this.#local.get(cacheKey(key))?.state.state ?? 'closed';
  }

  async admit(key: BreakerKey, settings: BreakerSettings): Promise<Admission> {
    const now = this.#options.now();
    const current = await this.#read(key, now);
    const { admission, next } = admit(current, now, settings, this.#options.probeTimeoutMs);
    if (!next) return admission;
    if (await this.#write(key, current, next, now)) return admission;
    // Another environment changed the state first (most likely it took the probe).
    const fresh = admit(
      await this.#read(key, now, true),
      now,
      settings,
      this.#options.probeTimeoutMs,
    );
    return fresh.next
      ? { allowed: false, retryAtMs: now + this.#options.probeTimeoutMs }
      : fresh.admission;
  }

  async record(key: BreakerKey, settings: BreakerSettings, outcome: AttemptResult): Promise<void> {
    const now = this.#options.now();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const current = await this.#read(key, now, attempt > 0);
      const next = recordOutcome(current, outcome, now, settings);
      if (next === current) return;
      if (await this.#write(key, current, next, now)) return;
    }
  }

  async #read(key: BreakerKey, now: number, fresh = false): Promise<BreakerState> {
    const cached = this.#local.get(cacheKey(key));
    if (!fresh && cached && now - cached.readAt < this.#options.cacheMs) return cached.state;
    const state = (await this.#options.store.load(key)) ?? closedState;
    this.#local.set(cacheKey(key), { state, readAt: now });
    return state;
  }

  async #write(key: BreakerKey, current: BreakerState, next: BreakerState, now: number) {
    const saved = { ...next, version: current.version + 1 };
    if (!(await this.#options.store.save(key, saved, current.version))) return false;
    this.#local.set(cacheKey(key), { state: saved, readAt: now });
    if (saved.state !== current.state) {
      // Only the names: callers pass the whole call as the key, and its input may hold personal data.
      this.#options.onTransition({
        partner: key.partner,
        operation: key.operation,
        from: current.state,
        to: saved.state,
      });
    }
    return true;
  }
}

/** For unit tests and tools: one process, no sharing. */
export function inMemoryBreakerStore(): BreakerStore & { states: Map<string, BreakerState> } {
  const states = new Map<string, BreakerState>();
  return {
    states,
    async load(key) {
      return states.get(cacheKey(key));
    },
    async save(key, state, expectedVersion) {
      if ((states.get(cacheKey(key))?.version ?? 0) !== expectedVersion) return false;
      states.set(cacheKey(key), state);
      return true;
    },
  };
}
