import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  bearer,
  call,
  control,
  crmToken,
  type PartnerHandle,
  shopApi,
  startTestPartner,
  webhookSecrets,
} from './support.ts';

let handle: PartnerHandle;
let base: string;

beforeAll(async () => {
  handle = await startTestPartner();
  base = handle.url;
});
afterAll(() => handle.partner.stop());
beforeEach(async () => {
  await control(base, 'POST', 'reset');
});

const getOrder = (init: RequestInit = {}) =>
  call(`${base}/shop/orders/12345`, { ...init, headers: bearer(shopApi.token) });
const addFault = async (fault: Record<string, unknown>) => {
  const response = await control(base, 'POST', 'faults', fault);
  expect(response.status).toBe(201);
  return response;
};

describe('status faults', () => {
  it('answers the status for exactly `count` calls, then the real response', async () => {
    await addFault({ target: 'shop.getOrder', status: 503, count: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await getOrder()).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
  });

  it('sets Retry-After on a 429', async () => {
    await addFault({ target: 'shop', status: 429, retryAfterSeconds: 7, count: 1 });
    const response = await getOrder();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.body.error.code).toBe('injected_fault');
  });

  it('applies to every call until cleared when count is absent', async () => {
    await addFault({ target: 'shop', status: 500 });
    for (let i = 0; i < 3; i += 1) expect((await getOrder()).status).toBe(500);
    const cleared = await control(base, 'DELETE', 'faults');
    expect(cleared.body.cleared).toBe(1);
    expect((await getOrder()).status).toBe(200);
  });

  it('targets a whole system or only one operation', async () => {
    const token = await crmToken(base);
    await addFault({ target: 'crm.verifyPin', status: 502 });
    const loyalty = await call(`${base}/crm/customers/C-1001/loyalty`, { headers: bearer(token) });
    expect(loyalty.status).toBe(200);
    const pin = await call(`${base}/crm/customers/C-1001/verify-pin`, {
      method: 'POST',
      headers: bearer(token),
      json: { pin: '4321' },
    });
    expect(pin.status).toBe(502);

    await control(base, 'DELETE', 'faults');
    await addFault({ target: 'crm', status: 503 });
    const again = await call(`${base}/crm/customers/C-1001/loyalty`, { headers: bearer(token) });
    expect(again.status).toBe(503);
    expect((await getOrder()).status).toBe(200);
  });

  it('runs successive faults in the order they were added', async () => {
    await addFault({ target: 'shop', status: 503, count: 1 });
    await addFault({ target: 'shop', status: 429, retryAfterSeconds: 1, count: 1 });
    expect((await getOrder()).status).toBe(503);
    expect((await getOrder()).status).toBe(429);
    expect((await getOrder()).status).toBe(200);
  });

  it('fires before auth, so even unauthenticated calls see it and are counted', async () => {
    await addFault({ target: 'shop', status: 503, count: 1 });
    expect((await call(`${base}/shop/orders/12345`)).status).toBe(503);
    expect((await call(`${base}/shop/orders/12345`)).status).toBe(401);
    const calls = await control(base, 'GET', 'calls');
    expect(calls.body['shop.getOrder']).toBe(2);
  });
});

describe('latency and hang', () => {
  it('delays the answer by latencyMs for count calls', async () => {
    await addFault({ target: 'shop.getOrder', latencyMs: 300, count: 1 });
    const started = Date.now();
    const slow = await getOrder();
    const elapsed = Date.now() - started;
    expect(slow.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    const faults = await control(base, 'GET', 'faults');
    expect(faults.body.faults).toEqual([]);
  });

  it('combines latency with a status', async () => {
    await addFault({ target: 'shop', latencyMs: 300, status: 504, count: 1 });
    const started = Date.now();
    expect((await getOrder()).status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('never answers a hung call, and only hangs count calls', async () => {
    await addFault({ target: 'shop.getOrder', hang: true, count: 1 });
    await expect(getOrder({ signal: AbortSignal.timeout(700) })).rejects.toThrow(/abort|timeout/i);
    expect((await getOrder()).status).toBe(200);
    const calls = await control(base, 'GET', 'calls');
    expect(calls.body['shop.getOrder']).toBe(2);
  });

  it('stop() closes promptly while a call hangs', async () => {
    const other = await startTestPartner();
    await control(other.url, 'POST', 'faults', { target: 'shop', hang: true });
    const hung = fetch(`${other.url}/shop/orders/12345`, { headers: bearer(shopApi.token) }).then(
      (response) => response.status,
      () => 'connection closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = await Promise.race([
      other.partner.stop().then(() => 'stopped'),
      new Promise((resolve) => setTimeout(() => resolve('still running'), 5000)),
    ]);
    expect(stopped).toBe('stopped');
    expect(await hung).toBe('connection closed');
  });
});

describe('body faults', () => {
  it('malformed: the body is not parseable JSON', async () => {
    await addFault({ target: 'shop.getOrder', body: 'malformed', count: 1 });
    const response = await getOrder();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(() => JSON.parse(response.text)).toThrow();
    expect(JSON.parse((await getOrder()).text).orderNumber).toBe('12345');
  });

  it('invalid: the body is JSON that breaks the documented schema', async () => {
    await addFault({ target: 'shop.getOrder', body: 'invalid', count: 1 });
    const response = await getOrder();
    expect(response.status).toBe(200);
    const body = JSON.parse(response.text);
    expect(typeof body.orderNumber).not.toBe('string');
    expect(typeof body.status).not.toBe('string');
    expect(typeof body.total.amount).not.toBe('number');
    expect((await getOrder()).body.status).toBe('shipped');
  });

  it('uses the fault status with a body fault when both are given', async () => {
    await addFault({ target: 'shop', status: 500, body: 'malformed', count: 1 });
    const response = await getOrder();
    expect(response.status).toBe(500);
    expect(() => JSON.parse(response.text)).toThrow();
  });
});

describe('outbound receiver URLs', () => {
  const signed = (body: string) => {
    const id = 'msg_fault_test';
    const timestamp = Math.floor(handle.clock.now().getTime() / 1000);
    const key = Buffer.from(webhookSecrets('tickets').outbound.replace(/^whsec_/, ''), 'base64');
    const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
    return {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,${mac}`,
      'content-type': 'application/json',
    };
  };

  it('fail with the fault, then accept the retry', async () => {
    await addFault({ target: 'tickets.receiveWebhook', status: 503, count: 1 });
    const body = JSON.stringify({ type: 'conversation.ended', data: {} });
    const url = `${base}/tickets/webhooks/switchboard`;
    expect((await call(url, { method: 'POST', headers: signed(body), body })).status).toBe(503);
    expect((await call(url, { method: 'POST', headers: signed(body), body })).status).toBe(204);
    const received = await control(base, 'GET', 'received');
    expect(received.body).toHaveLength(1);
    expect((await control(base, 'GET', 'calls')).body['tickets.receiveWebhook']).toBe(2);
  });
});

describe('fault validation', () => {
  it.each([
    [{ target: 'shop.getOrdr', status: 500 }, 'unknown_target'],
    [{ target: 'warehouse', status: 500 }, 'unknown_target'],
    [{ target: 'shop' }, 'validation_failed'],
    [{ target: 'shop', retryAfterSeconds: 3 }, 'validation_failed'],
    [{ target: 'shop', status: 'slow' }, 'validation_failed'],
    [{ target: 'shop', body: 'garbage' }, 'validation_failed'],
  ])('rejects %j', async (fault, code) => {
    const response = await control(base, 'POST', 'faults', fault);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe(code);
  });

  it('is cleared by reset', async () => {
    await addFault({ target: 'shop', status: 500 });
    await control(base, 'POST', 'reset');
    expect((await getOrder()).status).toBe(200);
  });
});
