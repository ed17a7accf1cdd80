import { callPartner, type PartnerDeps } from '#shared/connectors/call-partner.ts';
import { isTransient } from '#shared/connectors/retry.ts';
import { SwitchboardError } from '#shared/errors.ts';
import type { JobMessage, JobStore } from './job.ts';

export interface RunJobDeps {
  readonly partner: PartnerDeps;
  readonly jobStore: Pick<JobStore, 'complete'>;
  readonly now: () => number;
}

export class TransientJobError extends SwitchboardError {
  override readonly name = 'TransientJobError';
}

/** What the worker gives each job: long enough for slow partners, short of the Lambda timeout. */
const jobBudgetMs = 45_000;
/** Kept before a caller's `answerBy` for storing the outcome. */
const storeReserveMs = 1_000;

/**
 * Performs a job with the full retry policy and long timeouts, and stores the result or a
 * typed failure on the job record. A job a caller waits on gets until its `answerBy`, and its
 * failure is then final: a redelivery minutes later would answer nobody. Other jobs (event
 * notifications) throw a transient failure while SQS still has receives left, so the message
 * comes back later; on the last receive it is stored as the failure.
 */
export async function runJob(
  deps: RunJobDeps,
  job: JobMessage,
  context: {
    readonly remainingTimeMs: number;
    readonly lastReceive: boolean;
    /** SQS receives so far, this one included; stored as the job's attempts. */
    readonly receiveCount?: number;
  },
): Promise<{ status: 'succeeded' | 'failed' }> {
  const startedAt = deps.now();
  const lambdaLimit = startedAt + context.remainingTimeMs - 2000;
  const deadline =
    job.answerBy === undefined
      ? Math.min(startedAt + jobBudgetMs, lambdaLimit)
      : Math.min(job.answerBy - storeReserveMs, lambdaLimit);
  const result = await callPartner(deps.partner, {
    partner: job.partner,
    operation: job.operation,
    input: job.input,
    correlationId: job.correlationId,
    mode: 'job',
    deadline: { at: deadline },
    ...(job.idempotencyKey !== undefined && { idempotencyKey: job.idempotencyKey }),
  });
  if (result.kind === 'ok') {
    await deps.jobStore.complete(
      job.jobId,
      { status: 'succeeded', result: result.value, attempts: context.receiveCount ?? 1 },
      deps.now(),
    );
    return { status: 'succeeded' };
  }
  const error =
    result.kind === 'failed'
      ? result.error
      : { code: 'misconfigured' as const, message: 'A job cannot become another job' };
  const retryLater = job.answerBy === undefined && !context.lastReceive;
  if ((isTransient(error.code) || error.code === 'circuit-open') && retryLater) {
    throw new TransientJobError(`${job.partner}.${job.operation}: ${error.code}`);
  }
  await deps.jobStore.complete(
    job.jobId,
    { status: 'failed', error, attempts: context.receiveCount ?? 1 },
    deps.now(),
  );
  return { status: 'failed' };
}
