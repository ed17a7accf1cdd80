/**
 * job-worker: finishes partner calls that did not fit in a turn (SQS `jobs`). Each job runs at
 * most once per job id (Powertools idempotency), failures are reported per message, and a
 * message that keeps failing goes to the DLQ.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { requiredEnv } from '#shared/config/env.ts';
import { makePartnerDeps } from '#shared/connectors/deps.ts';
import { type JobMessage, jobMessageSchema } from '#shared/jobs/job.ts';
import { dynamoJobStore } from '#shared/jobs/job-store.ts';
import { type RunJobDeps, runJob } from '#shared/jobs/run-job.ts';
import { secretsManagerProvider } from '#shared/secrets/secrets-manager.ts';

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
    log: {
      info: (message, fields) => logger.info(message, fields),
      warn: (message, fields) => logger.warn(message, fields),
    },
    metrics: { count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value) },
    env: process.env,
  }),
  jobStore: dynamoJobStore(dynamo, tableName),
  now: Date.now,
};

const idempotencyConfig = new IdempotencyConfig({
  eventKeyJmesPath: 'jobId',
  throwOnNoIdempotencyKey: true,
  // Longer than the queue's retention of a message, so a late redelivery is still recognised.
  expiresAfterSeconds: 5 * 24 * 3600,
});

const processor = new BatchProcessor(EventType.SQS);

export function makeHandler(runDeps: RunJobDeps, persistenceStore: DynamoDBPersistenceLayer) {
  const runJobOnce = makeIdempotent(
    (
      job: JobMessage,
      context: { remainingTimeMs: number; lastReceive: boolean; receiveCount: number },
    ) => runJob(runDeps, job, context),
    { persistenceStore, config: idempotencyConfig, keyPrefix: 'job-worker.run-job' },
  );

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    idempotencyConfig.registerLambdaContext(context);
    const processRecord = async (record: SQSRecord) => {
      let job: JobMessage;
      try {
        job = jobMessageSchema.parse(JSON.parse(record.body));
      } catch {
        // Poison: it fails on every receive and so reaches the DLQ; its body is not logged.
        logger.error('job message is malformed', { messageId: record.messageId });
        throw new Error('Malformed job message');
      }
      const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
      const outcome = await runJobOnce(job, {
        remainingTimeMs: context.getRemainingTimeInMillis(),
        lastReceive: receiveCount >= maxReceiveCount,
        receiveCount,
      });
      logger.info('job finished', {
        jobId: job.jobId,
        partner: job.partner,
        operation: job.operation,
        correlationId: job.correlationId,
        status: outcome.status,
        receiveCount,
      });
    };
    try {
      return await processPartialResponse(event, processRecord, processor, {
        context,
        throwOnFullBatchFailure: false,
      });
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}

export const handler = makeHandler(
  deps,
  new DynamoDBPersistenceLayer({
    tableName: requiredEnv('IDEMPOTENCY_TABLE'),
    awsSdkV3Client: dynamo,
  }),
);
