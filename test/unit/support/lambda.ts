/** A Lambda context, a v2 HTTP API event and Powertools' log lines, for handler unit tests. */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, beforeEach, vi } from 'vitest';
import { recordLogLine } from '#test/support/log-scan.ts';

export type LogLine = Record<string, unknown>;

/**
 * Collects Powertools' log lines (one JSON document per line on the console, with POWERTOOLS_DEV
 * in unit tests) for the tests of the calling file.
 */
export function captureLogs(): LogLine[] {
  const logs: LogLine[] = [];
  beforeEach(() => {
    logs.length = 0;
    for (const method of ['debug', 'info', 'warn', 'error', 'log'] as const) {
      vi.spyOn(console, method).mockImplementation((text: unknown) => {
        recordLogLine(text);
        if (typeof text !== 'string' || !text.startsWith('{')) return;
        const line = JSON.parse(text) as LogLine;
        if ('level' in line) logs.push(line);
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return logs;
}

let invocations = 0;

export function lambdaContext(functionName: string): Context {
  invocations++;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `request-${invocations}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'unit',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 10_000,
  } as Context;
}

export function httpEvent(
  routeKey: string,
  body: string,
  isBase64Encoded = false,
): APIGatewayProxyEventV2 {
  const [, rawPath = '/'] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: {
        method: 'POST',
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'unit',
      },
      requestId: `api-request-${invocations}`,
      routeKey,
      stage: '$default',
      time: '01/Jan/2030:00:00:00 +0000',
      timeEpoch: 1_893_456_000_000,
    },
    body,
    isBase64Encoded,
  };
}
