import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { queuedJobSubmitter } from '#shared/jobs/job-submitter.ts';
import { customerStore } from '#shared/state/customer-store.ts';
import { entityStateStore } from '#shared/state/entity-state-store.ts';
import { jobStore } from '#shared/state/job-store.ts';
import type { ApplyDeps } from './apply.ts';

export interface ApplyDepsOptions {
  readonly dynamo: DynamoDBClient;
  /** ConversationState: entity state, timelines, news, job records. */
  readonly tableName: string;
  readonly sqs: SQSClient;
  readonly jobsQueueUrl: string;
  /** `BUSINESS_TIME_ZONE`, if set. */
  readonly timeZone?: string;
}

/** The real dependencies of `applyEvent`, built once per Lambda environment. */
export function makeApplyDeps(options: ApplyDepsOptions): ApplyDeps {
  const table = { dynamo: options.dynamo, tableName: options.tableName };
  const customers = customerStore(table);
  const jobs = queuedJobSubmitter({
    jobs: jobStore(table),
    sqs: options.sqs,
    queueUrl: options.jobsQueueUrl,
  });
  return {
    store: {
      ...entityStateStore(table),
      putTimeline: customers.putTimeline,
      putNewsIfNewer: customers.putNewsIfNewer,
    },
    // The job id is stable per event; as the partner's Idempotency-Key it keeps a retried
    // event from notifying twice.
    submitJob: (job) => jobs.submit({ ...job, idempotencyKey: job.jobId, createdAt: Date.now() }),
    now: () => new Date(),
    ...(options.timeZone !== undefined && { timeZone: options.timeZone }),
  };
}
