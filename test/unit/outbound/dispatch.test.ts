import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type DispatchDeps, deliver, fanOut } from '#shared/outbound/dispatch.ts';
import type { ConversationEvent, Delivery } from '#shared/outbound/messages.ts';
import {
  maxAttempts,
  nextRetryDelay,
  parseRetryAfter,
  retryScheduleSeconds,
} from '#shared/outbound/retry.ts';
import { demoPartnerSubscriptions, subscriptionsFromEnv } from '#shared/outbound/subscriptions.ts';

const now = new Date('2026-11-21T09:00:00.000Z');
const secret = 'whsec_1aWqW7EfxzKOc53+sYRVkf0QBPOh7y8dxFSS7mEh5po=';
const event: ConversationEvent = {
  id: 'conv_1',
  type: 'conversation.ended',
  occurredAt: '2026-11-21T08:59:00.000Z',
  data: { conversationId: 'c1' },
};

function fakeDeps(answers: ({ status: number; retryAfter?: string } | Error)[]) {
  const posts: { url: string; headers: Record<string, string>; body: string }[] = [];
  const queued: { delivery: Delivery; delaySeconds: number }[] = [];
  const disabled = new Set<string>();
  const deps: DispatchDeps = {
    subscriptions: demoPartnerSubscriptions('http://partner.test'),
    signingSecret: async () => secret,
    async post(url, headers, body) {
      posts.push({ url, headers, body });
      const answer = answers.shift() ?? { status: 204 };
      if (answer instanceof Error) throw answer;
      return answer;
    },
    async enqueue(delivery, delaySeconds) {
      queued.push({ delivery, delaySeconds });
    },
    isDisabled: async (endpoint) => disabled.has(endpoint),
    async disable(endpoint) {
      disabled.add(endpoint);
    },
    now: () => now,
    random: () => 0.5,
    log: { info: () => {}, warn: () => {} },
  };
  return { deps, posts, queued, disabled };
}

const delivery = (attempt = 0, extra: Partial<Delivery> = {}): Delivery => ({
  kind: 'delivery',
  event,
  endpoint: 'crm',
  attempt,
  ...extra,
});

describe('outbound retry schedule', () => {
  it('grows from seconds to hours and never exceeds 12 h', () => {
    expect(retryScheduleSeconds[0]).toBeLessThanOrEqual(5);
    expect(retryScheduleSeconds.at(-1)).toBe(43_200);
    for (let i = 1; i < retryScheduleSeconds.length; i += 1) {
      expect(retryScheduleSeconds[i]).toBeGreaterThan(retryScheduleSeconds[i - 1] as number);
    }
    expect(nextRetryDelay(0, undefined, () => 0.5)).toBe(5);
    expect(nextRetryDelay(0, undefined, () => 1)).toBe(6); // +10 % jitter, rounded
    expect(nextRetryDelay(retryScheduleSeconds.length, undefined)).toBeUndefined();
  });

  it('honours Retry-After (seconds or HTTP date) within 1 s … 12 h', () => {
    expect(parseRetryAfter('2', now)).toBe(2);
    expect(parseRetryAfter(new Date(now.getTime() + 90_000).toUTCString(), now)).toBe(90);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(nextRetryDelay(0, 0)).toBe(1);
    expect(nextRetryDelay(3, 86_400)).toBe(43_200);
  });
});

describe('deliver', () => {
  it('fans an event out to each subscribed endpoint only', async () => {
    const { deps, queued } = fakeDeps([]);
    await fanOut(deps, event);
    expect(queued.map((q) => q.delivery.endpoint)).toEqual(['crm']);
    await fanOut(deps, { ...event, type: 'handoff.requested' });
    expect(queued.map((q) => q.delivery.endpoint)).toEqual(['crm', 'tickets']);
  });

  it('signs with Standard Webhooks: webhook-id is the event id, verifiable with the key', async () => {
    const { deps, posts } = fakeDeps([{ status: 204 }]);
    expect(await deliver(deps, delivery(), { count: 1 })).toMatchObject({ action: 'done' });
    const [post] = posts;
    expect(post?.url).toBe('http://partner.test/crm/webhooks/switchboard');
    expect(post?.headers['webhook-id']).toBe('conv_1');
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key)
      .update(`conv_1.${post?.headers['webhook-timestamp']}.${post?.body}`)
      .digest('base64');
    expect(post?.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(JSON.parse(post?.body ?? '')).toEqual({
      type: 'conversation.ended',
      timestamp: event.occurredAt,
      data: event.data,
    });
  });

  it('re-queues a failed attempt with the next delay, keeping the event (and so the webhook-id)', async () => {
    const { deps, queued } = fakeDeps([
      { status: 503 },
      new Error('ECONNREFUSED'),
      { status: 302 },
    ]);
    await deliver(deps, delivery(0), { count: 1 });
    await deliver(deps, delivery(1), { count: 1 });
    await deliver(deps, delivery(2), { count: 1 });
    expect(queued.map((q) => [q.delivery.attempt, q.delaySeconds])).toEqual([
      [1, 5],
      [2, 30],
      [3, 120],
    ]);
    expect(queued.every((q) => q.delivery.event.id === 'conv_1')).toBe(true);
  });

  it('waits longer than SQS delays allow with notBefore, deferring by visibility until then', async () => {
    const { deps, queued } = fakeDeps([{ status: 500 }]);
    await deliver(deps, delivery(5), { count: 1 });
    const [next] = queued;
    expect(next?.delaySeconds).toBe(900);
    expect(next?.delivery.notBefore).toBe(now.getTime() + 3600 * 1000);
    const early = await deliver(deps, next?.delivery as Delivery, { count: 1 });
    expect(early).toEqual({ action: 'defer', seconds: 3600 });
  });

  it('honours Retry-After from a 429', async () => {
    const { deps, queued } = fakeDeps([{ status: 429, retryAfter: '2' }]);
    await deliver(deps, delivery(4), { count: 1 });
    expect(queued[0]?.delaySeconds).toBe(2);
  });

  it('disables the subscription on 410 and drops later deliveries to it', async () => {
    const { deps, posts, disabled } = fakeDeps([{ status: 410 }]);
    expect(await deliver(deps, delivery(), { count: 1 })).toMatchObject({ action: 'done' });
    expect(disabled.has('crm')).toBe(true);
    expect(await deliver(deps, delivery(), { count: 1 })).toMatchObject({
      detail: 'subscription disabled',
    });
    expect(posts).toHaveLength(1);
  });

  it('sends the message to the DLQ after the last attempt fails, without posting again', async () => {
    const { deps, posts, queued } = fakeDeps([{ status: 500 }]);
    const last = delivery(maxAttempts - 1);
    expect(await deliver(deps, last, { count: 1 })).toMatchObject({ action: 'dead-letter' });
    expect(await deliver(deps, last, { count: 2 })).toMatchObject({ action: 'dead-letter' });
    expect(posts).toHaveLength(1);
    expect(queued).toHaveLength(0);
  });

  it('reads subscriptions from OUTBOUND_SUBSCRIPTIONS, else the demo partner', () => {
    expect(subscriptionsFromEnv({})).toEqual([]);
    expect(subscriptionsFromEnv({ DEMO_PARTNER_URL: 'http://p' })[0]?.url).toBe(
      'http://p/crm/webhooks/switchboard',
    );
    const configured = subscriptionsFromEnv({
      DEMO_PARTNER_URL: 'http://p',
      OUTBOUND_SUBSCRIPTIONS: JSON.stringify([
        { endpoint: 'crm', url: 'https://crm.example/hooks', events: ['conversation.ended'] },
      ]),
    });
    expect(configured).toEqual([
      { endpoint: 'crm', url: 'https://crm.example/hooks', events: ['conversation.ended'] },
    ]);
  });
});
