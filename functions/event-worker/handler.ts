/**
 * event-worker: applies verified partner events from `events`, each partner event id once
 * (`shared/events/event-worker.ts`); a message that keeps failing goes to the DLQ without holding
 * back the rest of its batch.
 */
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { requiredEnv } from '#shared/config/env.ts';
import type { ApplyDeps } from '#shared/events/apply.ts';
import { makeApplyDeps } from '#shared/events/deps.ts';
import { eventWorker } from '#shared/events/event-worker.ts';
import { idempotencyStore } from '#shared/state/idempotency-store.ts';
import { sqsWorker } from '#shared/workers/sqs-worker.ts';

const logger = new Logger();
const metrics = new Metrics();
const dynamo = new DynamoDBClient({});
// The emulator's queue URLs are not valid endpoints; the region's endpoint is right in AWS too.
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });

/** Exported so a test fixture can wrap it with an injected crash. */
export const applyDeps: ApplyDeps = makeApplyDeps({
  dynamo,
  tableName: requiredEnv('CONVERSATION_STATE_TABLE'),
  sqs,
  jobsQueueUrl: requiredEnv('JOBS_QUEUE_URL'),
  ...(process.env.BUSINESS_TIME_ZONE && { timeZone: process.env.BUSINESS_TIME_ZONE }),
});

export const persistenceStore: BasePersistenceLayer = idempotencyStore({
  dynamo,
  tableName: requiredEnv('IDEMPOTENCY_TABLE'),
});

export const makeHandler = (deps: ApplyDeps, persistence: BasePersistenceLayer) =>
  sqsWorker({ logger, metrics }, eventWorker(deps, persistence));

export const handler = makeHandler(applyDeps, persistenceStore);
