import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { idempotencyScopes } from '#shared/state/table-design.ts';
import type { MessageWorker } from '#shared/workers/sqs-worker.ts';
import { type JobMessage, jobMessageSchema } from './job.ts';
import { type RunJobDeps, runJob } from './run-job.ts';

/**
 * What job-worker does with a partner call that did not fit in a turn: runs it at most once per
 * job id, and on the queue's last receive stores a transient failure as final.
 */
export function jobWorker(
  deps: RunJobDeps,
  persistenceStore: BasePersistenceLayer,
  queue: { readonly maxReceiveCount: number },
): MessageWorker<JobMessage> {
  const { keyPrefix, retentionSeconds } = idempotencyScopes.runJob;
  const idempotency = new IdempotencyConfig({
    eventKeyJmesPath: 'jobId',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: retentionSeconds,
  });
  const runJobOnce = makeIdempotent(
    (job: JobMessage, context: Parameters<typeof runJob>[2]) => runJob(deps, job, context),
    { persistenceStore, config: idempotency, keyPrefix },
  );
  return {
    kind: 'job',
    schema: jobMessageSchema,
    correlationId: (job) => job.correlationId,
    idempotency,
    async process(job, { context, receiveCount, log }) {
      const outcome = await runJobOnce(job, {
        remainingTimeMs: context.getRemainingTimeInMillis(),
        lastReceive: receiveCount >= queue.maxReceiveCount,
        receiveCount,
      });
      log.info('job finished', {
        jobId: job.jobId,
        partner: job.partner,
        operation: job.operation,
        status: outcome.status,
        receiveCount,
      });
    },
  };
}
