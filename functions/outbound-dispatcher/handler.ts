/**
 * outbound-dispatcher: delivers conversation events from `outbound` to subscribed partner
 * endpoints, signed with Standard Webhooks, retrying on a growing schedule (re-queued with SQS
 * delays, long waits as message visibility) and leaving exhausted deliveries in the DLQ
 * (`shared/outbound/`).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { requiredEnv } from '#shared/config/env.ts';
import { makeDispatchDeps } from '#shared/outbound/deps.ts';
import type { DispatchDeps } from '#shared/outbound/dispatch.ts';
import { sqsOutboundQueue } from '#shared/outbound/outbound-queue.ts';
import { outboundWorker } from '#shared/outbound/outbound-worker.ts';
import { secretsManagerProvider } from '#shared/secrets/secrets-manager.ts';
import { sqsWorker } from '#shared/workers/sqs-worker.ts';

const logger = new Logger();
const metrics = new Metrics();
const queue = sqsOutboundQueue({
  // The emulator's queue URLs are not valid endpoints; the region's endpoint is right in AWS too.
  sqs: new SQSClient({ useQueueUrlAsEndpoint: false }),
  queueUrl: requiredEnv('OUTBOUND_QUEUE_URL'),
});

const deps = makeDispatchDeps({
  dynamo: new DynamoDBClient({}),
  tableName: requiredEnv('CONVERSATION_STATE_TABLE'),
  queue,
  secrets: secretsManagerProvider(),
  log: logger,
  env: process.env,
});

export const makeHandler = (dispatchDeps: DispatchDeps) =>
  sqsWorker({ logger, metrics }, outboundWorker(dispatchDeps, queue));

export const handler = makeHandler(deps);
