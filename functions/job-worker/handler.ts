/**
 * job-worker: finishes partner calls that did not fit in a turn (SQS `jobs`), each job id at most
 * once (`shared/jobs/job-worker.ts`); a message that keeps failing goes to the DLQ.
 */
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { requiredEnv } from '#shared/config/env.ts';
import { makePartnerDeps } from '#shared/connectors/deps.ts';
import { jobWorker } from '#shared/jobs/job-worker.ts';
import type { RunJobDeps } from '#shared/jobs/run-job.ts';
import { partnerMetrics } from '#shared/observability/metrics.ts';
import { secretsManagerProvider } from '#shared/secrets/secrets-manager.ts';
import { idempotencyStore } from '#shared/state/idempotency-store.ts';
import { jobStore } from '#shared/state/job-store.ts';
import { sqsWorker } from '#shared/workers/sqs-worker.ts';

const logger = new Logger();
const metrics = new Metrics();
const dynamo = new DynamoDBClient({});
const tableName = requiredEnv('CONVERSATION_STATE_TABLE');
const maxReceiveCount = Number(process.env.JOBS_MAX_RECEIVE_COUNT ?? '3');

const deps: RunJobDeps = {
  partner: makePartnerDeps({
    dynamo,
    tableName,
    secrets: secretsManagerProvider(),
    log: logger,
    metrics: partnerMetrics(metrics),
    env: process.env,
  }),
  jobStore: jobStore({ dynamo, tableName }),
  now: Date.now,
};

export const makeHandler = (runDeps: RunJobDeps, persistence: BasePersistenceLayer) =>
  sqsWorker({ logger, metrics }, jobWorker(runDeps, persistence, { maxReceiveCount }));

export const handler = makeHandler(
  deps,
  idempotencyStore({ dynamo, tableName: requiredEnv('IDEMPOTENCY_TABLE') }),
);
