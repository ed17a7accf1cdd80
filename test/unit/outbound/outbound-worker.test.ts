import { describe, expect, it } from 'vitest';
import type { DispatchDeps } from '#shared/outbound/dispatch.ts';
import { httpPost } from '#shared/outbound/http-delivery.ts';
import type { Delivery } from '#shared/outbound/messages.ts';
import { DeliveryPendingError, outboundWorker } from '#shared/outbound/outbound-worker.ts';
import { demoPartnerSubscriptions } from '#shared/outbound/subscriptions.ts';
import { lambdaContext, sqsRecord } from '../support/sqs.ts';

const now = new Date('2026-11-21T09:00:00.000Z');
const delivery: Delivery = {
  kind: 'delivery',
  event: {
    id: 'conv_1',
    type: 'conversation.ended',
    occurredAt: '2026-11-21T08:59:00.000Z',
    data: {},
  },
  endpoint: 'crm',
  attempt: 0,
};

function setup(status: number) {
  const hidden: { receiptHandle: string; seconds: number }[] = [];
  const metrics: string[] = [];
  const deps: DispatchDeps = {
    subscriptions: demoPartnerSubscriptions('http://partner.test'),
    signingSecret: async () => 'whsec_1aWqW7EfxzKOc53+sYRVkf0QBPOh7y8dxFSS7mEh5po=',
    post: async () => ({ status }),
    enqueue: async () => undefined,
    isDisabled: async () => false,
    disable: async () => undefined,
    now: () => now,
    random: () => 0.5,
    log: { info: () => undefined, warn: () => undefined },
  };
  const worker = outboundWorker(deps, {
    keepHidden: async (receiptHandle, seconds) => {
      hidden.push({ receiptHandle, seconds });
    },
  });
  const received = (receiveCount: number) => ({
    record: sqsRecord('m1', JSON.stringify(delivery), receiveCount),
    context: lambdaContext,
    receiveCount,
    log: { info: () => undefined, warn: () => undefined },
    count: (metric: string) => {
      metrics.push(metric);
    },
  });
  return { worker, hidden, metrics, received };
}

describe('outboundWorker', () => {
  it('lets a delivered message go', async () => {
    const { worker, hidden, metrics, received } = setup(204);
    await worker.process(delivery, received(1));
    expect(hidden).toEqual([]);
    expect(metrics).toEqual(['Outbound_done']);
  });

  it('keeps a message waiting for a later attempt hidden until then', async () => {
    const { worker, hidden, metrics, received } = setup(204);
    const later = { ...delivery, notBefore: now.getTime() + 3_600_000 };
    await expect(worker.process(later, received(1))).rejects.toBeInstanceOf(DeliveryPendingError);
    expect(hidden).toEqual([{ receiptHandle: 'handle-m1', seconds: 3600 }]);
    expect(metrics).toEqual(['Outbound_defer']);
  });

  it('offers an exhausted delivery again at once, so its receives run out into the DLQ', async () => {
    const { worker, hidden, received } = setup(500);
    const last = { ...delivery, attempt: 10 };
    await expect(worker.process(last, received(2))).rejects.toThrow('dead-letter');
    expect(hidden).toEqual([{ receiptHandle: 'handle-m1', seconds: 0 }]);
  });
});

describe('httpPost', () => {
  it('posts without following redirects and reports status and Retry-After', async () => {
    const requests: RequestInit[] = [];
    const post = httpPost({
      timeoutMs: 1000,
      fetch: async (_url, init) => {
        requests.push(init ?? {});
        return new Response('ignored', { status: 429, headers: { 'retry-after': '120' } });
      },
    });
    expect(
      await post('http://partner.test/hook', { 'content-type': 'application/json' }, '{}'),
    ).toEqual({
      status: 429,
      retryAfter: '120',
    });
    expect(requests[0]).toMatchObject({ method: 'POST', redirect: 'manual', body: '{}' });
    expect(requests[0]?.signal).toBeInstanceOf(AbortSignal);
  });
});
