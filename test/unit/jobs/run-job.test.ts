import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineConnector, defineOperation } from '#shared/connectors/types.ts';
import type { JobMessage, JobOutcome } from '#shared/jobs/job.ts';
import { runJob, TransientJobError } from '#shared/jobs/run-job.ts';
import { definePartner } from '#shared/partners/define.ts';
import { type Reply, scriptedFetch, testDeps } from '../connectors/fakes.ts';

const slow = definePartner({
  name: 'slow',
  connector: defineConnector({
    auth: { kind: 'none' },
    retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    breaker: { failureThreshold: 100, windowMs: 1000, openMs: 1000 },
    operations: {
      book: defineOperation({
        kind: 'rest',
        method: 'POST',
        idempotencyKey: true,
        input: z.object({ what: z.string() }),
        path: () => 'bookings',
        body: (input) => input,
        response: z.object({ id: z.string() }),
        timeoutMs: 100,
        jobTimeoutMs: 2000,
        deferrable: true,
      }),
    },
  }),
}).connector;

const job: JobMessage = {
  jobId: 'job-1',
  partner: 'slow',
  operation: 'book',
  input: { what: 'repair' },
  correlationId: 'corr-9',
  idempotencyKey: 'key-from-the-turn',
  createdAt: 0,
};

function setup(reply: Reply) {
  const fetch = scriptedFetch(() => reply);
  const { deps } = testDeps({ partners: { slow }, fetch, withJobs: true });
  const completed: { jobId: string; outcome: JobOutcome }[] = [];
  const runDeps = {
    partner: deps,
    now: Date.now,
    jobStore: {
      get: async () => undefined,
      complete: async (jobId: string, outcome: JobOutcome) => {
        completed.push({ jobId, outcome });
      },
    },
  };
  return { runDeps, completed, fetch };
}

describe('runJob', () => {
  it('stores the result, reusing the turn’s Idempotency-Key and never deferring again', async () => {
    const { runDeps, completed, fetch } = setup({ status: 201, body: { id: 'b-1' } });
    const outcome = await runJob(runDeps, job, { remainingTimeMs: 60_000, lastReceive: false });
    expect(outcome).toEqual({ status: 'succeeded' });
    expect(completed).toEqual([
      {
        jobId: 'job-1',
        outcome: expect.objectContaining({ status: 'succeeded', result: { id: 'b-1' } }),
      },
    ]);
    expect(fetch.requests[0]?.headers['idempotency-key']).toBe('key-from-the-turn');
  });

  it('stores a permanent failure as a typed error', async () => {
    const { runDeps, completed } = setup({ status: 422, body: {} });
    expect(await runJob(runDeps, job, { remainingTimeMs: 60_000, lastReceive: false })).toEqual({
      status: 'failed',
    });
    expect(completed[0]?.outcome).toMatchObject({
      status: 'failed',
      error: { code: 'bad-request' },
    });
  });

  it('throws a transient failure back to SQS, except on the last receive', async () => {
    const first = setup({ status: 503 });
    await expect(
      runJob(first.runDeps, job, { remainingTimeMs: 60_000, lastReceive: false }),
    ).rejects.toBeInstanceOf(TransientJobError);
    expect(first.completed).toEqual([]);

    const last = setup({ status: 503 });
    expect(await runJob(last.runDeps, job, { remainingTimeMs: 60_000, lastReceive: true })).toEqual(
      {
        status: 'failed',
      },
    );
    expect(last.completed[0]?.outcome).toMatchObject({
      status: 'failed',
      error: { code: 'unavailable' },
    });
  });

  it('gives a job a caller waits on until its answer time, then stores the failure as final', async () => {
    const { runDeps, completed } = setup({ status: 503, body: {} });
    const waited = { ...job, answerBy: Date.now() + 5_000 };
    expect(await runJob(runDeps, waited, { remainingTimeMs: 60_000, lastReceive: false })).toEqual({
      status: 'failed',
    });
    expect(completed[0]?.outcome).toMatchObject({
      status: 'failed',
      error: { code: 'unavailable' },
    });
  });

  it('does not start a call for a caller who stopped waiting', async () => {
    const { runDeps, completed, fetch } = setup({ status: 201, body: { id: 'b-1' } });
    const late = { ...job, answerBy: Date.now() - 1 };
    expect(await runJob(runDeps, late, { remainingTimeMs: 60_000, lastReceive: false })).toEqual({
      status: 'failed',
    });
    expect(fetch.requests).toHaveLength(0);
    expect(completed[0]?.outcome).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
  });
});
