import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  basic,
  bearer,
  calendarApi,
  call,
  control,
  crmToken,
  type PartnerHandle,
  paymentsHeaders,
  shopApi,
  smsApi,
  startTestPartner,
  ticketsApi,
} from './support.ts';

let handle: PartnerHandle;
let base: string;

beforeAll(async () => {
  handle = await startTestPartner({ bookingDelayMs: 300 });
  base = handle.url;
});
afterAll(() => handle.partner.stop());
beforeEach(async () => {
  await control(base, 'POST', 'reset');
});

const utcDate = (date: Date, days: number) =>
  new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);

describe('shop', () => {
  const order = (orderNumber: string) =>
    call(`${base}/shop/orders/${orderNumber}`, { headers: bearer(shopApi.token) });

  it('has order 12345 shipped with a carrier, tracking and delivery expected tomorrow', async () => {
    const response = await order('12345');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      orderNumber: '12345',
      status: 'shipped',
      shipment: {
        carrier: 'DHL',
        trackingNumber: expect.any(String),
        expectedDelivery: utcDate(handle.clock.now(), 1),
      },
    });
  });

  it('has 10001 processing and 99999 cancelled, and more orders across statuses', async () => {
    expect((await order('10001')).body.status).toBe('processing');
    const cancelled = await order('99999');
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.shipment).toBeNull();
    const statuses = await Promise.all(
      ['20002', '30003', '40004'].map(async (n) => (await order(n)).body.status),
    );
    expect(statuses).toEqual(['delivered', 'pending_payment', 'out_for_delivery']);
  });

  it('answers 404 for an unknown order and 400 for a malformed number', async () => {
    const unknown = await order('55555');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('order_not_found');
    const malformed = await order('12a45');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({
      code: 'invalid_order_number',
      message: expect.any(String),
    });
  });

  it("lists a customer's orders by phone", async () => {
    const response = await call(`${base}/shop/orders?customerPhone=%2B48500100200`, {
      headers: bearer(shopApi.token),
    });
    expect(response.status).toBe(200);
    expect(response.body.orders.map((o: { orderNumber: string }) => o.orderNumber).sort()).toEqual([
      '12345',
      '20002',
      '30003',
    ]);
    const bad = await call(`${base}/shop/orders?customerPhone=0048`, {
      headers: bearer(shopApi.token),
    });
    expect(bad.status).toBe(400);
  });
});

describe('crm', () => {
  let token: string;
  beforeEach(async () => {
    token = await crmToken(base);
  });

  const rest = (phone: string) =>
    call(`${base}/crm/customers?phone=${encodeURIComponent(phone)}`, { headers: bearer(token) });
  const graphql = (query: string, variables?: Record<string, unknown>) =>
    call(`${base}/crm/graphql`, {
      method: 'POST',
      headers: bearer(token),
      json: { query, variables },
    });
  const byPhoneQuery = `query CustomerByPhone($phone: String!) {
    customerByPhone(phone: $phone) { id name locale loyalty { points } }
  }`;

  it('finds the seeded Polish and English customers', async () => {
    const polish = await rest('+48500100200');
    expect(polish.status).toBe(200);
    expect(polish.body.customers).toEqual([
      expect.objectContaining({
        id: 'C-1001',
        locale: 'pl-PL',
        loyalty: expect.objectContaining({ points: 320 }),
      }),
    ]);
    expect(polish.body.customers[0]).not.toHaveProperty('pin');
    const english = await rest('+15555550123');
    expect(english.body.customers[0]).toMatchObject({ id: 'C-1002', locale: 'en-US' });
  });

  it.each(['+48500100200', '+15555550123', '+4912345678'])(
    'GraphQL and REST agree for %s',
    async (phone) => {
      const [viaRest, viaGraphql] = await Promise.all([
        rest(phone),
        graphql(byPhoneQuery, { phone }),
      ]);
      expect(viaGraphql.status).toBe(200);
      expect(viaGraphql.body.errors).toBeUndefined();
      const restCustomer = viaRest.body.customers[0];
      const expected = restCustomer
        ? {
            id: restCustomer.id,
            name: restCustomer.name,
            locale: restCustomer.locale,
            loyalty: { points: restCustomer.loyalty.points },
          }
        : null;
      expect(viaGraphql.body.data.customerByPhone).toEqual(expected);
    },
  );

  it('counts REST and GraphQL lookups under crm.findCustomerByPhone', async () => {
    await rest('+48500100200');
    await graphql(byPhoneQuery, { phone: '+48500100200' });
    const calls = await control(base, 'GET', 'calls');
    expect(calls.body['crm.findCustomerByPhone']).toBe(2);
  });

  it('supports inline arguments, aliases and __typename', async () => {
    const response = await graphql(
      '{ anna: customerByPhone(phone: "+48500100200") { __typename id } }',
    );
    expect(response.body).toEqual({ data: { anna: { __typename: 'Customer', id: 'C-1001' } } });
  });

  it('supports fragments, directives and choosing an operation by name', async () => {
    const response = await call(`${base}/crm/graphql`, {
      method: 'POST',
      headers: bearer(token),
      json: {
        query: `query Other { __typename }
          query Lookup($phone: String!, $full: Boolean!) {
            customerByPhone(phone: $phone) { ...Card loyalty @include(if: $full) { tier } }
          }
          fragment Card on Customer { id locale }`,
        variables: { phone: '+48500100200', full: false },
        operationName: 'Lookup',
      },
    });
    expect(response.body).toEqual({ data: { customerByPhone: { id: 'C-1001', locale: 'pl-PL' } } });
  });

  it('answers a malformed phone as a BAD_USER_INPUT error on that field', async () => {
    const response = await graphql(byPhoneQuery, { phone: '500100200' });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ customerByPhone: null });
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/E\.164/),
        path: ['customerByPhone'],
        extensions: { code: 'BAD_USER_INPUT' },
      }),
    ]);
  });

  it.each([
    [
      'a syntax error',
      '{ customerByPhone(phone: "+48500100200") { id }',
      undefined,
      /Syntax Error/,
    ],
    [
      'an unknown field',
      byPhoneQuery.replace('locale', 'shoeSize'),
      { phone: '+48500100200' },
      /shoeSize/,
    ],
    ['a missing variable', byPhoneQuery, {}, /\$phone/],
    [
      'a mutation',
      'mutation { deleteCustomer(id: "C-1001") { id } }',
      undefined,
      /mutation operation is not supported/,
    ],
    ['introspection', '{ __schema { types { name } } }', undefined, /introspection/],
    [
      'an object without subfields',
      '{ customerByPhone(phone: "+48500100200") }',
      undefined,
      /selection of subfields/,
    ],
  ])('answers GraphQL errors for %s', async (_name, query, variables, message) => {
    const response = await graphql(query, variables);
    expect(response.status).toBe(200);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors[0].message).toMatch(message);
  });

  it('answers 400 for a GraphQL request without a query', async () => {
    const response = await call(`${base}/crm/graphql`, {
      method: 'POST',
      headers: bearer(token),
      json: {},
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].message).toMatch(/query/);
  });

  it('verifies PINs: right, wrong, malformed, unknown customer', async () => {
    const verify = (id: string, pin: unknown) =>
      call(`${base}/crm/customers/${id}/verify-pin`, {
        method: 'POST',
        headers: bearer(token),
        json: { pin },
      });
    expect((await verify('C-1001', '4321')).body).toEqual({ verified: true });
    expect((await verify('C-1002', '2468')).body).toEqual({ verified: true });
    expect((await verify('C-1001', '2468')).body).toEqual({ verified: false });
    const malformed = await verify('C-1001', 4321);
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.code).toBe('validation_failed');
    expect((await verify('C-9999', '1234')).status).toBe(404);
  });

  it('reports loyalty points', async () => {
    const response = await call(`${base}/crm/customers/C-1001/loyalty`, { headers: bearer(token) });
    expect(response.body).toMatchObject({ customerId: 'C-1001', points: 320, tier: 'silver' });
  });
});

describe('calendar', () => {
  const key = { 'x-api-key': calendarApi.apiKey };
  const slots = async () =>
    (await call(`${base}/calendar/slots?days=7`, { headers: key })).body.slots as {
      id: string;
      start: string;
    }[];
  const book = (body: unknown, idempotencyKey?: string) =>
    call(`${base}/calendar/appointments`, {
      method: 'POST',
      headers: { ...key, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      json: body,
    });
  const customer = { name: 'John Carter', phone: '+15555550123' };

  it('lists free future slots and hides the seeded booking', async () => {
    const free = await slots();
    expect(free.length).toBeGreaterThan(10);
    for (const slot of free)
      expect(Date.parse(slot.start)).toBeGreaterThan(handle.clock.now().getTime());
    const seeded = await call(`${base}/calendar/appointments/apt_seed_1001`, { headers: key });
    expect(free.map((slot) => slot.id)).not.toContain(seeded.body.slotId);
  });

  it('books once per Idempotency-Key, even for concurrent retries', async () => {
    const [slot] = await slots();
    const body = { slotId: slot?.id, customer };
    const [first, second] = await Promise.all([book(body, 'idem-1'), book(body, 'idem-1')]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const replay = await book(body, 'idem-1');
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await slots()).map((s) => s.id)).not.toContain(slot?.id);
    const calls = await control(base, 'GET', 'calls');
    expect(calls.body['calendar.createAppointment']).toBe(3);
  });

  it('refuses a taken slot with 409 and a reused key with a different body with 422', async () => {
    const [slot, other] = await slots();
    expect((await book({ slotId: slot?.id, customer }, 'a')).status).toBe(201);
    const taken = await book({ slotId: slot?.id, customer }, 'b');
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('slot_unavailable');
    const reused = await book({ slotId: other?.id, customer }, 'a');
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
  });

  it('validates bookings', async () => {
    const missing = await book({ customer });
    expect(missing.status).toBe(422);
    const badPhone = await book({
      slotId: (await slots())[0]?.id,
      customer: { name: 'X', phone: '12' },
    });
    expect(badPhone.status).toBe(422);
    expect(badPhone.body.error.details[0].path).toBe('customer.phone');
    const offGrid = await book({ start: `${utcDate(handle.clock.now(), 1)}T03:17:00Z`, customer });
    expect(offGrid.status).toBe(422);
    expect(offGrid.body.error.code).toBe('invalid_slot');
    const notJson = await call(`${base}/calendar/appointments`, {
      method: 'POST',
      headers: key,
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
  });

  it('takes about 3 s per booking by default', async () => {
    const slow = await startTestPartner({ bookingDelayMs: undefined });
    try {
      const free = (await call(`${slow.url}/calendar/slots`, { headers: key })).body.slots;
      const started = Date.now();
      const response = await call(`${slow.url}/calendar/appointments`, {
        method: 'POST',
        headers: key,
        json: { slotId: free[0].id, customer },
      });
      expect(response.status).toBe(201);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
    } finally {
      await slow.partner.stop();
    }
  });
});

describe('payments', () => {
  const create = (payload: unknown) => {
    const body = JSON.stringify(payload);
    return call(`${base}/payments/payment-links`, {
      method: 'POST',
      headers: {
        ...paymentsHeaders('POST', '/payments/payment-links', body, { now: handle.clock.now() }),
        'content-type': 'application/json',
      },
      body,
    });
  };

  it('creates an active payment link', async () => {
    const response = await create({
      amount: 12900,
      currency: 'PLN',
      description: 'Order 30003',
      orderNumber: '30003',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'active',
      amount: 12900,
      currency: 'PLN',
      orderNumber: '30003',
    });
    expect(response.body.url).toMatch(/^https:\/\/.+\/l\/plink_/);
  });

  it('rejects schema violations with 422', async () => {
    const response = await create({ amount: '129.00', currency: 'zł', description: '' });
    expect(response.status).toBe(422);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['amount', 'currency', 'description']),
    );
  });
});

describe('sms', () => {
  it('sends a message and records it for /_control/sms', async () => {
    const response = await call(`${base}/sms/messages`, {
      method: 'POST',
      headers: bearer(smsApi.token),
      json: { to: '+48500100200', body: 'Link do płatności: https://pay.example/l/1' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      status: 'queued',
      segments: 1,
    });
    const sent = await control(base, 'GET', 'sms');
    expect(sent.body.map((m: { sid: string }) => m.sid)).toContain(response.body.sid);
  });

  it('rejects a message without a valid recipient', async () => {
    const response = await call(`${base}/sms/messages`, {
      method: 'POST',
      headers: bearer(smsApi.token),
      json: { to: 'mom', body: 'hi' },
    });
    expect(response.status).toBe(422);
  });
});

describe('tickets', () => {
  const auth = basic(ticketsApi.username, ticketsApi.password);

  it('creates a ticket carrying the conversation summary', async () => {
    const response = await call(`${base}/tickets/tickets`, {
      method: 'POST',
      headers: auth,
      json: {
        subject: 'Caller asked for an agent',
        summary: 'Order 12345: asked twice where the parcel is; wants to change the address.',
        priority: 'high',
        requester: { phone: '+48500100200' },
        tags: ['handoff'],
      },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ id: 'TCK-1002', status: 'new', priority: 'high' });
    const fetched = await call(`${base}/tickets/tickets/TCK-1002`, { headers: auth });
    expect(fetched.body.summary).toContain('Order 12345');
  });

  it('rejects a ticket without a summary', async () => {
    const response = await call(`${base}/tickets/tickets`, {
      method: 'POST',
      headers: auth,
      json: { subject: 'x' },
    });
    expect(response.status).toBe(422);
    expect(response.body.error.details[0].path).toBe('summary');
  });
});

describe('routing and reset', () => {
  it('answers 404 for unknown routes and 405 with Allow for a wrong method', async () => {
    expect((await call(`${base}/shop/nothing`)).status).toBe(404);
    const wrongMethod = await call(`${base}/shop/orders/12345`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });

  it('restores seed data and clears counters on reset', async () => {
    const auth = basic(ticketsApi.username, ticketsApi.password);
    await call(`${base}/tickets/tickets`, {
      method: 'POST',
      headers: auth,
      json: { subject: 's', summary: 't' },
    });
    expect((await control(base, 'GET', 'calls')).body['tickets.create']).toBe(1);
    await control(base, 'POST', 'reset');
    expect((await call(`${base}/tickets/tickets/TCK-1002`, { headers: auth })).status).toBe(404);
    expect((await control(base, 'GET', 'calls')).body['tickets.create']).toBe(0);
  });
});
