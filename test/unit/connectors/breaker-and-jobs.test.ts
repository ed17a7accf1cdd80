import { setTimeout as wait } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { callPartner } from '#shared/connectors/call-partner.ts';
import { defineConnector, defineOperation } from '#shared/connectors/types.ts';
import { definePartner } from '#shared/partners/define.ts';
import { testDeps } from './fakes.ts';

/** Scaled down ×10: a 1.5 s turn timeout, 10 s for a job, a partner that takes 2.5 s. */
const partner = definePartner({
  name: 'slowshop',
  connector: defineConnector({
    auth: { kind: 'none' },
    retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 },
    breaker: { failureThreshold: 1, windowMs: 60_000, openMs: 300 },
    operations: {
      getOrder: defineOperation({
        kind: 'rest',
        method: 'GET',
        input: z.object({ id: z.string() }),
        path: ({ id }) => `orders/${id}`,
        response: z.object({ id: z.string() }),
        timeoutMs: 150,
        jobTimeoutMs: 1_000,
      }),
    },
  }),
}).connector;

/** Answers after `latencyMs`, unless the attempt gives up first. */
function slowFetch(latencyMs: number): typeof fetch & { calls: number } {
  const state = { calls: 0 };
  const fake = (_input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      state.calls += 1;
      const timer = setTimeout(
        () =>
          resolve(
            new Response(JSON.stringify({ id: '1' }), {
              status: 200,
              headers: { 'content-type': 'application/json' },
            }),
          ),
        latencyMs,
      );
      init.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(init.signal?.reason);
      });
    });
  return Object.assign(fake as typeof fetch, {
    get calls() {
      return state.calls;
    },
  });
}

function setup() {
  const fetch = slowFetch(250);
  const env = testDeps({ partners: { slowshop: partner }, fetch });
  const deps = { ...env.deps, sleep: (ms: number) => wait(ms).then(() => undefined) };
  const call = (mode: 'turn' | 'job', deadlineInMs: number) =>
    callPartner(deps, {
      partner: 'slowshop',
      operation: 'getOrder',
      input: { id: '1' },
      correlationId: 'c',
      mode,
      deadline: { at: Date.now() + deadlineInMs },
    });
  return { call, fetch, metrics: env.metrics, log: env.log };
}

describe('a slow but working partner behind a breaker', () => {
  it('a job that meets the open breaker waits for the probe, passes it and closes the breaker', async () => {
    const { call, fetch, metrics, log } = setup();
    expect(await call('turn', 2_000)).toMatchObject({ error: { code: 'timeout' } });
    const callsWhenOpened = fetch.calls;
    // A turn fails fast while the breaker is open.
    expect(await call('turn', 2_000)).toMatchObject({ error: { code: 'circuit-open' } });
    expect(fetch.calls).toBe(callsWhenOpened);

    expect(await call('job', 5_000)).toMatchObject({ kind: 'ok', value: { id: '1' } });
    expect(metrics).toContain('PartnerJobWaitedForBreaker');
    const transitions = log.lines
      .filter((line) => line.message === 'circuit breaker transition')
      .map((line) => line.fields.to);
    expect(transitions).toEqual(['open', 'half-open', 'closed']);
  });

  it('gives a turn’s probe a timeout the slow partner can meet', async () => {
    const { call } = setup();
    await call('turn', 2_000);
    await wait(350);
    expect(await call('turn', 2_000)).toMatchObject({ kind: 'ok', value: { id: '1' } });
  });
});
