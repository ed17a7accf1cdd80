import { describe, expect, it } from 'vitest';
import type { ApplyDeps, EntityWrite } from '#shared/events/apply.ts';
import { eventWorker } from '#shared/events/event-worker.ts';
import type { EventMessage } from '#shared/webhooks/event-message.ts';
import { MemoryPersistenceLayer } from '../support/memory-idempotency.ts';
import { lambdaContext, sqsRecord } from '../support/sqs.ts';

const message: EventMessage = {
  partner: 'shop',
  eventId: 'evt-1',
  type: 'order.status_changed',
  receivedAt: '2026-11-21T09:00:00.000Z',
  correlationId: 'corr-1',
  payload: {
    type: 'order.status_changed',
    timestamp: '2026-11-21T08:59:00Z',
    data: { orderNumber: '777', status: 'processing', changedAt: '2026-11-21T08:59:00Z' },
  },
};

describe('eventWorker', () => {
  it('applies a partner event once however often it is delivered, and counts redeliveries as replays', async () => {
    const writes: EntityWrite[] = [];
    const deps: ApplyDeps = {
      store: {
        async putEntityIfNewer(write) {
          writes.push(write);
          return 'applied';
        },
        putTimeline: async () => undefined,
        putNewsIfNewer: async () => undefined,
      },
      submitJob: async () => undefined,
      now: () => new Date('2026-11-21T09:00:00Z'),
    };
    const worker = eventWorker(deps, new MemoryPersistenceLayer());
    worker.idempotency?.registerLambdaContext(lambdaContext);
    const lines: string[] = [];
    const metrics: string[] = [];
    const received = {
      record: sqsRecord('m1', JSON.stringify(message)),
      context: lambdaContext,
      receiveCount: 1,
      log: {
        info: (line: string) => lines.push(line),
        warn: (line: string) => lines.push(line),
      },
      count: (metric: string) => {
        metrics.push(metric);
      },
    };

    expect(worker.schema.parse(JSON.parse(received.record.body))).toEqual(message);
    expect(worker.correlationId?.(message)).toBe('corr-1');
    await worker.process(message, received);
    await worker.process(message, received);
    expect(writes).toHaveLength(1);
    expect(lines).toEqual(['event applied', 'event already applied; redelivery ignored']);
    expect(metrics).toEqual(['EventApplied', 'EventReplayed']);
  });
});
