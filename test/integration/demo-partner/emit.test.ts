import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhook, type WebhookScheme } from '#shared/webhooks/index.ts';
import {
  basic,
  bearer,
  type CapturedRequest,
  calendarApi,
  call,
  control,
  crmToken,
  flat,
  type PartnerHandle,
  paymentsHeaders,
  shopApi,
  smsApi,
  startCaptureServer,
  startTestPartner,
  ticketsApi,
  unusedUrl,
  webhookSecrets,
} from './support.ts';

let capture: Awaited<ReturnType<typeof startCaptureServer>>;
let handle: PartnerHandle;
let base: string;

beforeAll(async () => {
  capture = await startCaptureServer();
  handle = await startTestPartner({ switchboardUrl: capture.url });
  base = handle.url;
});
afterAll(async () => {
  await handle.partner.stop();
  await capture.stop();
});
beforeEach(async () => {
  await control(base, 'POST', 'reset');
  capture.requests.length = 0;
});

interface EmitCase {
  system: string;
  scheme: WebhookScheme;
  type: string;
  data: Record<string, unknown>;
  /** Where the partner puts the id a receiver dedupes on. */
  eventId(request: CapturedRequest): string | undefined;
}

const cases: EmitCase[] = [
  {
    system: 'shop',
    scheme: 'standard-webhooks',
    type: 'order.status_changed',
    data: { orderNumber: '10001', status: 'shipped' },
    eventId: (request) => flat(request.headers)['webhook-id'],
  },
  {
    system: 'crm',
    scheme: 'standard-webhooks',
    type: 'loyalty.points_changed',
    data: { customerId: 'C-1001', points: 400 },
    eventId: (request) => flat(request.headers)['webhook-id'],
  },
  {
    system: 'payments',
    scheme: 'stripe',
    type: 'payment.completed',
    data: { paymentLinkId: 'plink_seed_30003' },
    eventId: (request) => JSON.parse(request.rawBody.toString()).id,
  },
  {
    system: 'calendar',
    scheme: 'github',
    type: 'appointment.confirmed',
    data: { appointmentId: 'apt_seed_1001' },
    eventId: (request) => flat(request.headers)['x-github-delivery'],
  },
  {
    system: 'sms',
    scheme: 'twilio',
    type: 'sms.delivery_status',
    data: { messageSid: 'SM00000000000000000000000000012345', status: 'delivered' },
    eventId: (request) => flat(request.headers)['i-twilio-idempotency-token'],
  },
  {
    system: 'tickets',
    scheme: 'shopify',
    type: 'ticket.updated',
    data: { ticketId: 'TCK-1001', status: 'solved', comment: 'Replacement sent.' },
    eventId: (request) => flat(request.headers)['x-shopify-webhook-id'],
  },
];

const emit = (request: Record<string, unknown>) => control(base, 'POST', 'emit', request);

function check(emitCase: EmitCase, request: CapturedRequest) {
  return verifyWebhook({
    scheme: emitCase.scheme,
    secrets: webhookSecrets(emitCase.system).inbound,
    headers: flat(request.headers),
    rawBody: request.rawBody,
    url: `${capture.url}/webhooks/${emitCase.system}`,
    now: handle.clock.now(),
  });
}

describe.each(cases)('emit $system ($scheme)', (emitCase) => {
  const request = (extra: Record<string, unknown> = {}) =>
    emit({ system: emitCase.system, type: emitCase.type, data: emitCase.data, ...extra });

  it('delivers a webhook that an independent verifier accepts, and reports the answer', async () => {
    const response = await request();
    expect(response.status).toBe(200);
    expect(response.body.deliveries).toEqual([
      { status: 202, body: { accepted: true, delivery: 1 } },
    ]);
    expect(capture.requests).toHaveLength(1);
    const [delivery] = capture.requests as [CapturedRequest];
    expect(delivery.method).toBe('POST');
    expect(delivery.path).toBe(`/webhooks/${emitCase.system}`);
    expect(check(emitCase, delivery)).toEqual({ valid: true });
    expect(emitCase.eventId(delivery)).toBe(response.body.eventId);
  });

  it('tamper: the body changes after signing, so verification fails', async () => {
    await request({ tamper: true });
    const [delivery] = capture.requests as [CapturedRequest];
    expect(check(emitCase, delivery)).toEqual({ valid: false, reason: 'bad-signature' });
  });

  it('oldSecret: signed with the retired secret, which Switchboard no longer holds', async () => {
    await request({ oldSecret: true });
    const [delivery] = capture.requests as [CapturedRequest];
    expect(check(emitCase, delivery)).toEqual({ valid: false, reason: 'bad-signature' });
  });

  it('duplicates: the same event id is delivered n extra times, each validly signed', async () => {
    const response = await request({ duplicates: 2 });
    expect(response.body.deliveries.map((d: { status: number }) => d.status)).toEqual([
      202, 202, 202,
    ]);
    expect(capture.requests).toHaveLength(3);
    const ids = capture.requests.map((delivery) => emitCase.eventId(delivery));
    expect(new Set(ids)).toEqual(new Set([response.body.eventId]));
    for (const delivery of capture.requests)
      expect(check(emitCase, delivery)).toEqual({ valid: true });
  });
});

describe('staleSeconds', () => {
  it.each(['shop', 'payments'])(
    'signs %s deliveries with an old timestamp, which fails the window',
    async (system) => {
      const emitCase = cases.find((c) => c.system === system) as EmitCase;
      await emit({ system, type: emitCase.type, data: emitCase.data, staleSeconds: 600 });
      const [delivery] = capture.requests as [CapturedRequest];
      expect(check(emitCase, delivery)).toEqual({ valid: false, reason: 'stale-timestamp' });
      // The signature itself is right: checked at the time it claims, it passes.
      const signedAt = new Date(handle.clock.now().getTime() - 600_000);
      expect(
        verifyWebhook({
          scheme: emitCase.scheme,
          secrets: webhookSecrets(system).inbound,
          headers: flat(delivery.headers),
          rawBody: delivery.rawBody,
          now: signedAt,
        }),
      ).toEqual({ valid: true });
    },
  );

  it('tickets (Shopify signs no time): a valid signature with a stale X-Shopify-Triggered-At', async () => {
    const emitCase = cases.find((c) => c.system === 'tickets') as EmitCase;
    await emit({ system: 'tickets', type: emitCase.type, data: emitCase.data, staleSeconds: 600 });
    const [delivery] = capture.requests as [CapturedRequest];
    expect(check(emitCase, delivery)).toEqual({ valid: true });
    const triggeredAt = Date.parse(flat(delivery.headers)['x-shopify-triggered-at'] ?? '');
    expect(handle.clock.now().getTime() - triggeredAt).toBeGreaterThanOrEqual(600_000);
  });

  it.each(['calendar', 'sms'])('is refused for %s, whose scheme signs no time', async (system) => {
    const emitCase = cases.find((c) => c.system === system) as EmitCase;
    const response = await emit({
      system,
      type: emitCase.type,
      data: emitCase.data,
      staleSeconds: 600,
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('stale_not_signed');
    expect(capture.requests).toHaveLength(0);
  });
});

describe('wire formats', () => {
  it('shop: Standard Webhooks envelope with type, timestamp and data', async () => {
    await emit({
      system: 'shop',
      type: 'order.status_changed',
      data: { orderNumber: '10001', status: 'shipped' },
    });
    const [delivery] = capture.requests as [CapturedRequest];
    const body = JSON.parse(delivery.rawBody.toString());
    expect(body).toMatchObject({
      type: 'order.status_changed',
      data: {
        orderNumber: '10001',
        previousStatus: 'processing',
        status: 'shipped',
        customerPhone: '+15555550123',
      },
    });
    expect(flat(delivery.headers)['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });

  it('payments: pretty-printed Stripe event with a t=…,v1=… header', async () => {
    await emit({
      system: 'payments',
      type: 'payment.completed',
      data: { paymentLinkId: 'plink_seed_30003' },
    });
    const [delivery] = capture.requests as [CapturedRequest];
    const text = delivery.rawBody.toString();
    expect(text).toContain('\n  "id": "evt_');
    expect(JSON.parse(text)).toMatchObject({
      object: 'event',
      type: 'payment.completed',
      data: { object: { id: 'plink_seed_30003', status: 'paid', orderNumber: '30003' } },
    });
    expect(flat(delivery.headers)['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('calendar: GitHub-style event header, delivery GUID and action', async () => {
    await emit({
      system: 'calendar',
      type: 'appointment.confirmed',
      data: { appointmentId: 'apt_seed_1001' },
    });
    const [delivery] = capture.requests as [CapturedRequest];
    const headers = flat(delivery.headers);
    expect(headers['x-github-event']).toBe('appointment');
    expect(headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(JSON.parse(delivery.rawBody.toString())).toMatchObject({
      action: 'confirmed',
      appointment: { id: 'apt_seed_1001', status: 'confirmed' },
    });
  });

  it('sms: a form-encoded Twilio status callback', async () => {
    await emit({
      system: 'sms',
      type: 'sms.delivery_status',
      data: {
        messageSid: 'SM00000000000000000000000000012345',
        status: 'undelivered',
        errorCode: 30003,
      },
    });
    const [delivery] = capture.requests as [CapturedRequest];
    expect(flat(delivery.headers)['content-type']).toBe('application/x-www-form-urlencoded');
    const params = Object.fromEntries(new URLSearchParams(delivery.rawBody.toString()));
    expect(params).toMatchObject({
      MessageSid: 'SM00000000000000000000000000012345',
      MessageStatus: 'undelivered',
      ErrorCode: '30003',
      To: '+48500100200',
      AccountSid: expect.stringMatching(/^AC[0-9a-f]{32}$/),
    });
  });

  it('tickets: Shopify-style topic, shop domain and webhook id', async () => {
    await emit({
      system: 'tickets',
      type: 'ticket.updated',
      data: { ticketId: 'TCK-1001', status: 'solved' },
    });
    const [delivery] = capture.requests as [CapturedRequest];
    const headers = flat(delivery.headers);
    expect(headers['x-shopify-topic']).toBe('tickets/updated');
    expect(headers['x-shopify-hmac-sha256']).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(headers['x-shopify-shop-domain']).toBeTruthy();
    expect(JSON.parse(delivery.rawBody.toString())).toMatchObject({
      id: 'TCK-1001',
      status: 'solved',
    });
  });
});

describe("emitting changes the partner's own data", () => {
  it('an order that ships is shipped when fetched', async () => {
    await emit({
      system: 'shop',
      type: 'order.status_changed',
      data: {
        orderNumber: '10001',
        status: 'shipped',
        carrier: 'UPS',
        trackingNumber: '1Z999AA10000010001',
      },
    });
    const order = await call(`${base}/shop/orders/10001`, { headers: bearer(shopApi.token) });
    expect(order.body).toMatchObject({
      status: 'shipped',
      shipment: { carrier: 'UPS', trackingNumber: '1Z999AA10000010001' },
    });
  });

  it('appointment.confirmed confirms the booking', async () => {
    await emit({
      system: 'calendar',
      type: 'appointment.confirmed',
      data: { appointmentId: 'apt_seed_1001' },
    });
    const appointment = await call(`${base}/calendar/appointments/apt_seed_1001`, {
      headers: { 'x-api-key': calendarApi.apiKey },
    });
    expect(appointment.body.status).toBe('confirmed');
  });

  it('payment.completed marks the link paid and moves its order to processing', async () => {
    await emit({
      system: 'payments',
      type: 'payment.completed',
      data: { paymentLinkId: 'plink_seed_30003' },
    });
    const path = '/payments/payment-links/plink_seed_30003';
    const link = await call(`${base}${path}`, {
      headers: paymentsHeaders('GET', path, '', { now: handle.clock.now() }),
    });
    expect(link.body.status).toBe('paid');
    const order = await call(`${base}/shop/orders/30003`, { headers: bearer(shopApi.token) });
    expect(order.body.status).toBe('processing');
  });

  it('sms, tickets and crm events update their records', async () => {
    await emit({
      system: 'sms',
      type: 'sms.delivery_status',
      data: { messageSid: 'SM00000000000000000000000000012345', status: 'delivered' },
    });
    await emit({
      system: 'tickets',
      type: 'ticket.updated',
      data: { ticketId: 'TCK-1001', assignee: 'ewa' },
    });
    await emit({
      system: 'crm',
      type: 'loyalty.points_changed',
      data: { customerId: 'C-1001', points: 400 },
    });
    const sms = await call(`${base}/sms/messages/SM00000000000000000000000000012345`, {
      headers: bearer(smsApi.token),
    });
    expect(sms.body.status).toBe('delivered');
    const ticket = await call(`${base}/tickets/tickets/TCK-1001`, {
      headers: basic(ticketsApi.username, ticketsApi.password),
    });
    expect(ticket.body.assignee).toBe('ewa');
    const token = await crmToken(base);
    const loyalty = await call(`${base}/crm/customers/C-1001/loyalty`, { headers: bearer(token) });
    expect(loyalty.body.points).toBe(400);
  });
});

describe('emit validation', () => {
  it.each([
    [
      'an unknown type',
      { system: 'shop', type: 'order.teleported', data: {} },
      'unknown_event_type',
    ],
    [
      'a type of another system',
      { system: 'shop', type: 'payment.completed', data: {} },
      'unknown_event_type',
    ],
    [
      'data of the wrong shape',
      {
        system: 'shop',
        type: 'order.status_changed',
        data: { orderNumber: 12345, status: 'lost' },
      },
      'invalid_event_data',
    ],
    [
      'an order the shop does not have',
      {
        system: 'shop',
        type: 'order.status_changed',
        data: { orderNumber: '55555', status: 'shipped' },
      },
      'unknown_order',
    ],
    ['an unknown system', { system: 'warehouse', type: 'x.y', data: {} }, 'validation_failed'],
  ])('answers 422 for %s and sends nothing', async (_name, request, code) => {
    const response = await emit(request);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe(code);
    expect(capture.requests).toHaveLength(0);
  });

  it('reports an unreachable Switchboard as status 0 with the error', async () => {
    const offline = await startTestPartner({ switchboardUrl: await unusedUrl() });
    try {
      const response = await control(offline.url, 'POST', 'emit', {
        system: 'shop',
        type: 'order.status_changed',
        data: { orderNumber: '10001', status: 'shipped' },
      });
      expect(response.status).toBe(200);
      expect(response.body.deliveries).toEqual([{ status: 0, body: null, error: 'ECONNREFUSED' }]);
    } finally {
      await offline.partner.stop();
    }
  });
});
