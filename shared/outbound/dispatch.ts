/**
 * Delivers conversation events to subscribed partner endpoints, signed with Standard Webhooks.
 * A new event fans out into one delivery per endpoint, so each endpoint fails and retries on
 * its own. A failed attempt is re-queued with the next delay (the `webhook-id` stays), a 410
 * disables the subscription, and after the last attempt the message goes to the DLQ.
 */
import { signStandardWebhook } from '#shared/webhooks/index.ts';
import type { ConversationEvent, Delivery } from './messages.ts';
import {
  maxAttempts,
  maxDelaySeconds,
  maxVisibilitySeconds,
  nextRetryDelay,
  parseRetryAfter,
} from './retry.ts';
import type { Subscription } from './subscriptions.ts';

export interface HttpAnswer {
  readonly status: number;
  readonly retryAfter?: string;
}

export interface DispatchDeps {
  readonly subscriptions: readonly Subscription[];
  /** The endpoint's current signing key (`outbound` of `switchboard/<endpoint>/webhooks`). */
  signingSecret(endpoint: string): Promise<string>;
  /** POSTs without following redirects; throws on network errors and timeouts. */
  post(url: string, headers: Record<string, string>, body: string): Promise<HttpAnswer>;
  enqueue(delivery: Delivery, delaySeconds: number): Promise<void>;
  isDisabled(endpoint: string): Promise<boolean>;
  disable(endpoint: string, reason: string, at: Date): Promise<void>;
  now(): Date;
  random(): number;
  readonly log: {
    info(message: string, fields: Record<string, unknown>): void;
    warn(message: string, fields: Record<string, unknown>): void;
  };
}

/**
 * `done`: delete the message. `defer`: keep it hidden for `seconds` and try later (a long wait).
 * `dead-letter`: fail it on every receive until SQS moves it to the DLQ.
 */
export type DispatchOutcome =
  | { readonly action: 'done'; readonly detail: string }
  | { readonly action: 'defer'; readonly seconds: number }
  | { readonly action: 'dead-letter'; readonly detail: string };

export async function fanOut(
  deps: DispatchDeps,
  event: ConversationEvent,
): Promise<DispatchOutcome> {
  const targets = deps.subscriptions.filter((s) => s.events.includes(event.type));
  for (const target of targets) {
    await deps.enqueue({ kind: 'delivery', event, endpoint: target.endpoint, attempt: 0 }, 0);
  }
  return { action: 'done', detail: `fanned out to ${targets.length}` };
}

export async function deliver(
  deps: DispatchDeps,
  delivery: Delivery,
  receive: { readonly count: number },
): Promise<DispatchOutcome> {
  const now = deps.now();
  const fields = {
    endpoint: delivery.endpoint,
    eventId: delivery.event.id,
    attempt: delivery.attempt,
  };
  // The last attempt already failed on an earlier receive: only the DLQ is left.
  if (delivery.attempt >= maxAttempts - 1 && receive.count > 1) {
    return { action: 'dead-letter', detail: 'attempts exhausted' };
  }
  if (delivery.notBefore !== undefined && delivery.notBefore > now.getTime()) {
    const seconds = Math.ceil((delivery.notBefore - now.getTime()) / 1000);
    return { action: 'defer', seconds: Math.min(seconds, maxVisibilitySeconds) };
  }
  const subscription = deps.subscriptions.find((s) => s.endpoint === delivery.endpoint);
  if (!subscription) return { action: 'done', detail: 'no longer subscribed' };
  if (await deps.isDisabled(delivery.endpoint)) {
    deps.log.warn('outbound webhook dropped: subscription disabled', fields);
    return { action: 'done', detail: 'subscription disabled' };
  }

  const body = JSON.stringify({
    type: delivery.event.type,
    timestamp: delivery.event.occurredAt,
    data: delivery.event.data,
  });
  const signed = signStandardWebhook({
    secret: await deps.signingSecret(delivery.endpoint),
    id: delivery.event.id,
    timestamp: now,
    body,
  });
  let answer: HttpAnswer | undefined;
  try {
    answer = await deps.post(
      subscription.url,
      { 'content-type': 'application/json', 'user-agent': 'Switchboard-Webhooks/1.0', ...signed },
      body,
    );
  } catch (error) {
    deps.log.warn('outbound webhook attempt failed', { ...fields, error: (error as Error).name });
  }
  if (answer && answer.status >= 200 && answer.status < 300) {
    deps.log.info('outbound webhook delivered', { ...fields, status: answer.status });
    return { action: 'done', detail: 'delivered' };
  }
  if (answer?.status === 410) {
    await deps.disable(delivery.endpoint, 'endpoint answered 410 Gone', now);
    deps.log.warn('outbound subscription disabled by 410', fields);
    return { action: 'done', detail: 'subscription disabled' };
  }
  // 3xx counts as failure too: a webhook sender must not follow redirects.
  const delay = nextRetryDelay(
    delivery.attempt,
    parseRetryAfter(answer?.retryAfter, now),
    deps.random,
  );
  if (delay === undefined) {
    deps.log.warn('outbound webhook attempts exhausted', { ...fields, status: answer?.status });
    return { action: 'dead-letter', detail: 'attempts exhausted' };
  }
  await deps.enqueue(
    {
      ...delivery,
      attempt: delivery.attempt + 1,
      ...(delay > maxDelaySeconds ? { notBefore: now.getTime() + delay * 1000 } : {}),
    },
    Math.min(delay, maxDelaySeconds),
  );
  deps.log.info('outbound webhook retry scheduled', { ...fields, status: answer?.status, delay });
  return { action: 'done', detail: `retry in ${delay} s` };
}
