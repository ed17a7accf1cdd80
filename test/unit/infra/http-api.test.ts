import { describe, expect, it } from 'vitest';
import {
  fromHttpApiResult,
  isTextContentType,
  type LocalRoute,
  matchRoute,
  toHttpApiEvent,
} from '#infra/local/gateway/http-api.ts';
import { functionNameOf } from '#infra/local/gateway/lambda-api.ts';
import { failedMessageIds } from '#infra/local/sqs-event-source.ts';

const routes: LocalRoute[] = [
  { method: 'POST', path: '/webhooks/{partner}', functionName: 'webhook-receiver' },
  { method: 'POST', path: '/webhooks/special', functionName: 'special' },
  { method: 'GET', path: '/files/{path+}', functionName: 'files' },
  { method: 'POST', path: '/channels/chat', functionName: 'http-fulfillment' },
];

describe('route matching', () => {
  it('binds path parameters, decoded', () => {
    expect(matchRoute(routes, 'POST', '/webhooks/sh%20op')).toMatchObject({
      route: { functionName: 'webhook-receiver' },
      pathParameters: { partner: 'sh op' },
    });
  });

  it('prefers a literal route over a parameter route', () => {
    expect(matchRoute(routes, 'POST', '/webhooks/special')?.route.functionName).toBe('special');
  });

  it('lets a greedy parameter take the rest of the path, but not nothing', () => {
    expect(matchRoute(routes, 'GET', '/files/a/b/c.txt')?.pathParameters).toEqual({
      path: 'a/b/c.txt',
    });
    expect(matchRoute(routes, 'GET', '/files')).toBeUndefined();
  });

  it('needs the method, every segment, and no extra segments', () => {
    expect(matchRoute(routes, 'GET', '/channels/chat')).toBeUndefined();
    expect(matchRoute(routes, 'POST', '/channels/chat/extra')).toBeUndefined();
    expect(matchRoute(routes, 'POST', '/webhooks')).toBeUndefined();
    expect(matchRoute(routes, 'POST', '/channels/chat/')?.route.functionName).toBe(
      'http-fulfillment',
    );
  });

  it('keeps a malformed escape as it came rather than failing the request', () => {
    expect(matchRoute(routes, 'POST', '/webhooks/%E0%A4%A')?.pathParameters).toEqual({
      partner: '%E0%A4%A',
    });
  });
});

describe('API Gateway v2 events', () => {
  const match = { route: routes[0] as LocalRoute, pathParameters: { partner: 'shop' } };
  const request = (headers: Record<string, string | string[]>, body: string) => ({
    method: 'POST',
    url: '/webhooks/shop?a=1&a=2&b=',
    headers,
    body: Buffer.from(body),
    sourceIp: '10.0.0.1',
    requestId: 'req-1',
    now: new Date('2026-11-21T08:05:09Z'),
  });

  it('lower-cases headers, joins repeated ones, and moves cookies out', () => {
    const event = toHttpApiEvent(
      request(
        { 'content-type': 'application/json', 'x-multi': ['a', 'b'], cookie: 'x=1; y=2' },
        '{}',
      ),
      match,
    );
    expect(event.headers).toEqual({ 'content-type': 'application/json', 'x-multi': 'a,b' });
    expect(event.cookies).toEqual(['x=1', 'y=2']);
    expect(event.queryStringParameters).toEqual({ a: '1,2', b: '' });
    expect(event.requestContext.time).toBe('21/Nov/2026:08:05:09 +0000');
    expect(event.requestContext.timeEpoch).toBe(Date.parse('2026-11-21T08:05:09Z'));
    expect(event.body).toBe('{}');
    expect(event.isBase64Encoded).toBe(false);
  });

  it.each([
    ['application/json; charset=utf-8', true],
    ['text/plain', true],
    ['application/xml', true],
    ['application/x-www-form-urlencoded', false],
    ['application/octet-stream', false],
    [undefined, false],
  ])('treats %s as text: %s', (contentType, text) => {
    expect(isTextContentType(contentType)).toBe(text);
  });

  it('keeps binary bodies byte for byte through base64', () => {
    const bytes = Buffer.from([0, 255, 128, 10, 13]);
    const event = toHttpApiEvent(
      { ...request({ 'content-type': 'application/octet-stream' }, ''), body: bytes },
      match,
    );
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });
});

describe('function results as HTTP responses', () => {
  it('uses a result with statusCode as the response', () => {
    const response = fromHttpApiResult(
      JSON.stringify({
        statusCode: 202,
        headers: { 'X-Id': 'e1' },
        body: '{"ok":true}',
        cookies: ['s=1'],
      }),
    );
    expect(response.statusCode).toBe(202);
    expect(response.headers).toEqual({ 'x-id': 'e1', 'set-cookie': ['s=1'] });
    expect(response.body.toString()).toBe('{"ok":true}');
  });

  it('decodes a base64 body', () => {
    const response = fromHttpApiResult(
      JSON.stringify({
        statusCode: 200,
        body: Buffer.from('bin').toString('base64'),
        isBase64Encoded: true,
      }),
    );
    expect(response.body.toString()).toBe('bin');
  });

  it('turns any other result into a 200 JSON body', () => {
    expect(fromHttpApiResult('{"answer":42}')).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
    });
    expect(fromHttpApiResult('{"answer":42}').body.toString()).toBe('{"answer":42}');
    expect(fromHttpApiResult('"plain"').body.toString()).toBe('plain');
  });

  it('answers 500 for a statusCode that is not a number', () => {
    expect(fromHttpApiResult('{"statusCode":"200"}').statusCode).toBe(500);
  });
});

describe('Invoke API function names', () => {
  it.each([
    ['job-worker', 'job-worker'],
    ['job-worker:live', 'job-worker'],
    ['123456789012:function:job-worker', 'job-worker'],
    ['arn:aws:lambda:eu-west-1:123456789012:function:job-worker:7', 'job-worker'],
  ])('reads %s as %s', (identifier, name) => {
    expect(functionNameOf(identifier)).toBe(name);
  });
});

describe('ReportBatchItemFailures responses', () => {
  const messages = [{ MessageId: 'm1' }, { MessageId: 'm2' }];

  it('fails only the reported records', () => {
    expect(failedMessageIds('{"batchItemFailures":[{"itemIdentifier":"m2"}]}', messages)).toEqual(
      new Set(['m2']),
    );
  });

  it.each(['null', '{}', '{"batchItemFailures":[]}', '{"batchItemFailures":null}'])(
    'counts %s as complete success',
    (payload) => {
      expect(failedMessageIds(payload, messages)).toEqual(new Set());
    },
  );

  it.each([
    '{"batchItemFailures":[{"itemIdentifier":""}]}',
    '{"batchItemFailures":[{"itemIdentifier":null}]}',
    '{"batchItemFailures":[{"id":"m1"}]}',
    '{"batchItemFailures":[{"itemIdentifier":"not-in-batch"}]}',
    '{"batchItemFailures":"m1"}',
    'not json',
  ])('fails the whole batch for %s, as Lambda does', (payload) => {
    expect(failedMessageIds(payload, messages)).toBe('whole-batch');
  });
});
