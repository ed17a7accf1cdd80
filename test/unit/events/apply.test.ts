import { describe, expect, it } from 'vitest';
import {
  type ApplyDeps,
  applyEvent,
  type EntityWrite,
  type NewsWrite,
  type NotificationJob,
  type TimelineEntry,
} from '#shared/events/apply.ts';
import { planEvent, UnknownEventTypeError } from '#shared/events/plan.ts';
import type { EventMessage } from '#shared/webhooks/event-message.ts';

/** The store's conditional rules over Maps: newer version wins, same event may rewrite. */
function memoryDeps() {
  const entities = new Map<string, EntityWrite>();
  const timeline: TimelineEntry[] = [];
  const news = new Map<string, NewsWrite>();
  const jobs: NotificationJob[] = [];
  const newer = (
    old: { version: string; eventId: string } | undefined,
    next: EntityWrite | NewsWrite,
  ) => !old || old.version < next.version || old.eventId === next.eventId;
  const deps: ApplyDeps = {
    store: {
      async putEntityIfNewer(write) {
        if (!newer(entities.get(write.key), write)) return 'stale';
        entities.set(write.key, write);
        return 'applied';
      },
      async putTimeline(entry) {
        if (!timeline.some((e) => e.eventId === entry.eventId)) timeline.push(entry);
      },
      async putNewsIfNewer(write) {
        const key = `${write.customer}|${write.entityKey}`;
        if (newer(news.get(key), write)) news.set(key, write);
      },
    },
    async submitJob(job) {
      jobs.push(job);
    },
    now: () => new Date('2026-11-21T09:00:00Z'),
  };
  return { deps, entities, timeline, news, jobs };
}

function shopEvent(eventId: string, status: string, changedAt: string): EventMessage {
  return {
    partner: 'shop',
    eventId,
    type: 'order.status_changed',
    receivedAt: '2026-11-21T09:00:00.000Z',
    correlationId: 'c',
    payload: {
      type: 'order.status_changed',
      timestamp: changedAt,
      data: {
        orderNumber: '777',
        status,
        customerPhone: '+48500100200',
        shipment: { carrier: 'DHL', trackingNumber: 'JJD1', expectedDelivery: '2026-11-22' },
        changedAt,
      },
    },
  };
}

describe('applyEvent', () => {
  it('stores the order, the timeline entry and news to say once', async () => {
    const { deps, entities, timeline, news } = memoryDeps();
    const result = await applyEvent(deps, shopEvent('e1', 'shipped', '2026-11-21T08:00:00.000Z'));
    expect(result).toEqual({ entity: 'applied', news: true, notifications: 0 });
    expect(entities.get('order#777')?.state).toMatchObject({ status: 'shipped' });
    expect(timeline).toHaveLength(1);
    expect([...news.values()][0]).toMatchObject({
      kind: 'order.shipped',
      params: { orderNumber: '777', expectedDelivery: '2026-11-22', carrier: 'DHL' },
    });
  });

  it('never lets an older event overwrite newer data, whatever the arrival order', async () => {
    const { deps, entities, timeline, news } = memoryDeps();
    await applyEvent(deps, shopEvent('new', 'delivered', '2026-11-21T08:30:00.000Z'));
    const late = await applyEvent(deps, shopEvent('old', 'shipped', '2026-11-21T08:00:00.000Z'));
    expect(late).toMatchObject({ entity: 'stale', news: false });
    expect(entities.get('order#777')).toMatchObject({
      eventId: 'new',
      state: { status: 'delivered' },
    });
    expect([...news.values()][0]).toMatchObject({ kind: 'order.delivered' });
    // History still records that the late event happened.
    expect(timeline.map((e) => e.eventId).sort()).toEqual(['new', 'old']);
  });

  it('converges when re-run after a crash half-way (same event rewrites its own items)', async () => {
    const { deps, entities, news } = memoryDeps();
    const message = shopEvent('e1', 'shipped', '2026-11-21T08:00:00.000Z');
    const failing: ApplyDeps = {
      ...deps,
      store: {
        ...deps.store,
        putTimeline: async () => {
          throw new Error('crash');
        },
      },
    };
    await expect(applyEvent(failing, message)).rejects.toThrow('crash');
    expect(news.size).toBe(0);
    await expect(applyEvent(deps, message)).resolves.toMatchObject({
      entity: 'applied',
      news: true,
    });
    expect(entities.get('order#777')?.eventId).toBe('e1');
    expect(news.size).toBe(1);
  });

  it('ranks SMS statuses, which carry no timestamp', async () => {
    const { deps, entities } = memoryDeps();
    const sms = (eventId: string, status: string): EventMessage => ({
      partner: 'sms',
      eventId,
      type: 'sms.delivery_status',
      receivedAt: '2026-11-21T09:00:00.000Z',
      correlationId: 'c',
      payload: { MessageSid: 'SM1', MessageStatus: status, To: '+48500100200' },
    });
    await applyEvent(deps, sms('a', 'delivered'));
    expect((await applyEvent(deps, sms('b', 'sent'))).entity).toBe('stale');
    expect(entities.get('sms#SM1')?.state).toMatchObject({ status: 'delivered' });
  });

  it('queues an SMS job with a stable id when an appointment is confirmed', async () => {
    const { deps, jobs } = memoryDeps();
    const message: EventMessage = {
      partner: 'calendar',
      eventId: 'gh-1',
      type: 'appointment.confirmed',
      receivedAt: '2026-11-21T09:00:00.000Z',
      correlationId: 'c',
      payload: {
        action: 'confirmed',
        appointment: {
          id: 'apt_1',
          status: 'confirmed',
          start: '2026-11-22T10:00:00.000Z',
          customer: { name: 'John', phone: '+15555550123' },
          updatedAt: '2026-11-21T08:59:00.000Z',
        },
      },
    };
    await applyEvent(deps, message);
    expect(jobs).toEqual([
      expect.objectContaining({
        jobId: 'notify-calendar-gh-1-0',
        partner: 'sms',
        operation: 'send',
        input: expect.objectContaining({ to: '+15555550123' }),
      }),
    ]);
  });

  it('refuses an event type it has no handler for, and a payload that breaks its schema', () => {
    expect(() =>
      planEvent({
        ...shopEvent('x', 'shipped', '2026-11-21T08:00:00.000Z'),
        type: 'order.deleted',
      }),
    ).toThrow(UnknownEventTypeError);
    expect(() => planEvent({ ...shopEvent('x', 'shipped', 'yesterday') })).toThrow();
  });
});
