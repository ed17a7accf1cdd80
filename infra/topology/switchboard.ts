import { channelSecrets } from '#shared/channels/secrets.ts';
import type { ConnectorSpec } from '#shared/connectors/types.ts';
import { partnerSecretNames, partners } from '#shared/partners/index.ts';
import { conversationStateTable, idempotencyTable } from '#shared/state/table-design.ts';
import type { FunctionSpec, SecretSpec, Topology } from './types.ts';

/** Partner API credentials: only the functions that call partners may read them. */
const apiSecrets = partnerSecretNames('api');
/** Webhook signing keys: never partner API tokens. */
const webhookSecrets = partnerSecretNames('webhooks');

/**
 * Each function names its handler, limits, routes or queue, and exactly the tables, queues and
 * secrets it may touch. The names are a contract: construct ids, local invoke names, log
 * services.
 */
const jobsQueue = {
  name: 'jobs',
  visibilityTimeoutSeconds: 360,
  maxReceiveCount: 3,
  retentionDays: 4,
} as const;

/** What every fulfillment function may touch: state, slow work, conversation events, APIs. */
const fulfillment = {
  memoryMb: 1024,
  tables: { ConversationState: 'read-write' },
  sendsTo: ['jobs', 'outbound'],
  secrets: apiSecrets,
} as const satisfies Partial<FunctionSpec>;

type SecretShape = NonNullable<SecretSpec['initialShape']>;

/**
 * What each auth kind reads from its secret (`shared/connectors/auth/`). The partner issues these
 * values, so the generated one is only a placeholder the partner will refuse until replaced.
 */
function apiSecretShape(auth: ConnectorSpec['auth']): SecretShape | undefined {
  switch (auth.kind) {
    case 'bearer':
      return { template: {}, generatedKey: 'token' };
    case 'api-key':
      return { template: {}, generatedKey: 'apiKey' };
    case 'oauth2-client-credentials':
      return { template: { clientId: '' }, generatedKey: 'clientSecret' };
    case 'hmac-signed':
      return { template: { keyId: '' }, generatedKey: 'signingSecret' };
    case 'basic':
      return { template: { username: '' }, generatedKey: 'password' };
    case 'none':
      return undefined;
  }
}

/**
 * `outbound` is ours to choose (we sign our webhooks with it), so it is generated for real;
 * `inbound` stays empty, and the partner's webhooks are refused, until the operator stores the
 * secret the partner signs with.
 */
const webhookSecretShape: SecretShape = { template: { inbound: [] }, generatedKey: 'outbound' };

const functions: FunctionSpec[] = [
  {
    name: 'lex-fulfillment',
    description: 'Amazon Lex V2 dialog and fulfillment code hook for every skill',
    entry: 'functions/lex-fulfillment/handler.ts',
    ...fulfillment,
    // A turn answers within its budget (3 s); the timeout only bounds a turn gone wrong, below
    // Lex's 30 s.
    timeoutSeconds: 20,
    invokedBy: ['lex'],
    answers: ['lex'],
  },
  {
    name: 'connect-fulfillment',
    description: 'Amazon Connect contact-flow Lambda block for every skill',
    entry: 'functions/connect-fulfillment/handler.ts',
    ...fulfillment,
    // Connect's synchronous limit.
    timeoutSeconds: 8,
    invokedBy: ['connect'],
    answers: ['connect'],
  },
  {
    name: 'http-fulfillment',
    description: 'Dialogflow CX webhook and web chat over the HTTP API',
    entry: 'functions/http-fulfillment/handler.ts',
    ...fulfillment,
    // Partner APIs, plus what proves chat customers and Dialogflow CX to us.
    secrets: [...apiSecrets, ...channelSecrets.map(({ name }) => name)],
    // As for Lex: the budget answers the turn; API Gateway gives up at 29 s.
    timeoutSeconds: 20,
    // Chat is open to browsers, so it gets the lowest limit: a flood there must leave room for
    // the voice channels' CX traffic and for partner webhooks.
    routes: [
      {
        method: 'POST',
        path: '/channels/dialogflow-cx',
        throttle: { rateLimit: 100, burstLimit: 200 },
      },
      { method: 'POST', path: '/channels/chat', throttle: { rateLimit: 50, burstLimit: 100 } },
    ],
    answers: ['dialogflow-cx', 'chat'],
  },
  {
    name: 'job-worker',
    description: 'Finishes partner calls that did not fit in a turn and stores their results',
    entry: 'functions/job-worker/handler.ts',
    memoryMb: 512,
    // 1/6 of the jobs queue's visibility timeout; a job's own budget is 45 s.
    timeoutSeconds: 60,
    environment: { JOBS_MAX_RECEIVE_COUNT: String(jobsQueue.maxReceiveCount) },
    tables: { ConversationState: 'read-write', Idempotency: 'idempotency' },
    secrets: apiSecrets,
    eventSource: {
      queue: jobsQueue.name,
      batchSize: 5,
      maxBatchingWindowSeconds: 1,
      maxConcurrency: 5,
    },
  },
  {
    name: 'webhook-receiver',
    description: 'Verifies partner webhooks, dedupes them and queues them on events',
    entry: 'functions/webhook-receiver/handler.ts',
    memoryMb: 512,
    // Partners give up after 5–15 s; the ack itself takes milliseconds.
    timeoutSeconds: 10,
    tables: { Idempotency: 'idempotency' },
    sendsTo: ['events'],
    // Signing secrets only: a receiver must never be able to read partner API tokens.
    secrets: webhookSecrets,
    routes: [
      {
        method: 'POST',
        path: '/webhooks/{partner}',
        throttle: { rateLimit: 200, burstLimit: 400 },
      },
    ],
  },
  {
    name: 'event-worker',
    description: 'Applies verified partner events once each: state, timeline, news, notifications',
    entry: 'functions/event-worker/handler.ts',
    memoryMb: 512,
    // 1/6 of the events queue's visibility timeout.
    timeoutSeconds: 30,
    tables: { ConversationState: 'read-write', Idempotency: 'idempotency' },
    sendsTo: ['jobs'],
    eventSource: {
      queue: 'events',
      batchSize: 10,
      maxBatchingWindowSeconds: 1,
      maxConcurrency: 10,
    },
  },
  {
    name: 'outbound-dispatcher',
    description: 'Delivers signed conversation webhooks to partner endpoints with retries',
    entry: 'functions/outbound-dispatcher/handler.ts',
    memoryMb: 256,
    // 1/6 of the outbound queue's visibility timeout; one attempt waits at most 10 s.
    timeoutSeconds: 30,
    tables: { ConversationState: 'read-write' },
    // Re-queues its own retries with a delay.
    sendsTo: ['outbound'],
    // Signing keys only (the `outbound` entry), never partner API tokens.
    secrets: webhookSecrets,
    eventSource: { queue: 'outbound', batchSize: 5, maxConcurrency: 5 },
  },
];

export const switchboardTopology: Topology = {
  appName: 'Switchboard',
  functions,
  queues: [
    // Visibility timeouts are 6× the longest consumer timeout foreseen for each queue.
    { name: 'events', visibilityTimeoutSeconds: 180, maxReceiveCount: 5, retentionDays: 4 },
    jobsQueue,
    {
      name: 'outbound',
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 8,
      retentionDays: 4,
      // Deliveries are retried for about 31 h on purpose; older than that means they are stuck.
      oldestMessageAlarmSeconds: 36 * 3600,
    },
  ],
  tables: [
    {
      name: conversationStateTable.name,
      partitionKey: { name: conversationStateTable.partitionKey, type: 'S' },
      sortKey: { name: conversationStateTable.sortKey, type: 'S' },
      timeToLiveAttribute: conversationStateTable.timeToLiveAttribute,
    },
    {
      name: idempotencyTable.name,
      partitionKey: { name: idempotencyTable.partitionKey, type: 'S' },
      timeToLiveAttribute: idempotencyTable.timeToLiveAttribute,
    },
  ],
  secrets: [
    ...partners.flatMap((partner) =>
      partner.secrets.map(({ name, description, use }) => ({
        name,
        description,
        initialShape: use === 'api' ? apiSecretShape(partner.connector.auth) : webhookSecretShape,
      })),
    ),
    ...channelSecrets,
  ],
};
