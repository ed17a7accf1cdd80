/**
 * outbound-dispatcher: delivers conversation events from `outbound` to subscribed partner
 * endpoints, signed with Standard Webhooks, retrying on a growing schedule (re-queued with SQS
 * delays, long waits as message visibility) and leaving exhausted deliveries in the DLQ.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { requiredEnv } from '#shared/config/env.ts';
import {
  type DispatchDeps,
  type DispatchOutcome,
  deliver,
  fanOut,
} from '#shared/outbound/dispatch.ts';
import { outboundMessageSchema } from '#shared/outbound/messages.ts';
import { subscriptionsFromEnv } from '#shared/outbound/subscriptions.ts';
import { partnerWebhookSecret } from '#shared/partners/secret-names.ts';
import { secretsManagerProvider } from '#shared/secrets/secrets-manager.ts';
import { webhookSecrets } from '#shared/webhooks/secrets.ts';

const logger = new Logger();
const metrics = new Metrics();
const dynamo = new DynamoDBClient({});
// The emulator's queue URLs are not valid endpoints; the region's endpoint is right in AWS too.
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
const tableName = requiredEnv('CONVERSATION_STATE_TABLE');
const outboundQueueUrl = requiredEnv('OUTBOUND_QUEUE_URL');
const secretsProvider = secretsManagerProvider();
const secrets = webhookSecrets((name) => secretsProvider.get(name));
/** Standard Webhooks suggests 15–30 s; well inside the function's own timeout. */
const attemptTimeoutMs = 10_000;

const subscriptionKey = (endpoint: string) =>
  marshall({ pk: `outbound#${endpoint}`, sk: 'subscription' });

const deps: DispatchDeps = {
  subscriptions: subscriptionsFromEnv(process.env),
  signingSecret: (endpoint) => secrets.outbound(partnerWebhookSecret(endpoint)),
  async post(url, headers, body) {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(attemptTimeoutMs),
    });
    await response.body?.cancel();
    const retryAfter = response.headers.get('retry-after') ?? undefined;
    return { status: response.status, ...(retryAfter ? { retryAfter } : {}) };
  },
  async enqueue(delivery, delaySeconds) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: outboundQueueUrl,
        MessageBody: JSON.stringify(delivery),
        DelaySeconds: delaySeconds,
      }),
    );
  },
  async isDisabled(endpoint) {
    const { Item } = await dynamo.send(
      new GetItemCommand({ TableName: tableName, Key: subscriptionKey(endpoint) }),
    );
    return Item?.disabled?.BOOL === true;
  },
  async disable(endpoint, reason, at) {
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          ...subscriptionKey(endpoint),
          ...marshall({ disabled: true, reason, disabledAt: at.toISOString() }),
        },
      }),
    );
  },
  now: () => new Date(),
  random: Math.random,
  log: {
    info: (message, fields) => logger.info(message, fields),
    warn: (message, fields) => logger.warn(message, fields),
  },
};

class DeliveryPendingError extends Error {
  override readonly name = 'DeliveryPendingError';
}

export function makeHandler(dispatchDeps: DispatchDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  const processRecord = async (record: SQSRecord) => {
    let outcome: DispatchOutcome;
    const parsed = outboundMessageSchema.safeParse(
      (() => {
        try {
          return JSON.parse(record.body);
        } catch {
          return undefined;
        }
      })(),
    );
    if (!parsed.success) {
      logger.error('outbound message is malformed', { messageId: record.messageId });
      throw new Error('Malformed outbound message');
    }
    const message = parsed.data;
    if ('kind' in message) {
      outcome = await deliver(dispatchDeps, message, {
        count: Number(record.attributes.ApproximateReceiveCount ?? '1'),
      });
    } else {
      outcome = await fanOut(dispatchDeps, message);
    }
    metrics.addMetric(`Outbound_${outcome.action}`, MetricUnit.Count, 1);
    if (outcome.action === 'done') return;
    // Failing the record keeps the message; its visibility decides when it comes back.
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: outboundQueueUrl,
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: outcome.action === 'defer' ? outcome.seconds : 0,
      }),
    );
    throw new DeliveryPendingError(outcome.action);
  };

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
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

export const handler = makeHandler(deps);
