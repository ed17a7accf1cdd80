/**
 * event-worker: applies verified partner events from `events`. Each partner event id is applied
 * once (Powertools idempotency, its own key prefix), failures are reported per message, and a
 * message that keeps failing goes to the DLQ without holding back the rest of its batch.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { requiredEnv } from '#shared/config/env.ts';
import { type ApplyDeps, applyEvent } from '#shared/events/apply.ts';
import { dynamoStateStore } from '#shared/events/dynamo-state-store.ts';
import { jobPartitionKey, jobRecordTtlSeconds, jobSortKey } from '#shared/jobs/job.ts';
import { type EventMessage, eventMessageSchema } from '#shared/webhooks/event-message.ts';

const logger = new Logger();
const metrics = new Metrics();
const dynamo = new DynamoDBClient({});
// The emulator's queue URLs are not valid endpoints; the region's endpoint is right in AWS too.
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
const tableName = requiredEnv('CONVERSATION_STATE_TABLE');
const jobsQueueUrl = requiredEnv('JOBS_QUEUE_URL');

/** Exported so a test fixture can wrap it with an injected crash. */
export const applyDeps: ApplyDeps = {
  store: dynamoStateStore(dynamo, tableName),
  async submitJob(job) {
    const createdAt = Date.now();
    try {
      await dynamo.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall({
            pk: jobPartitionKey(job.jobId),
            sk: jobSortKey,
            jobId: job.jobId,
            partner: job.partner,
            operation: job.operation,
            correlationId: job.correlationId,
            status: 'pending',
            createdAt,
            expiresAt: Math.floor(createdAt / 1000) + jobRecordTtlSeconds,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Submitted by an earlier try of this event; sending again is safe (job ids dedupe).
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: jobsQueueUrl,
        MessageBody: JSON.stringify({ ...job, idempotencyKey: job.jobId, createdAt }),
        MessageAttributes: {
          correlationId: { DataType: 'String', StringValue: job.correlationId },
        },
      }),
    );
  },
  now: () => new Date(),
};

/** Longer than the events queue keeps a message, so any redelivery is still recognised. */
const dedupeSeconds = 5 * 24 * 3600;

export function makeHandler(deps: ApplyDeps, persistence: BasePersistenceLayer) {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[partner, eventId]',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: dedupeSeconds,
  });
  const applyOnce = makeIdempotent((message: EventMessage) => applyEvent(deps, message), {
    persistenceStore: persistence,
    config,
    keyPrefix: 'event-worker.apply',
  });
  const processor = new BatchProcessor(EventType.SQS);

  const processRecord = async (record: SQSRecord) => {
    let message: EventMessage;
    try {
      message = eventMessageSchema.parse(JSON.parse(record.body));
    } catch {
      // Poison: fails on every receive and so reaches the DLQ; its body is not logged.
      logger.error('event message is malformed', { messageId: record.messageId });
      metrics.addMetric('EventMalformed', MetricUnit.Count, 1);
      throw new Error('Malformed event message');
    }
    logger.setCorrelationId(message.correlationId);
    try {
      const result = await applyOnce(message);
      logger.info('event applied', {
        partner: message.partner,
        eventId: message.eventId,
        type: message.type,
        ...result,
      });
      metrics.addMetric(
        result.entity === 'stale' ? 'EventStale' : 'EventApplied',
        MetricUnit.Count,
        1,
      );
    } catch (error) {
      logger.warn('event not applied', {
        partner: message.partner,
        eventId: message.eventId,
        type: message.type,
        error: (error as Error).name,
      });
      throw error;
    }
  };

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    config.registerLambdaContext(context);
    logger.addContext(context);
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

export const persistenceStore = new DynamoDBPersistenceLayer({
  tableName: requiredEnv('IDEMPOTENCY_TABLE'),
  awsSdkV3Client: dynamo,
});

export const handler = makeHandler(applyDeps, persistenceStore);
