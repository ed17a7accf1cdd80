import { describe, expect, it } from 'vitest';
import { render } from '#shared/i18n/index.ts';
import { checkOrderStatus } from '#shared/skills/check-order-status.ts';
import { failed, fakePartners, now, ok, pending, skillContext } from './fakes.ts';

const order = (status: string, extra: Record<string, unknown> = {}) => ({
  orderNumber: '12345',
  status,
  placedAt: '2025-06-01T10:00:00Z',
  updatedAt: '2025-06-09T10:00:00Z',
  items: [],
  total: { amount: 37800, currency: 'PLN' },
  shipment: null,
  cancellation: null,
  ...extra,
});

const shipped = order('shipped', {
  shipment: {
    carrier: 'DHL',
    trackingNumber: 'JJD000390012345',
    trackingUrl: 'https://track.example/1',
    shippedAt: '2025-06-09T10:00:00Z',
    expectedDelivery: '2025-06-11',
    deliveredAt: null,
  },
});

describe('CheckOrderStatus', () => {
  it('asks for the order number, and re-prompts when it is not one', () => {
    const missing = checkOrderStatus.validate(skillContext({ phase: 'dialog' }));
    expect(missing).toMatchObject({ outcome: 'elicit', slotToElicit: 'orderNumber' });
    expect(missing.messages).toEqual([{ key: 'order.askNumber' }]);
    const bad = checkOrderStatus.validate(
      skillContext({ phase: 'dialog', slots: { orderNumber: 'abc' } }),
    );
    expect(bad).toMatchObject({ outcome: 'elicit', slotToElicit: 'orderNumber' });
    expect(bad.messages).toEqual([{ key: 'order.invalidNumber' }]);
  });

  it('delegates a valid number in the dialog phase, normalised', () => {
    expect(
      checkOrderStatus.validate(
        skillContext({ phase: 'dialog', slots: { orderNumber: '12 345' } }),
      ),
    ).toEqual({ outcome: 'delegate', messages: [], slots: { orderNumber: '12345' } });
  });

  it('says a shipped order arrives tomorrow, without needing the caller identity', async () => {
    const partners = fakePartners({ 'shop.getOrder': () => ok(shipped) });
    const result = await checkOrderStatus.run(
      skillContext({
        phone: null,
        slots: { orderNumber: '12345' },
        callPartner: partners.callPartner,
      }),
    );
    expect(partners.calls).toEqual([
      { partner: 'shop', operation: 'getOrder', input: { orderNumber: '12345' } },
    ]);
    expect(result.outcome).toBe('fulfilled');
    const [message] = result.messages;
    expect(message && render('en-US', message, { now }).text).toBe(
      'Order 12345 has shipped with DHL and should arrive tomorrow.',
    );
  });

  it.each([
    ['processing', 'order.processing'],
    ['cancelled', 'order.cancelled'],
    ['delivered', 'order.delivered'],
    ['pending_payment', 'order.pendingPayment'],
    ['out_for_delivery', 'order.outForDelivery'],
    ['returned', 'order.returned'],
  ])('words a %s order', async (status, key) => {
    const partners = fakePartners({ 'shop.getOrder': () => ok(order(status)) });
    const result = await checkOrderStatus.run(
      skillContext({ slots: { orderNumber: '12345' }, callPartner: partners.callPartner }),
    );
    expect(result).toMatchObject({ outcome: 'fulfilled', messages: [{ key }] });
  });

  it('asks again when the order does not exist', async () => {
    const partners = fakePartners({ 'shop.getOrder': () => failed('not-found') });
    const result = await checkOrderStatus.run(
      skillContext({ slots: { orderNumber: '55555' }, callPartner: partners.callPartner }),
    );
    expect(result).toMatchObject({
      outcome: 'elicit',
      slotToElicit: 'orderNumber',
      messages: [{ key: 'order.notFound', params: { orderNumber: '55555' } }],
    });
  });

  it.each(['unavailable', 'timeout', 'circuit-open', 'invalid-response'] as const)(
    'answers a localized apology when the shop fails (%s)',
    async (code) => {
      const partners = fakePartners({ 'shop.getOrder': () => failed(code) });
      const result = await checkOrderStatus.run(
        skillContext({
          locale: 'pl-PL',
          slots: { orderNumber: '12345' },
          callPartner: partners.callPartner,
        }),
      );
      expect(result).toMatchObject({
        outcome: 'failed',
        messages: [{ key: 'common.partnerUnavailable' }],
      });
      const [message] = result.messages;
      expect(message && render('pl-PL', message, { now }).text).toMatch(
        /^Nie mogę tego teraz sprawdzić/,
      );
    },
  );

  it('says "one moment" for a slow shop and words the finished job later', async () => {
    const partners = fakePartners({ 'shop.getOrder': () => pending('job-1') });
    const context = skillContext({
      slots: { orderNumber: '12345' },
      callPartner: partners.callPartner,
    });
    const result = await checkOrderStatus.run(context);
    expect(result).toMatchObject({
      outcome: 'pending',
      messages: [{ key: 'common.pending' }],
      pendingJob: { jobId: 'job-1', skill: 'CheckOrderStatus', context: { orderNumber: '12345' } },
    });
    const pendingJob = result.pendingJob;
    if (!pendingJob || !checkOrderStatus.speakJob) throw new Error('expected a pending job');
    const later = checkOrderStatus.speakJob(
      { status: 'succeeded', result: shipped },
      pendingJob,
      context,
    );
    expect(later.messages[0]?.key).toBe('order.shipped');
    const missing = checkOrderStatus.speakJob(
      { status: 'failed', errorCode: 'not-found' },
      pendingJob,
      context,
    );
    expect(missing.messages).toEqual([{ key: 'order.notFound', params: { orderNumber: '12345' } }]);
    const broken = checkOrderStatus.speakJob(
      { status: 'succeeded', result: { nope: 1 } },
      pendingJob,
      context,
    );
    expect(broken.messages).toEqual([{ key: 'common.partnerUnavailable' }]);
  });
});
