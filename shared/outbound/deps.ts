import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { partnerWebhookSecret } from '#shared/partners/secret-names.ts';
import type { SecretsProvider } from '#shared/secrets/secrets-provider.ts';
import { outboundEndpointStore } from '#shared/state/outbound-endpoint-store.ts';
import { webhookSecrets } from '#shared/webhooks/secrets.ts';
import type { DispatchDeps } from './dispatch.ts';
import { httpPost } from './http-delivery.ts';
import type { OutboundQueue } from './outbound-queue.ts';
import { subscriptionsFromEnv } from './subscriptions.ts';

export interface DispatchDepsOptions {
  readonly dynamo: DynamoDBClient;
  /** ConversationState: which endpoints are disabled. */
  readonly tableName: string;
  readonly queue: OutboundQueue;
  readonly secrets: SecretsProvider;
  readonly log: DispatchDeps['log'];
  /** `OUTBOUND_SUBSCRIPTIONS`, or `DEMO_PARTNER_URL` locally. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch?: typeof fetch;
}

/** Standard Webhooks suggests 15–30 s; well inside the function's own timeout. */
const attemptTimeoutMs = 10_000;

/** The real dependencies of `fanOut` and `deliver`, built once per Lambda environment. */
export function makeDispatchDeps(options: DispatchDepsOptions): DispatchDeps {
  const secrets = webhookSecrets((name) => options.secrets.get(name));
  return {
    subscriptions: subscriptionsFromEnv(options.env),
    signingSecret: (endpoint) => secrets.outbound(partnerWebhookSecret(endpoint)),
    post: httpPost({ fetch: options.fetch ?? fetch, timeoutMs: attemptTimeoutMs }),
    enqueue: options.queue.enqueue,
    ...outboundEndpointStore({ dynamo: options.dynamo, tableName: options.tableName }),
    now: () => new Date(),
    random: Math.random,
    log: options.log,
  };
}
