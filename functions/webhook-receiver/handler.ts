/**
 * webhook-receiver: `POST /webhooks/{partner}`. Verifies the partner's signature over the raw
 * bytes, dedupes on the partner's event id and acknowledges only once the event is on `events`.
 * The logic is `receiveWebhook`; this file wires AWS clients, Powertools and middy.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { requiredEnv } from '#shared/config/env.ts';
import { inboundPartners } from '#shared/partners/index.ts';
import { secretsManagerProvider } from '#shared/secrets/secrets-manager.ts';
import { idempotencyStore } from '#shared/state/idempotency-store.ts';
import { makeEnqueueOnce } from '#shared/webhooks/enqueue-once.ts';
import {
  errorBody,
  type ReceiveDeps,
  receiveWebhook,
  type WebhookResponse,
} from '#shared/webhooks/receive.ts';
import { webhookSecrets } from '#shared/webhooks/secrets.ts';

const logger = new Logger();
const metrics = new Metrics();
// The emulator's queue URLs are not valid endpoints; the region's endpoint is right in AWS too.
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
const eventsQueueUrl = requiredEnv('EVENTS_QUEUE_URL');
// A rotated-in partner secret is picked up within a minute.
const secretsProvider = secretsManagerProvider({ maxAgeSeconds: 60 });
const secrets = webhookSecrets((name) => secretsProvider.get(name));

const { enqueueOnce, config: idempotencyConfig } = makeEnqueueOnce({
  persistenceStore: idempotencyStore({
    dynamo: new DynamoDBClient({}),
    tableName: requiredEnv('IDEMPOTENCY_TABLE'),
  }),
  async send(message) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: eventsQueueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: {
          correlationId: { DataType: 'String', StringValue: message.correlationId },
        },
      }),
    );
  },
});

const deps: ReceiveDeps = {
  partners: inboundPartners,
  inboundSecrets: secrets.inbound,
  enqueueOnce,
  now: () => new Date(),
  log: {
    info: (message, fields) => logger.info(message, fields),
    warn: (message, fields) => logger.warn(message, fields),
  },
};

/**
 * The URL the partner called, which Twilio-style schemes sign. Behind a custom domain or a
 * named stage only configuration knows it (`PUBLIC_BASE_URL`, base path included).
 */
export function publicUrl(event: APIGatewayProxyEventV2, partner: string): string {
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const base = process.env.PUBLIC_BASE_URL?.replace(/\/+$/, '');
  if (base) return `${base}/webhooks/${encodeURIComponent(partner)}${query}`;
  return `https://${event.requestContext.domainName}${event.rawPath}${query}`;
}

async function receive(
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  idempotencyConfig.registerLambdaContext(context);
  const partner = event.pathParameters?.partner ?? '';
  const raw = event.body ?? '';
  const response: WebhookResponse = await receiveWebhook(deps, {
    partner,
    headers: event.headers ?? {},
    rawBody: Buffer.from(raw, event.isBase64Encoded ? 'base64' : 'utf8'),
    publicUrl: publicUrl(event, partner),
    correlationId: event.requestContext.requestId,
  }).catch((error: unknown) => {
    logger.error('webhook receiver failed', { partner, error: (error as Error).name });
    return { statusCode: 500, body: errorBody('internal', 'Internal error.') };
  });
  metrics.addMetric(`WebhookAnswer${response.statusCode}`, MetricUnit.Count, 1);
  return {
    statusCode: response.statusCode,
    headers: { 'content-type': 'application/json', ...response.headers },
    body: JSON.stringify(response.body),
  };
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use({
    before: (request) => {
      // Carried onto the queue message, so the worker's logs join this request's.
      logger.setCorrelationId(request.event.requestContext?.requestId);
    },
  })
  .handler(receive);
