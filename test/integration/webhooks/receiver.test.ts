import { beforeEach, describe, expect, it } from 'vitest';
import { call } from '../demo-partner/support.ts';
import { emit, resetPartner, switchboardUrl } from './support.ts';

beforeEach(resetPartner);

describe('POST /webhooks/{partner} through the local runtime', () => {
  it('acknowledges a valid delivery with 202 and every duplicate with 200', async () => {
    const result = await emit({
      system: 'shop',
      type: 'order.status_changed',
      data: { orderNumber: '10001', status: 'shipped' },
      duplicates: 2,
    });
    expect(result.deliveries.map((d) => d.status)).toEqual([202, 200, 200]);
    expect(result.deliveries[0]?.body).toEqual({ received: true, id: result.eventId });
    expect(result.deliveries[1]?.body).toEqual({ duplicate: true, id: result.eventId });
  });

  it.each([
    ['payments', 'payment.completed', { paymentLinkId: 'plink_seed_30003' }],
    ['calendar', 'appointment.confirmed', { appointmentId: 'apt_seed_1001' }],
    [
      'sms',
      'sms.delivery_status',
      { messageSid: 'SM00000000000000000000000000012345', status: 'delivered' },
    ],
    ['tickets', 'ticket.updated', { ticketId: 'TCK-1001', status: 'pending' }],
    ['crm', 'loyalty.points_changed', { customerId: 'C-1001', points: 400 }],
  ])('accepts %s (%s) signed with its own scheme', async (system, type, data) => {
    const result = await emit({ system, type, data, duplicates: 1 });
    expect(result.deliveries.map((d) => d.status)).toEqual([202, 200]);
  });

  it('refuses tampered, stale and old-secret deliveries with 401', async () => {
    const data = { orderNumber: '10001', status: 'shipped' };
    for (const fault of [{ tamper: true }, { staleSeconds: 600 }, { oldSecret: true }]) {
      const result = await emit({ system: 'shop', type: 'order.status_changed', data, ...fault });
      expect(result.deliveries[0]?.status, JSON.stringify(fault)).toBe(401);
    }
    const sms = await emit({
      system: 'sms',
      type: 'sms.delivery_status',
      data: { messageSid: 'SM00000000000000000000000000012345', status: 'failed' },
      tamper: true,
    });
    expect(sms.deliveries[0]?.status).toBe(401);
  });

  it('answers 404, 415 and 413 before any verification', async () => {
    const url = switchboardUrl();
    const unknown = await call(`${url}/webhooks/acme`, { method: 'POST', json: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'unknown_partner' } });
    const text = await call(`${url}/webhooks/shop`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(text.status).toBe(415);
    const large = await call(`${url}/webhooks/shop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }),
    });
    expect(large.status).toBe(413);
  });
});
