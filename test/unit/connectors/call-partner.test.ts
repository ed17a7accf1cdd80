import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { callPartner } from '#shared/connectors/call-partner.ts';
import { defineConnector, defineOperation } from '#shared/connectors/types.ts';
import { definePartner } from '#shared/partners/define.ts';
import { type Reply, scriptedFetch, testDeps } from './fakes.ts';

const item = z.object({ id: z.string(), name: z.string() });

const acme = definePartner({
  name: 'acme',
  connector: defineConnector({
    auth: { kind: 'bearer' },
    secretName: 'switchboard/acme/api',
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    breaker: { failureThreshold: 3, windowMs: 60_000, openMs: 60_000 },
    operations: {
      getItem: defineOperation({
        kind: 'rest',
        method: 'GET',
        input: z.object({ id: z.string() }),
        path: ({ id }) => `items/${id}`,
        response: item,
        timeoutMs: 1000,
        cacheTtlMs: 60_000,
        deferrable: true,
      }),
      createItem: defineOperation({
        kind: 'rest',
        method: 'POST',
        input: z.object({ name: z.string() }),
        path: () => 'items',
        body: (input) => input,
        response: item,
        timeoutMs: 1000,
        deferrable: true,
      }),
      bookItem: defineOperation({
        kind: 'rest',
        method: 'POST',
        idempotencyKey: true,
        input: z.object({ name: z.string() }),
        path: () => 'bookings',
        body: (input) => input,
        response: item,
        timeoutMs: 1000,
        deferrable: true,
      }),
      findByPhone: defineOperation({
        kind: 'graphql',
        path: 'graphql',
        query: 'query($phone: String!) { byPhone(phone: $phone) { id name } }',
        input: z.object({ phone: z.string() }),
        variables: ({ phone }) => ({ phone }),
        select: (data) => data.byPhone,
        response: item,
        timeoutMs: 1000,
      }),
    },
  }),
}).connector;

const hours = definePartner({
  name: 'hours',
  connector: defineConnector({
    auth: { kind: 'none' },
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    breaker: { failureThreshold: 3, windowMs: 1, openMs: 1 },
    operations: {
      byCity: defineOperation({
        kind: 'table',
        partition: 'reference#hours',
        input: z.object({ city: z.string() }),
        rowKey: ({ city }) => city.toLowerCase(),
        response: z.object({ open: z.string() }),
        timeoutMs: 100,
      }),
    },
  }),
}).connector;

const secrets = { 'switchboard/acme/api': { token: 'tok-1' } };
const ok: Reply = { status: 200, body: { id: '1', name: 'Widget' } };

function setup(
  respond: (index: number) => Reply,
  options: { withJobs?: boolean; stale?: boolean } = {},
) {
  const fetch = scriptedFetch((_request, index) => respond(index));
  const env = testDeps({
    partners: { acme, hours },
    fetch,
    secrets,
    staleSecrets: options.stale ?? false,
    withJobs: options.withJobs ?? false,
    referenceRows: { 'reference#hours/krakow': { open: '9-17' } },
  });
  return { ...env, fetch };
}

const call = (operation: string, input: unknown, deadlineInMs = 3000) => ({
  partner: 'acme',
  operation,
  input,
  deadline: { at: Date.now() + deadlineInMs },
  correlationId: 'corr-1',
});

describe('callPartner', () => {
  it('returns the validated value and sends auth and correlation headers', async () => {
    const { deps, fetch } = setup(() => ok);
    expect(await callPartner(deps, call('getItem', { id: '1' }))).toEqual({
      kind: 'ok',
      value: { id: '1', name: 'Widget' },
      cacheHit: false,
    });
    expect(fetch.requests[0]).toMatchObject({
      method: 'GET',
      url: 'https://acme.partner.test/api/items/1',
      headers: { authorization: 'Bearer tok-1', 'x-correlation-id': 'corr-1' },
    });
  });

  it('serves a repeated read from the cache', async () => {
    const { deps, fetch, log } = setup(() => ok);
    await callPartner(deps, call('getItem', { id: '1' }));
    const again = await callPartner(deps, call('getItem', { id: '1' }));
    expect(again).toMatchObject({ kind: 'ok', cacheHit: true });
    expect(fetch.requests).toHaveLength(1);
    expect(log.lines.at(-1)?.fields).toMatchObject({ cacheHit: true, attempts: 0 });
  });

  it('rejects invalid input without calling the partner', async () => {
    const { deps, fetch } = setup(() => ok);
    expect(await callPartner(deps, call('getItem', { id: 7 }))).toMatchObject({
      kind: 'failed',
      error: { code: 'bad-request' },
    });
    expect(fetch.requests).toHaveLength(0);
  });

  it('maps statuses to typed errors', async () => {
    const cases: [number, string][] = [
      [404, 'not-found'],
      [400, 'bad-request'],
      [422, 'bad-request'],
      [409, 'conflict'],
    ];
    for (const [status, code] of cases) {
      const { deps } = setup(() => ({ status, body: { error: 'x' } }));
      expect(await callPartner(deps, call('getItem', { id: '1' }))).toMatchObject({
        kind: 'failed',
        error: { code, httpStatus: status },
      });
    }
  });

  it('turns malformed and schema-violating bodies into invalid-response', async () => {
    const malformed = setup(() => ({ status: 200, text: '{"id":"1","na' }));
    expect(await callPartner(malformed.deps, call('getItem', { id: '1' }))).toMatchObject({
      kind: 'failed',
      error: { code: 'invalid-response' },
    });
    const invalid = setup(() => ({ status: 200, body: { id: 1, name: 6 } }));
    expect(await callPartner(invalid.deps, call('getItem', { id: '1' }))).toMatchObject({
      kind: 'failed',
      error: { code: 'invalid-response' },
    });
  });

  it('re-reads a rotated secret once after a 401', async () => {
    const {
      deps,
      fetch,
      secrets: store,
    } = setup((index) => (index === 0 ? { status: 401 } : ok), { stale: true });
    await store.get('switchboard/acme/api');
    store.set('switchboard/acme/api', { token: 'tok-2' });
    expect(await callPartner(deps, call('getItem', { id: '1' }))).toMatchObject({ kind: 'ok' });
    expect(fetch.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
    expect(store.forcedReads).toBe(1);
  });

  it('gives up with a typed auth error when the fresh credential is rejected too', async () => {
    const { deps, fetch } = setup(() => ({ status: 401 }));
    expect(await callPartner(deps, call('getItem', { id: '1' }))).toMatchObject({
      kind: 'failed',
      error: { code: 'auth', httpStatus: 401 },
    });
    expect(fetch.requests).toHaveLength(2);
  });

  it('waits for Retry-After when it fits the deadline', async () => {
    const { deps, sleeps, fetch } = setup((index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : ok,
    );
    expect(await callPartner(deps, call('getItem', { id: '1' }))).toMatchObject({ kind: 'ok' });
    expect(sleeps).toEqual([1000]);
    expect(fetch.requests).toHaveLength(2);
  });

  it('does not wait for a Retry-After beyond the deadline', async () => {
    const { deps, sleeps } = setup(() => ({ status: 429, headers: { 'retry-after': '5' } }));
    expect(await callPartner(deps, call('getItem', { id: '1' }))).toMatchObject({
      kind: 'failed',
      error: { code: 'rate-limited', retryAfterMs: 5000 },
    });
    expect(sleeps).toEqual([]);
  });

  it('retries 5xx with backoff for safe requests only', async () => {
    const safe = setup((index) => (index < 2 ? { status: 503 } : ok));
    expect(await callPartner(safe.deps, call('getItem', { id: '1' }))).toMatchObject({
      kind: 'ok',
    });
    expect(safe.sleeps).toEqual([50, 100]);

    const unsafe = setup(() => ({ status: 503 }));
    expect(await callPartner(unsafe.deps, call('createItem', { name: 'x' }))).toMatchObject({
      kind: 'failed',
      error: { code: 'unavailable' },
    });
    expect(unsafe.fetch.requests).toHaveLength(1);

    const keyed = setup((index) => (index < 1 ? { status: 503 } : ok));
    expect(await callPartner(keyed.deps, call('bookItem', { name: 'x' }))).toMatchObject({
      kind: 'ok',
    });
    const keys = keyed.fetch.requests.map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeDefined();
    expect(keys[1]).toBe(keys[0]);
  });

  it('opens the breaker after repeated failures and then fails fast', async () => {
    const { deps, fetch, log } = setup(() => ({ status: 500 }));
    const first = await callPartner(deps, call('getItem', { id: '1' }));
    expect(first).toMatchObject({ kind: 'failed', error: { code: 'unavailable' } });
    expect(fetch.requests).toHaveLength(3);
    const second = await callPartner(deps, call('getItem', { id: '2' }));
    expect(second).toMatchObject({ kind: 'failed', error: { code: 'circuit-open' } });
    expect(fetch.requests).toHaveLength(3);
    expect(log.lines.some((line) => line.message === 'circuit breaker transition')).toBe(true);
  });

  it('turns a too-slow deferrable call into a job, by the deadline', async () => {
    const { deps, jobs } = setup(() => 'hang', { withJobs: true });
    const result = await callPartner(deps, call('bookItem', { name: 'x' }, 400));
    expect(result).toEqual({ kind: 'pending', jobId: expect.any(String) });
    // The partner never answers, so returning at all shows the deadline ended the wait. No
    // elapsed-time bound: timers on the shared test machine were measured firing seconds late.
    expect(jobs).toEqual([
      expect.objectContaining({
        jobId: result.kind === 'pending' ? result.jobId : '',
        partner: 'acme',
        operation: 'bookItem',
        input: { name: 'x' },
        correlationId: 'corr-1',
        idempotencyKey: expect.any(String),
      }),
    ]);
  });

  it('never defers a request that is unsafe to repeat', async () => {
    const { deps, jobs } = setup(() => 'hang', { withJobs: true });
    expect(await callPartner(deps, call('createItem', { name: 'x' }, 300))).toMatchObject({
      kind: 'failed',
      error: { code: 'timeout' },
    });
    expect(jobs).toEqual([]);
  });

  it('treats GraphQL errors as failures and a null answer as not-found', async () => {
    const failing = setup(() => ({
      status: 200,
      body: {
        data: { byPhone: null },
        errors: [{ message: 'bad phone +48500100200', extensions: { code: 'BAD_USER_INPUT' } }],
      },
    }));
    const failed = await callPartner(failing.deps, call('findByPhone', { phone: 'x' }));
    expect(failed).toMatchObject({ kind: 'failed', error: { code: 'bad-request' } });
    expect(JSON.stringify(failed)).not.toContain('48500100200');

    const missing = setup(() => ({ status: 200, body: { data: { byPhone: null } } }));
    expect(await callPartner(missing.deps, call('findByPhone', { phone: '+1' }))).toMatchObject({
      kind: 'failed',
      error: { code: 'not-found' },
    });

    const found = setup(() => ({
      status: 200,
      body: { data: { byPhone: { id: '9', name: 'Ann' } } },
    }));
    expect(await callPartner(found.deps, call('findByPhone', { phone: '+1' }))).toMatchObject({
      kind: 'ok',
      value: { id: '9', name: 'Ann' },
    });
  });

  it('reads data-table partners through the same interface', async () => {
    const { deps } = setup(() => ok);
    expect(
      await callPartner(deps, { ...call('byCity', { city: 'Krakow' }), partner: 'hours' }),
    ).toMatchObject({ kind: 'ok', value: { open: '9-17' } });
    expect(
      await callPartner(deps, { ...call('byCity', { city: 'Gdynia' }), partner: 'hours' }),
    ).toMatchObject({ kind: 'failed', error: { code: 'not-found' } });
  });

  it('audits every call without inputs or credentials', async () => {
    const { deps, log } = setup(() => ok);
    await callPartner(deps, call('findByPhone', { phone: '+48500100200' }));
    const text = JSON.stringify(log.lines);
    expect(log.lines).toHaveLength(1);
    expect(text).not.toContain('48500100200');
    expect(text).not.toContain('tok-1');
    expect(log.lines[0]?.fields).toMatchObject({
      partner: 'acme',
      operation: 'findByPhone',
      correlationId: 'corr-1',
    });
  });
});
