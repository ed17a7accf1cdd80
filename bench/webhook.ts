/**
 * Webhook ack throughput: signed shop deliveries at a fixed concurrency, from the generator's
 * process, into two loopback HTTP servers in this process. The target hands each request to the
 * real `makeWebhookHandler` (signature check, schema, Powertools idempotency, SendMessage), built
 * as `functions/webhook-receiver` builds it; the floor does only the conditional PutItem and the
 * SendMessage. Both use their own clients on the same DynamoDB Local and SQS, and a queue of the
 * bench's own, so no worker drains it while the bench runs.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { localCredentials, localRegion } from '#infra/local/services/aws-local.ts';
import { inboundPartners } from '#shared/partners/index.ts';
import { idempotencyStore } from '#shared/state/idempotency-store.ts';
import { makeEnqueueOnce } from '#shared/webhooks/enqueue-once.ts';
import { sqsEventsQueue } from '#shared/webhooks/events-queue.ts';
import { makeWebhookHandler } from '#shared/webhooks/http-handler.ts';
import { webhookSecrets } from '#shared/webhooks/secrets.ts';
import { inMemorySecrets } from '#test/support/in-memory-secrets.ts';
import type { LocalServices } from './local.ts';
import { runGenerator } from './processes.ts';
import type { Row } from './report.ts';
import { shopInboundSecret } from './requests.ts';
import { ms, summarize } from './stats.ts';

const targets = { throughputRatio: 0.8, p99Ratio: 1.5 };
const idempotencyTable = 'Idempotency';

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

function apiEvent(request: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/{partner}',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    pathParameters: { partner: url.pathname.split('/').at(-1) ?? '' },
    isBase64Encoded: false,
    body: body.toString('utf8'),
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: '127.0.0.1',
      domainPrefix: 'bench',
      http: {
        method: 'POST',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: '',
      },
      requestId: randomUUID(),
      routeKey: 'POST /webhooks/{partner}',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  } as APIGatewayProxyEventV2;
}

const context = (): Context =>
  ({
    functionName: 'webhook-receiver',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:webhook-receiver',
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/webhook-receiver',
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 10_000,
  }) as Context;

/**
 * Powertools writes its log and EMF lines to stdout: they are produced (their cost is part of the
 * ack) and then dropped, so they do not bury the report.
 */
function dropJsonLinesOnStdout(): () => void {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk === 'string' && chunk.startsWith('{')) return true;
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  return () => {
    process.stdout.write = write;
  };
}

export async function benchWebhookAcks(
  services: LocalServices,
  options: {
    readonly requestsPerRound: number;
    readonly rounds: number;
    readonly concurrency: number;
  },
): Promise<Row[]> {
  const clientConfig = { region: localRegion, credentials: localCredentials };
  const dynamo = new DynamoDBClient({
    ...clientConfig,
    endpoint: services.runtime.dynamoDbEndpoint,
  });
  const floorDynamo = new DynamoDBClient({
    ...clientConfig,
    endpoint: services.runtime.dynamoDbEndpoint,
  });
  const sqsConfig = {
    ...clientConfig,
    endpoint: services.runtime.sqsEndpoint,
    useQueueUrlAsEndpoint: false,
  };
  let dynamoCalls = 0;
  dynamo.middlewareStack.add(
    (next) => async (args) => {
      dynamoCalls += 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchCountCalls' },
  );
  const sqs = new SQSClient(sqsConfig);
  const floorSqs = new SQSClient(sqsConfig);
  const { QueueUrl: queueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: `bench-webhook-acks-${Date.now().toString(36)}` }),
  );
  if (!queueUrl) throw new Error('the SQS emulator created no bench queue');

  const logger = new Logger({ serviceName: 'webhook-receiver' });
  const secrets = inMemorySecrets(services.secrets);
  const { enqueueOnce, configs } = makeEnqueueOnce({
    persistenceStore: () => idempotencyStore({ dynamo, tableName: idempotencyTable }),
    send: sqsEventsQueue({ sqs, queueUrl }),
  });
  const handler = makeWebhookHandler({
    logger,
    metrics: new Metrics({ namespace: 'SwitchboardBench', serviceName: 'webhook-receiver' }),
    receive: {
      partners: inboundPartners,
      inboundSecrets: webhookSecrets((name) => secrets.get(name)).inbound,
      enqueueOnce,
      now: () => new Date(),
      log: logger,
    },
    idempotencyConfigs: configs,
    publicBaseUrl: undefined,
  });

  const target = createServer(async (request, response) => {
    const result = await handler(apiEvent(request, await readBody(request)), context());
    response.writeHead(result.statusCode ?? 500, { 'content-type': 'application/json' });
    response.end(result.body);
  });
  const floor = createServer(async (request, response) => {
    const body = await readBody(request);
    const eventId = request.headers['webhook-id'];
    try {
      await floorDynamo.send(
        new PutItemCommand({
          TableName: idempotencyTable,
          Item: {
            id: { S: `bench-floor#${String(eventId)}` },
            expiration: { N: String(Math.floor(Date.now() / 1000) + 3600) },
          },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
      await floorSqs.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body.toString('utf8') }),
      );
      response.writeHead(202, { 'content-type': 'application/json' });
      response.end('{"received":true}');
    } catch {
      response.writeHead(503).end();
    }
  });
  const restoreStdout = dropJsonLinesOnStdout();
  try {
    const [targetUrl, floorUrl] = await Promise.all([listen(target), listen(floor)]);
    const shopSecret = shopInboundSecret(services.secrets);
    const measured = { target: [] as number[], floor: [] as number[] };
    const throughput = { target: [] as number[], floor: [] as number[] };
    const failures = { target: 0, floor: 0 };
    let targetAcks = 0;
    let targetDynamoCalls = 0;
    // Alternating rounds, the first of each unrecorded (connections, JIT), so a busy moment on
    // the machine hits both sides alike.
    for (let round = 0; round <= options.rounds; round += 1) {
      for (const side of ['target', 'floor'] as const) {
        const { result } = await runGenerator({
          mode: 'closed',
          base: side === 'target' ? targetUrl : floorUrl,
          mix: [{ kind: 'webhook', weight: 1 }],
          concurrency: options.concurrency,
          count: options.requestsPerRound,
          durationMs: 120_000,
          shopSecret,
          runTag: `ack-${side}-${round}-${Date.now().toString(36)}`,
        });
        const webhook = result.kinds.webhook;
        const ok = webhook?.answers.ok ?? 0;
        if (round === 0) {
          dynamoCalls = 0;
          continue;
        }
        if (side === 'target') {
          targetAcks += ok;
          targetDynamoCalls += dynamoCalls;
        }
        dynamoCalls = 0;
        failures[side] += result.sent - ok;
        measured[side].push(...(webhook?.latenciesMs ?? []));
        throughput[side].push((ok / result.elapsedMs) * 1000);
      }
    }
    const rate = (values: number[]) =>
      values.reduce((sum, value) => sum + value, 0) / values.length;
    const targetRate = rate(throughput.target);
    const floorRate = rate(throughput.floor);
    const t = summarize(measured.target);
    const f = summarize(measured.floor);
    return [
      {
        figure: `webhook acks/s at ${options.concurrency} in flight (n=${t.n})`,
        measured: `${targetRate.toFixed(0)}/s`,
        floor: `${floorRate.toFixed(0)}/s (PutItem + SendMessage)`,
        value: targetRate,
        floorValue: floorRate,
        unit: 'acks/s',
        ratio: targetRate / floorRate,
        target: `≥ ${targets.throughputRatio}×`,
        within: targetRate / floorRate >= targets.throughputRatio,
      },
      {
        figure: 'webhook ack p50',
        measured: ms(t.p50),
        floor: ms(f.p50),
        value: t.p50,
        floorValue: f.p50,
        unit: 'ms',
        ratio: t.p50 / f.p50,
        target: '(context)',
      },
      {
        figure: 'webhook ack p99',
        measured: ms(t.p99),
        floor: ms(f.p99),
        value: t.p99,
        floorValue: f.p99,
        unit: 'ms',
        ratio: t.p99 / f.p99,
        target: `≤ ${targets.p99Ratio}×`,
        within: t.p99 / f.p99 <= targets.p99Ratio,
      },
      {
        figure: 'webhook DynamoDB calls per ack',
        measured: (targetDynamoCalls / targetAcks).toFixed(2),
        floor: '1 (the conditional PutItem)',
        value: targetDynamoCalls / targetAcks,
        unit: 'calls',
        target: '(context: each call is a signed SDK request)',
      },
      {
        figure: 'webhook deliveries not acknowledged',
        measured: String(failures.target),
        floor: String(failures.floor),
        value: failures.target,
        unit: 'count',
        target: '0',
        within: failures.target === 0,
      },
    ];
  } finally {
    restoreStdout();
    target.close();
    floor.close();
    for (const client of [dynamo, floorDynamo, sqs, floorSqs]) client.destroy();
  }
}
