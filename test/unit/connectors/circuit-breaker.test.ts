import { describe, expect, it } from 'vitest';
import {
  admit,
  type BreakerTransition,
  CircuitBreakers,
  closedState,
  inMemoryBreakerStore,
  recordOutcome,
} from '#shared/connectors/circuit-breaker.ts';
import type { BreakerSettings } from '#shared/connectors/types.ts';

const settings: BreakerSettings = { failureThreshold: 3, windowMs: 10_000, openMs: 5000 };
const key = { partner: 'shop', operation: 'getOrder' };

describe('breaker state machine', () => {
  it('opens after the threshold of failures within the window', () => {
    let state = closedState;
    state = recordOutcome(state, 'failure', 1000, settings);
    state = recordOutcome(state, 'failure', 2000, settings);
    expect(state.state).toBe('closed');
    state = recordOutcome(state, 'failure', 3000, settings);
    expect(state).toMatchObject({ state: 'open', openedAt: 3000 });
  });

  it('forgets failures older than the window', () => {
    let state = closedState;
    state = recordOutcome(state, 'failure', 1000, settings);
    state = recordOutcome(state, 'failure', 2000, settings);
    state = recordOutcome(state, 'failure', 12_001, settings);
    expect(state).toMatchObject({ state: 'closed', failures: 1, windowStartedAt: 12_001 });
  });

  it('resets the count on success', () => {
    let state = recordOutcome(closedState, 'failure', 1000, settings);
    state = recordOutcome(state, 'success', 1100, settings);
    expect(state).toMatchObject({ state: 'closed', failures: 0 });
  });

  it('fails fast while open, then lets exactly one probe through', () => {
    const open = { ...closedState, state: 'open' as const, openedAt: 1000 };
    expect(admit(open, 5999, settings, 2000).admission).toEqual({
      allowed: false,
      retryAtMs: 6000,
    });
    const probe = admit(open, 6000, settings, 2000);
    expect(probe.admission).toEqual({ allowed: true, probe: true });
    expect(probe.next).toMatchObject({ state: 'half-open', probeUntil: 8000 });
    const halfOpen = probe.next ?? closedState;
    expect(admit(halfOpen, 7000, settings, 2000).admission).toEqual({
      allowed: false,
      retryAtMs: 8000,
    });
  });

  it('closes when the probe succeeds and re-opens when it fails', () => {
    const halfOpen = {
      ...closedState,
      state: 'half-open' as const,
      openedAt: 1000,
      probeUntil: 8000,
    };
    expect(recordOutcome(halfOpen, 'success', 6500, settings).state).toBe('closed');
    expect(recordOutcome(halfOpen, 'failure', 6500, settings)).toMatchObject({
      state: 'open',
      openedAt: 6500,
    });
  });

  it('takes a new probe when the previous one never reported back', () => {
    const stuck = { ...closedState, state: 'half-open' as const, openedAt: 1000, probeUntil: 8000 };
    expect(admit(stuck, 8000, settings, 2000)).toMatchObject({
      admission: { allowed: true, probe: true },
      next: { probeUntil: 10_000 },
    });
  });

  it('does not extend the open period with late failures', () => {
    const open = { ...closedState, state: 'open' as const, openedAt: 1000 };
    expect(recordOutcome(open, 'failure', 3000, settings)).toBe(open);
  });
});

describe('CircuitBreakers (shared state, fake clock)', () => {
  function environment(store: ReturnType<typeof inMemoryBreakerStore>, clock: { now: number }) {
    const transitions: BreakerTransition[] = [];
    const breakers = new CircuitBreakers({
      store,
      now: () => clock.now,
      cacheMs: 2000,
      probeTimeoutMs: 1000,
      onTransition: (transition) => transitions.push(transition),
    });
    return { breakers, transitions };
  }

  it('walks closed → open → half-open → closed and reports each transition', async () => {
    const clock = { now: 0 };
    const { breakers, transitions } = environment(inMemoryBreakerStore(), clock);
    for (let i = 0; i < 3; i += 1) {
      expect(await breakers.admit(key, settings)).toMatchObject({ allowed: true });
      await breakers.record(key, settings, 'failure');
    }
    expect(await breakers.admit(key, settings)).toMatchObject({ allowed: false });
    clock.now = 5000;
    expect(await breakers.admit(key, settings)).toEqual({ allowed: true, probe: true });
    await breakers.record(key, settings, 'success');
    expect(await breakers.admit(key, settings)).toEqual({ allowed: true, probe: false });
    expect(transitions.map(({ from, to }) => `${from}→${to}`)).toEqual([
      'closed→open',
      'open→half-open',
      'half-open→closed',
    ]);
  });

  it('reports a transition with the partner and operation only, never the call that caused it', async () => {
    const clock = { now: 0 };
    const { breakers, transitions } = environment(inMemoryBreakerStore(), clock);
    const call = { ...key, input: { phone: '+48500100200', pin: '4321' }, deadline: { at: 5 } };
    for (let i = 0; i < 3; i += 1) await breakers.record(call, settings, 'failure');
    expect(transitions).toEqual([{ ...key, from: 'closed', to: 'open' }]);
  });

  it('shares the state: another environment sees an open breaker once its cache expires', async () => {
    const clock = { now: 0 };
    const store = inMemoryBreakerStore();
    const first = environment(store, clock);
    const second = environment(store, clock);
    expect(await second.breakers.admit(key, settings)).toMatchObject({ allowed: true });
    for (let i = 0; i < 3; i += 1) await first.breakers.record(key, settings, 'failure');
    // Within its cache time the second environment still trusts its closed copy.
    clock.now = 1000;
    expect(await second.breakers.admit(key, settings)).toMatchObject({ allowed: true });
    clock.now = 2500;
    expect(await second.breakers.admit(key, settings)).toMatchObject({ allowed: false });
  });

  it('lets only one environment probe', async () => {
    const clock = { now: 0 };
    const store = inMemoryBreakerStore();
    const first = environment(store, clock);
    const second = environment(store, clock);
    for (let i = 0; i < 3; i += 1) await first.breakers.record(key, settings, 'failure');
    clock.now = 6000;
    const admissions = await Promise.all([
      first.breakers.admit(key, settings),
      second.breakers.admit(key, settings),
    ]);
    expect(admissions.filter((admission) => admission.allowed)).toHaveLength(1);
  });

  it('counts failures from several environments together', async () => {
    const clock = { now: 0 };
    const store = inMemoryBreakerStore();
    const first = environment(store, clock);
    const second = environment(store, clock);
    await first.breakers.record(key, settings, 'failure');
    await second.breakers.record(key, settings, 'failure');
    await first.breakers.record(key, settings, 'failure');
    expect(store.states.get('shop.getOrder')?.state).toBe('open');
  });
});
