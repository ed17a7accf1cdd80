/**
 * One conversation engine built the way the fulfillment handlers build it
 * (shared/channels/fulfillment.ts), on clients pointed at the local services, plus the floor:
 * the bare DynamoDB and HTTP calls such a turn needs, on a client of its own.
 */
import { randomUUID } from 'node:crypto';
import { type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import {
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { localCredentials, localRegion } from '#infra/local/services/aws-local.ts';
import { lexAdapter } from '#shared/channels/lex.ts';
import type { PartnerDeps } from '#shared/connectors/call-partner.ts';
import { makePartnerDeps } from '#shared/connectors/deps.ts';
import type { ConnectorDefinition } from '#shared/connectors/types.ts';
import { deadlineFrom } from '#shared/conversation/deadline.ts';
import { makeEngineDeps } from '#shared/conversation/deps.ts';
import { type EngineDeps, handleTurn } from '#shared/conversation/engine.ts';
import type { Outcome } from '#shared/conversation/types.ts';
import { partnerRegistry } from '#shared/partners/index.ts';
import {
  customerPartition,
  customerSortKeys,
  expiresAt,
  sessionKey,
  sessionTtlSeconds,
} from '#shared/state/table-design.ts';
import { inMemorySecrets } from '#test/support/in-memory-secrets.ts';
import type { LocalServices } from './local.ts';
import { cpuMsSince } from './stats.ts';

const tableName = 'ConversationState';
/** A seeded demo-partner order (shipped: the answer renders a carrier and a date). */
export const orderNumber = '12345';
/** Fictional number; only its presence matters (it makes the turn read the caller's profile). */
const callerPhone = '+15555550199';

export interface Timed {
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Garbage collection that ran while the work did (any thread's allocations can cause it). */
  readonly gcMs: number;
}

const collections: PerformanceEntry[] = [];
new PerformanceObserver((list) => {
  collections.push(...list.getEntries());
  // Only the last few seconds matter: samples are attributed right after they end.
  if (collections.length > 10_000) collections.splice(0, collections.length - 1_000);
}).observe({ entryTypes: ['gc'] });

/** Lets the observer deliver the collections of work that just ended. */
const collectionsDelivered = () => new Promise((resolve) => setImmediate(resolve));

export async function timed(work: () => Promise<unknown>): Promise<Timed> {
  const cpu = process.threadCpuUsage();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  await collectionsDelivered();
  const gcMs = collections
    .filter((entry) => entry.startTime >= started && entry.startTime < started + wallMs)
    .reduce((sum, entry) => sum + entry.duration, 0);
  return { wallMs, cpuMs, gcMs };
}

export interface TurnRig {
  readonly engine: EngineDeps;
  readonly partners: PartnerDeps;
  /** DynamoDB requests the engine's client has sent so far. */
  dynamoCalls(): number;
  /** Errors the engine logged (a failed turn is not a turn to time). */
  loggedErrors(): number;
  /** Log lines written so far (at most 2 per turn at INFO). */
  logLines(): number;
  /** Status, error code, attempts and latency of the last partner call (no personal data). */
  lastPartnerCall(): string;
  /** A CheckOrderStatus fulfillment turn on a new Lex session, as the Lex handler runs it. */
  turn(sessionId: string): Promise<Outcome>;
  /** GetItem + Query, then (optionally) the partner GET, then TransactWriteItems. */
  floor(sessionId: string, withPartnerCall: boolean): Promise<void>;
  /** The session item the engine wrote, so the floor writes as much. */
  adoptSessionPayload(sessionId: string): Promise<void>;
  close(): void;
}

function lexEvent(sessionId: string) {
  const slot = {
    shape: 'Scalar',
    value: {
      originalValue: orderNumber,
      interpretedValue: orderNumber,
      resolvedValues: [orderNumber],
    },
  };
  return {
    messageVersion: '1.0',
    invocationSource: 'FulfillmentCodeHook',
    inputMode: 'Text',
    responseContentType: 'text/plain; charset=utf-8',
    sessionId,
    inputTranscript: `where is my order ${orderNumber}`,
    bot: { id: 'BENCHBOT01', name: 'SwitchboardBot', localeId: 'en_US', version: 'DRAFT' },
    interpretations: [
      {
        intent: { name: 'CheckOrderStatus', state: 'ReadyForFulfillment' },
        nluConfidence: { score: 0.93 },
      },
    ],
    sessionState: {
      sessionAttributes: { callerPhone },
      intent: {
        name: 'CheckOrderStatus',
        confirmationState: 'None',
        state: 'ReadyForFulfillment',
        slots: { orderNumber: slot },
      },
    },
  };
}

/**
 * The registry with two changes, both so the bench measures the turn and nothing else: the
 * shop's client-side rate limit (50/s) is raised, or back-to-back turns would sleep on it; and
 * its breaker stays open for 10 min, so a long run does not reach the half-open probe.
 */
function benchRegistry(): Record<string, ConnectorDefinition> {
  const shop: ConnectorDefinition = {
    ...partnerRegistry.shop,
    rateLimit: { requestsPerSecond: 1_000_000, burst: 1_000_000 },
    breaker: { ...partnerRegistry.shop.breaker, openMs: 600_000 },
  };
  return { ...partnerRegistry, shop };
}

export function makeTurnRig(services: LocalServices): TurnRig {
  const clientConfig = {
    region: localRegion,
    credentials: localCredentials,
  };
  const dynamo = new DynamoDBClient({
    ...clientConfig,
    endpoint: services.runtime.dynamoDbEndpoint,
  });
  const sqs = new SQSClient({
    ...clientConfig,
    endpoint: services.runtime.sqsEndpoint,
    useQueueUrlAsEndpoint: false,
  });
  const floorDynamo = new DynamoDBClient({
    ...clientConfig,
    endpoint: services.runtime.dynamoDbEndpoint,
  });
  let dynamoCalls = 0;
  dynamo.middlewareStack.add(
    (next) => async (args) => {
      dynamoCalls += 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchCountCalls' },
  );

  // Logging is serialised, as Powertools would, then dropped: its cost stays in, its output out.
  let loggedErrors = 0;
  let logLines = 0;
  let logBytes = 0;
  let lastPartnerCall = '';
  const line = (level: string, message: string, fields: Record<string, unknown>) => {
    if (fields.audit === 'partner-call') {
      lastPartnerCall = [fields.status, fields.errorCode, fields.attempts, fields.latencyMs]
        .map(String)
        .join(' ');
    }
    logLines += 1;
    logBytes += JSON.stringify({ level, message, ...fields }).length;
  };
  const log = {
    info: (message: string, fields: Record<string, unknown>) => line('INFO', message, fields),
    warn: (message: string, fields: Record<string, unknown>) => line('WARN', message, fields),
    error: (message: string, fields: Record<string, unknown>) => {
      loggedErrors += 1;
      line('ERROR', message, fields);
    },
  };
  const counters = new Map<string, number>();
  const env = {
    OUTBOUND_QUEUE_URL: services.queueUrl('outbound'),
    DEMO_PARTNER_URL: services.demoPartnerUrl,
  };
  const partners = makePartnerDeps({
    dynamo,
    tableName,
    secrets: inMemorySecrets(services.secrets),
    log,
    metrics: { count: (name, value = 1) => counters.set(name, (counters.get(name) ?? 0) + value) },
    env,
    sqs,
    jobsQueueUrl: services.queueUrl('jobs'),
    partners: benchRegistry(),
  });
  const engine = makeEngineDeps({ dynamo, tableName, sqs, partners, log, env });

  const shopSecret = services.secrets['switchboard/shop/api'];
  const shopToken =
    typeof shopSecret === 'object' && shopSecret !== null && 'token' in shopSecret
      ? String(shopSecret.token)
      : '';
  let sessionPayload = '{}';

  return {
    engine,
    partners,
    dynamoCalls: () => dynamoCalls,
    loggedErrors: () => loggedErrors,
    // Read so the serialisation above cannot be optimised away.
    logLines: () => (logBytes >= 0 ? logLines : 0),
    lastPartnerCall: () => lastPartnerCall,
    async turn(sessionId) {
      const receivedAt = Date.now();
      const parsed = lexAdapter.parse(lexEvent(sessionId), {
        receivedAt,
        correlationId: randomUUID(),
        deadline: deadlineFrom({ nowMs: receivedAt, budgetMs: 3000 }),
      });
      if (!parsed.ok) throw new Error(`the bench's Lex event does not parse: ${parsed.problem}`);
      const reply = await handleTurn(engine, parsed.turn);
      lexAdapter.render(reply, parsed.echo);
      return reply.outcome;
    },
    async floor(sessionId, withPartnerCall) {
      const key = marshall(sessionKey('lex', sessionId));
      await Promise.all([
        floorDynamo.send(
          new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
        ),
        floorDynamo.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :news AND :profile',
            ExpressionAttributeValues: marshall({
              ':pk': customerPartition(callerPhone),
              ':news': customerSortKeys.newsPrefix,
              ':profile': customerSortKeys.profile,
            }),
            ConsistentRead: true,
          }),
        ),
      ]);
      if (withPartnerCall) {
        const response = await fetch(`${services.demoPartnerUrl}/shop/orders/${orderNumber}`, {
          headers: { accept: 'application/json', authorization: `Bearer ${shopToken}` },
        });
        if (!response.ok) throw new Error(`floor: demo partner answered ${response.status}`);
        await response.json();
      }
      const now = Date.now();
      await floorDynamo.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: marshall({
                  ...sessionKey('lex', sessionId),
                  version: 1,
                  state: sessionPayload,
                  updatedAt: now,
                  expiresAt: expiresAt(now, sessionTtlSeconds),
                }),
                ConditionExpression: 'attribute_not_exists(#version)',
                ExpressionAttributeNames: { '#version': 'version' },
              },
            },
          ],
        }),
      );
    },
    async adoptSessionPayload(sessionId) {
      const { Item } = await floorDynamo.send(
        new GetItemCommand({
          TableName: tableName,
          Key: marshall(sessionKey('lex', sessionId)),
        }),
      );
      const state = Item?.state?.S;
      if (!state) throw new Error('the engine wrote no session item');
      sessionPayload = state;
    },
    close() {
      dynamo.destroy();
      sqs.destroy();
      floorDynamo.destroy();
    },
  };
}
