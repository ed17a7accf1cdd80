/**
 * webhook-receiver: `POST /webhooks/{partner}`. Verifies the partner's signature over the raw
 * bytes, dedupes on the partner's event id and acknowledges only once the event is on `events`
 * (`shared/webhooks/receive.ts`).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { requiredEnv } from '#shared/config/env.ts';
import { inboundPartners } from '#shared/partners/index.ts';
import { secretsManagerProvider } from '#shared/secrets/secrets-manager.ts';
import { idempotencyStore } from '#shared/state/idempotency-store.ts';
import { makeEnqueueOnce } from '#shared/webhooks/enqueue-once.ts';
import { sqsEventsQueue } from '#shared/webhooks/events-queue.ts';
import { makeWebhookHandler } from '#shared/webhooks/http-handler.ts';
import { webhookSecrets } from '#shared/webhooks/secrets.ts';
import { sourceAllowList, webhookSourceCidrsFromEnv } from '#shared/webhooks/source-allow-list.ts';

const logger = new Logger();
// A rotated-in partner secret is picked up within a minute.
const secretsProvider = secretsManagerProvider({ maxAgeSeconds: 60 });
const dynamo = new DynamoDBClient({});

const { enqueueOnce, configs: idempotencyConfigs } = makeEnqueueOnce({
  persistenceStore: () => idempotencyStore({ dynamo, tableName: requiredEnv('IDEMPOTENCY_TABLE') }),
  send: sqsEventsQueue({
    // The emulator's queue URLs are not valid endpoints; the region's endpoint is right in AWS too.
    sqs: new SQSClient({ useQueueUrlAsEndpoint: false }),
    queueUrl: requiredEnv('EVENTS_QUEUE_URL'),
  }),
});

export const handler = makeWebhookHandler({
  logger,
  metrics: new Metrics(),
  receive: {
    partners: inboundPartners,
    inboundSecrets: webhookSecrets((name) => secretsProvider.get(name)).inbound,
    enqueueOnce,
    sourceAllowed: sourceAllowList(webhookSourceCidrsFromEnv(process.env)),
    now: () => new Date(),
    log: logger,
  },
  idempotencyConfigs,
  publicBaseUrl: process.env.PUBLIC_BASE_URL,
});
