/**
 * `POST /webhooks/{partner}` as API Gateway delivers it: the raw body out of the v2 event, the
 * URL the partner signed, `receiveWebhook`, and its answer as JSON — behind Powertools logging
 * (keys reset per request) and metrics.
 */
import type { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { breakdownMetricNames, countMetric } from '#shared/observability/metrics.ts';
import { errorBody, type ReceiveDeps, receiveWebhook, type WebhookResponse } from './receive.ts';

export interface WebhookHandlerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly receive: ReceiveDeps;
  /** The dedupe's configs, told each invocation's remaining time. */
  readonly idempotencyConfigs: readonly IdempotencyConfig[];
  /** `PUBLIC_BASE_URL`: the address partners call when a custom domain or stage is in front. */
  readonly publicBaseUrl: string | undefined;
}

/**
 * The URL the partner called, which Twilio-style schemes sign. Behind a custom domain or a
 * named stage only configuration knows it (`PUBLIC_BASE_URL`, base path included).
 */
export function publicUrl(
  event: APIGatewayProxyEventV2,
  partner: string,
  publicBaseUrl: string | undefined,
): string {
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const base = publicBaseUrl?.replace(/\/+$/, '');
  if (base) return `${base}/webhooks/${encodeURIComponent(partner)}${query}`;
  return `https://${event.requestContext.domainName}${event.rawPath}${query}`;
}

/** `accepted`, `duplicate`, or the refusal's error code: a small, fixed set of values. */
function answerName(response: WebhookResponse): string {
  const { error } = response.body as { error?: { code?: unknown } };
  if (typeof error?.code === 'string') return error.code;
  return response.statusCode === 202 ? 'accepted' : 'duplicate';
}

export function makeWebhookHandler(deps: WebhookHandlerDeps) {
  const { logger, metrics } = deps;
  const receive = async (
    event: APIGatewayProxyEventV2,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    for (const config of deps.idempotencyConfigs) config.registerLambdaContext(context);
    const partner = event.pathParameters?.partner ?? '';
    const response: WebhookResponse = await receiveWebhook(deps.receive, {
      partner,
      headers: event.headers ?? {},
      rawBody: Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8'),
      publicUrl: publicUrl(event, partner, deps.publicBaseUrl),
      correlationId: event.requestContext.requestId,
      sourceIp: event.requestContext.http?.sourceIp,
    }).catch((error: unknown) => {
      logger.error('webhook receiver failed', { partner, error: (error as Error).name });
      return { statusCode: 500, body: errorBody('internal', 'Internal error.') };
    });
    metrics.addMetric(`WebhookAnswer${response.statusCode}`, MetricUnit.Count, 1);
    countMetric(metrics, breakdownMetricNames.webhookDeliveries, 1, {
      // A path segment is the caller's choice: only known partners become a dimension value.
      partner: Object.hasOwn(deps.receive.partners, partner) ? partner : 'unknown',
      answer: answerName(response),
    });
    return {
      statusCode: response.statusCode,
      headers: { 'content-type': 'application/json', ...response.headers },
      body: JSON.stringify(response.body),
    };
  };
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use({
      before: (request) => {
        // Carried onto the queue message, so the worker's logs join this request's.
        logger.setCorrelationId(request.event.requestContext?.requestId);
      },
    })
    .handler(receive);
}
