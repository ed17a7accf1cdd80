import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { inboundPartners } from '#shared/partners/index.ts';
import { makeWebhookHandler, publicUrl } from '#shared/webhooks/http-handler.ts';
import type { ReceiveDeps } from '#shared/webhooks/receive.ts';
import { captureLogs, httpEvent, lambdaContext } from '../support/lambda.ts';

const logs = captureLogs();

function handler(overrides: Partial<ReceiveDeps> = {}, publicBaseUrl?: string) {
  const webhookHandler = makeWebhookHandler({
    logger: new Logger({ serviceName: 'webhook-test' }),
    metrics: new Metrics({ namespace: 'switchboard-test', serviceName: 'webhook-test' }),
    receive: {
      partners: inboundPartners,
      inboundSecrets: async () => ['whsec_dGVzdA=='],
      enqueueOnce: async () => 'queued',
      now: () => new Date('2026-11-21T09:00:00Z'),
      log: { info: () => undefined, warn: () => undefined },
      ...overrides,
    },
    idempotencyConfigs: [new IdempotencyConfig({})],
    publicBaseUrl,
  });
  return async (partner: string, body: string, isBase64Encoded = false) => {
    const event = {
      ...httpEvent(`POST /webhooks/${partner}`, body, isBase64Encoded),
      routeKey: 'POST /webhooks/{partner}',
      pathParameters: { partner },
    };
    const result: APIGatewayProxyStructuredResultV2 = await webhookHandler(
      event,
      lambdaContext('webhook-receiver'),
    );
    return { ...result, json: JSON.parse(String(result.body)) };
  };
}

describe('publicUrl', () => {
  const event = {
    ...httpEvent('POST /webhooks/sms', ''),
    rawQueryString: 'account=AC1',
  };

  it('is the API Gateway domain and path when nothing is configured', () => {
    expect(publicUrl(event, 'sms', undefined)).toBe(
      'https://api.example.com/webhooks/sms?account=AC1',
    );
  });

  it('is the configured base URL (with its stage path) when a custom domain is in front', () => {
    expect(publicUrl(event, 'sms', 'https://hooks.example.com/prod/')).toBe(
      'https://hooks.example.com/prod/webhooks/sms?account=AC1',
    );
  });
});

describe('the webhook-receiver handler', () => {
  it('answers in JSON with the receiver’s status: an unknown partner is 404', async () => {
    const response = await handler()('nobody', '{}');
    expect(response.statusCode).toBe(404);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(response.json.error.code).toBe('unknown_partner');
  });

  it('counts each answer by partner and reason, and never a made-up partner name', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    try {
      await handler()('shop', '{}');
      await handler()('x'.repeat(40), '{}');
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
    const counts = lines
      .filter((line) => line.includes('WebhookDeliveries'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(counts).toEqual([
      expect.objectContaining({ partner: 'shop', answer: 'invalid_signature' }),
      expect.objectContaining({ partner: 'unknown', answer: 'unknown_partner' }),
    ]);
  });

  it('refuses a source outside the partner’s allow-list with 403, before checking the signature', async () => {
    const allowOnly = (sourceIp: string | undefined) => sourceIp === '203.0.113.7';
    const fromElsewhere = await handler({ sourceAllowed: (_partner, ip) => allowOnly(ip) })(
      'shop',
      '{}',
    );
    expect(fromElsewhere.statusCode).toBe(403);
    expect(fromElsewhere.json.error.code).toBe('source_not_allowed');
  });

  it('reads a base64 body and refuses a bad signature with 401', async () => {
    const body = Buffer.from('{"type":"order.status_changed"}').toString('base64');
    const response = await handler()('shop', body, true);
    expect(response.statusCode).toBe(401);
  });

  it('answers 500 without details when the receiver itself breaks, and logs only the error name', async () => {
    const response = await handler({
      inboundSecrets: () => {
        throw new TypeError('secret switchboard/shop/webhooks: whsec_leaked');
      },
    })('shop', '{}');
    expect(response.statusCode).toBeGreaterThanOrEqual(500);
    expect(JSON.stringify(response.json)).not.toContain('whsec_leaked');
    expect(JSON.stringify(logs)).not.toContain('whsec_leaked');
  });
});
