import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '#infra/local/config.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { localCredentials, localRegion } from '#infra/local/services/aws-local.ts';
import { testTopology } from '#test/fixtures/runtime/topology.ts';

const secrets = {
  'test/api': { token: 'api-token-v1' },
  'test/webhooks': { inbound: ['whsec_test'] },
};

let runtime: LocalRuntime;
let lambda: LambdaClient;

beforeAll(async () => {
  runtime = await startLocalRuntime({
    topology: testTopology,
    projectRoot,
    host: '127.0.0.1',
    port: 0,
    dynamoDbPort: 0,
    sqsPort: 0,
    // The tier's DynamoDB Local and SQS emulator; a second JVM would only slow the suite down.
    services: { dynamoDbEndpoint: inject('dynamoDbEndpoint'), sqsEndpoint: inject('sqsEndpoint') },
    secrets,
    log: () => undefined,
  });
  lambda = new LambdaClient({
    endpoint: runtime.url,
    region: localRegion,
    credentials: localCredentials,
  });
});

afterAll(async () => {
  lambda?.destroy();
  await runtime?.stop();
});

interface EchoBody {
  event: APIGatewayProxyEventV2;
  context: { functionName: string; awsRequestId: string; remainingTimeInMillis: number };
  environment: Record<string, string | null>;
}

describe('HTTP routes, delivered as API Gateway HTTP API payload format 2.0', () => {
  it('hands a JSON request to its function as a v2 event with path and query parameters', async () => {
    const response = await fetch(`${runtime.url}/echo/alice?lang=pl&tag=a&tag=b`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Custom-Header': 'Yes', Cookie: 'a=1; b=2' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-fixture')).toBe('echo');
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
    const { event, context, environment } = (await response.json()) as EchoBody;

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /echo/{name}',
      rawPath: '/echo/alice',
      rawQueryString: 'lang=pl&tag=a&tag=b',
      queryStringParameters: { lang: 'pl', tag: 'a,b' },
      pathParameters: { name: 'alice' },
      cookies: ['a=1', 'b=2'],
      body: '{"hello":"world"}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'POST /echo/{name}',
        stage: '$default',
        http: { method: 'POST', path: '/echo/alice', sourceIp: '127.0.0.1' },
      },
    });
    expect(event.headers['x-custom-header']).toBe('Yes');
    expect(event.headers['content-type']).toBe('application/json');
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(event.requestContext.requestId).toBe(response.headers.get('apigw-requestid'));

    expect(context.functionName).toBe('echo');
    expect(context.remainingTimeInMillis).toBeGreaterThan(0);
    expect(context.remainingTimeInMillis).toBeLessThanOrEqual(3000);
    expect(environment).toMatchObject({
      GREETING: 'hello',
      RECORDS_TABLE: 'Records',
      POWERTOOLS_SERVICE_NAME: 'echo',
      // echo may not send to the queue, so it is not told where it is.
      WORK_QUEUE_URL: null,
    });
  });

  it('base64-encodes form bodies, keeping the exact bytes for signature checks', async () => {
    const form =
      'MessageSid=SM1&Body=Za%C5%BC%C3%B3%C5%82%C4%87+g%C4%99%C5%9Bl%C4%85+ja%C5%BA%C5%84';
    const response = await fetch(`${runtime.url}/echo/form`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    const { event } = (await response.json()) as EchoBody;
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64').toString('utf8')).toBe(form);
  });

  it('matches greedy path parameters and leaves absent parts out of the event', async () => {
    const response = await fetch(`${runtime.url}/files/a/b%20c/d.txt`);
    const { event } = (await response.json()) as EchoBody;
    expect(event.pathParameters).toEqual({ path: 'a/b c/d.txt' });
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.body).toBeUndefined();
  });

  it('answers 404 for a path or method no route declares', async () => {
    expect((await fetch(`${runtime.url}/nowhere`)).status).toBe(404);
    const wrongMethod = await fetch(`${runtime.url}/echo`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(404);
    expect(await wrongMethod.json()).toEqual({ message: 'Not Found' });
  });

  it('answers 500 like API Gateway when the function throws', async () => {
    const response = await fetch(`${runtime.url}/fail`, { method: 'POST' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });
});

describe('Lambda Invoke API', () => {
  const invoke = async (name: string, payload: unknown) => {
    const output = await lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)) }),
    );
    return {
      functionError: output.FunctionError,
      payload: JSON.parse(Buffer.from(output.Payload ?? []).toString('utf8')),
    };
  };

  it('returns the handler result to @aws-sdk/client-lambda', async () => {
    const result = await invoke('sleeper', { ms: 5 });
    expect(result).toEqual({ functionError: undefined, payload: { slept: 5 } });
  });

  it('accepts a function ARN as the name', async () => {
    const arn = `arn:aws:lambda:${localRegion}:000000000000:function:sleeper`;
    expect((await invoke(arn, { ms: 1 })).payload).toEqual({ slept: 1 });
  });

  it('reports a thrown error as FunctionError with its type and message', async () => {
    const result = await invoke('thrower', {});
    expect(result.functionError).toBe('Unhandled');
    expect(result.payload).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'the fixture failed on purpose',
    });
  });

  it('enforces the configured timeout and keeps serving afterwards', async () => {
    const timedOut = await invoke('sleeper', { ms: 10_000 });
    expect(timedOut.functionError).toBe('Unhandled');
    expect(timedOut.payload.errorMessage).toMatch(/Task timed out after 3\.00 seconds/);
    expect((await invoke('sleeper', { ms: 1 })).payload).toEqual({ slept: 1 });
  });

  it("answers Lambda's ResourceNotFoundException for an unknown function", async () => {
    const error = await lambda
      .send(new InvokeCommand({ FunctionName: 'no-such-function', Payload: Buffer.from('{}') }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    expect((error as Error).message).toContain('no-such-function');
  });
});

describe('Secrets Manager', () => {
  it('serves local secrets to the AWS SDK and takes rotated values', async () => {
    const client = new SecretsManagerClient({
      endpoint: runtime.url,
      region: localRegion,
      credentials: localCredentials,
    });
    const read = async () =>
      JSON.parse(
        (await client.send(new GetSecretValueCommand({ SecretId: 'test/api' }))).SecretString ?? '',
      );
    expect(await read()).toEqual({ token: 'api-token-v1' });
    await client.send(
      new PutSecretValueCommand({
        SecretId: 'test/api',
        SecretString: JSON.stringify({ token: 'api-token-v2' }),
      }),
    );
    expect(await read()).toEqual({ token: 'api-token-v2' });
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'test/unknown' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    client.destroy();
  });
});

describe('SQS event source', () => {
  it('redelivers only the failed record of a batch and moves it to the DLQ after maxReceiveCount', async () => {
    const sqs = new SQSClient({
      endpoint: runtime.sqsEndpoint,
      region: localRegion,
      credentials: localCredentials,
    });
    const dynamoDb = new DynamoDBClient({
      endpoint: runtime.dynamoDbEndpoint,
      region: localRegion,
      credentials: localCredentials,
    });
    // A cold start here takes seconds, longer than the 5 s visibility timeout the test uses to
    // stay fast; warm the two environments the event source's two pollers will use first.
    const warmUp = new InvokeCommand({
      FunctionName: 'recorder',
      Payload: Buffer.from('{"Records":[]}'),
    });
    await Promise.all([lambda.send(warmUp), lambda.send(warmUp)]);
    const runId = `run-${Date.now()}`;
    const ids = { ok1: `${runId}-ok1`, ok2: `${runId}-ok2`, poison: `${runId}-poison` };
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: runtime.queues.get('work')?.url,
        Entries: [
          { Id: 'a', MessageBody: JSON.stringify({ id: ids.ok1 }) },
          { Id: 'b', MessageBody: JSON.stringify({ id: ids.poison, fail: true }) },
          { Id: 'c', MessageBody: JSON.stringify({ id: ids.ok2 }) },
        ],
      }),
    );
    const deliveries = async (id: string) =>
      (
        (
          await dynamoDb.send(
            new QueryCommand({
              TableName: 'Records',
              KeyConditionExpression: 'pk = :id',
              ExpressionAttributeValues: { ':id': { S: id } },
            }),
          )
        ).Items ?? []
      ).map((item) => item.sk?.S);

    const deadLetters: string[] = [];
    const deadline = Date.now() + 60_000;
    while (deadLetters.length === 0 && Date.now() < deadline) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: runtime.queues.get('work-dlq')?.url,
          WaitTimeSeconds: 1,
        }),
      );
      deadLetters.push(...Messages.map((message) => JSON.parse(message.Body ?? '{}').id));
    }

    expect(deadLetters).toEqual([ids.poison]);
    expect(await deliveries(ids.poison)).toEqual(['receive#1', 'receive#2', 'receive#3']);
    expect(await deliveries(ids.ok1)).toEqual(['receive#1']);
    expect(await deliveries(ids.ok2)).toEqual(['receive#1']);
    sqs.destroy();
    dynamoDb.destroy();
  });
});

describe('GET /health', () => {
  it('reports every part healthy', async () => {
    const response = await fetch(`${runtime.url}/health`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      healthy: boolean;
      parts: Record<string, { healthy?: boolean }>;
    };
    expect(report.healthy).toBe(true);
    expect(report.parts.dynamodb?.healthy).toBe(true);
    expect(report.parts.sqs?.healthy).toBe(true);
    expect(report.parts.eventSources).toEqual({
      'work → recorder': expect.objectContaining({ healthy: true }),
    });
  });
});
