import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  basic,
  bearer,
  calendarApi,
  call,
  control,
  crmApi,
  crmToken,
  type JsonResponse,
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
  handle = await startTestPartner({ crmTokenTtlSeconds: 60 });
  base = handle.url;
});
afterAll(() => handle.partner.stop());
beforeEach(async () => {
  await control(base, 'POST', 'reset');
});

const paymentLinkBody = JSON.stringify({
  amount: 4990,
  currency: 'PLN',
  description: 'Order 30003',
});

interface AuthCase {
  system: string;
  operation: string;
  /** Sends the system's typical call with the given credential headers. */
  send(headers: Record<string, string>): Promise<JsonResponse>;
  valid(): Record<string, string> | Promise<Record<string, string>>;
  wrong(): Record<string, string>;
  okStatus: number;
}

const cases: AuthCase[] = [
  {
    system: 'shop',
    operation: 'shop.getOrder',
    send: (headers) => call(`${base}/shop/orders/12345`, { headers }),
    valid: () => bearer(shopApi.token),
    wrong: () => bearer(`${shopApi.token}x`),
    okStatus: 200,
  },
  {
    system: 'crm',
    operation: 'crm.getLoyalty',
    send: (headers) => call(`${base}/crm/customers/C-1001/loyalty`, { headers }),
    valid: async () => bearer(await crmToken(base)),
    wrong: () => bearer('crm_at_not-a-real-token'),
    okStatus: 200,
  },
  {
    system: 'calendar',
    operation: 'calendar.listSlots',
    send: (headers) => call(`${base}/calendar/slots?days=2`, { headers }),
    valid: () => ({ 'x-api-key': calendarApi.apiKey }),
    wrong: () => ({ 'x-api-key': 'cal_dev_wrong' }),
    okStatus: 200,
  },
  {
    system: 'payments',
    operation: 'payments.createPaymentLink',
    send: (headers) =>
      call(`${base}/payments/payment-links`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: paymentLinkBody,
      }),
    valid: () =>
      paymentsHeaders('POST', '/payments/payment-links', paymentLinkBody, {
        now: handle.clock.now(),
      }),
    wrong: () =>
      paymentsHeaders('POST', '/payments/payment-links', paymentLinkBody, {
        now: handle.clock.now(),
        secret: 'not-the-signing-secret',
      }),
    okStatus: 201,
  },
  {
    system: 'sms',
    operation: 'sms.send',
    send: (headers) =>
      call(`${base}/sms/messages`, {
        method: 'POST',
        headers,
        json: { to: '+15555550123', body: 'Your payment link: https://pay.example/l/1' },
      }),
    valid: () => bearer(smsApi.token),
    wrong: () => bearer(shopApi.token),
    okStatus: 201,
  },
  {
    system: 'tickets',
    operation: 'tickets.create',
    send: (headers) =>
      call(`${base}/tickets/tickets`, {
        method: 'POST',
        headers,
        json: { subject: 'Handoff', summary: 'Caller asked for a human about order 12345.' },
      }),
    valid: () => basic(ticketsApi.username, ticketsApi.password),
    wrong: () => basic(ticketsApi.username, 'guess'),
    okStatus: 201,
  },
];

describe.each(cases)('$system auth', (authCase) => {
  it('rejects a call without credentials with 401 and a challenge', async () => {
    const response = await authCase.send({});
    expect(response.status).toBe(401);
    expect(response.body.error.code).toMatch(/^missing_/);
  });

  it('rejects wrong credentials with 401', async () => {
    const response = await authCase.send(authCase.wrong());
    expect(response.status).toBe(401);
    expect(response.body.error.code).toMatch(/^invalid_/);
  });

  it('accepts the dev credentials from secrets.json', async () => {
    const response = await authCase.send(await authCase.valid());
    expect(response.status).toBe(authCase.okStatus);
  });

  it('counts rejected calls too', async () => {
    await authCase.send({});
    await authCase.send(authCase.wrong());
    const calls = await control(base, 'GET', 'calls');
    expect(calls.body[authCase.operation]).toBe(2);
  });
});

describe('challenges', () => {
  it('names the scheme in WWW-Authenticate', async () => {
    const shop = await fetch(`${base}/shop/orders/12345`);
    expect(shop.headers.get('www-authenticate')).toMatch(/^Bearer realm="shop"/);
    const tickets = await fetch(`${base}/tickets/tickets/TCK-1001`);
    expect(tickets.headers.get('www-authenticate')).toMatch(/^Basic realm="tickets"/);
  });
});

describe('crm OAuth2 client credentials', () => {
  const tokenUrl = () => `${base}/crm/oauth/token`;

  it('issues a bearer token for form-encoded client_secret_post', async () => {
    const response = await call(tokenUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${crmApi.clientId}&client_secret=${crmApi.clientSecret}`,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 60 });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('accepts JSON bodies and HTTP Basic client authentication', async () => {
    const json = await call(tokenUrl(), {
      method: 'POST',
      json: {
        grant_type: 'client_credentials',
        client_id: crmApi.clientId,
        client_secret: crmApi.clientSecret,
      },
    });
    expect(json.status).toBe(200);
    const basicAuth = await call(tokenUrl(), {
      method: 'POST',
      headers: {
        ...basic(crmApi.clientId, crmApi.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(basicAuth.status).toBe(200);
    expect(basicAuth.body.access_token).not.toBe(json.body.access_token);
  });

  it('answers RFC 6749 errors for a wrong secret, no credentials and a wrong grant', async () => {
    const wrongSecret = await call(tokenUrl(), {
      method: 'POST',
      json: { grant_type: 'client_credentials', client_id: crmApi.clientId, client_secret: 'nope' },
    });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toBe('invalid_client');

    const anonymous = await call(tokenUrl(), {
      method: 'POST',
      json: { grant_type: 'client_credentials' },
    });
    expect(anonymous.status).toBe(401);

    const wrongGrant = await call(tokenUrl(), {
      method: 'POST',
      json: {
        grant_type: 'password',
        client_id: crmApi.clientId,
        client_secret: crmApi.clientSecret,
      },
    });
    expect(wrongGrant.status).toBe(400);
    expect(wrongGrant.body.error).toBe('unsupported_grant_type');
  });

  it('expires tokens after their lifetime, and a refreshed token works', async () => {
    const token = await crmToken(base);
    const url = `${base}/crm/customers/C-1001/loyalty`;
    expect((await call(url, { headers: bearer(token) })).status).toBe(200);

    handle.clock.advance(61);
    const expired = await call(url, { headers: bearer(token) });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('expired_token');
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');

    const refreshed = await crmToken(base);
    const again = await call(url, { headers: bearer(refreshed) });
    expect(again.status).toBe(200);
    expect(again.body.points).toBe(320);
  });
});

describe('runtime settings', () => {
  it('takes a new token lifetime from PATCH /_control/settings until reset', async () => {
    const patched = await control(base, 'PATCH', 'settings', { crmTokenTtlSeconds: 5 });
    expect(patched.status).toBe(200);
    expect(patched.body.crmTokenTtlSeconds).toBe(5);
    const token = await crmToken(base);
    handle.clock.advance(6);
    const expired = await call(`${base}/crm/customers/C-1002/loyalty`, { headers: bearer(token) });
    expect(expired.status).toBe(401);

    await control(base, 'POST', 'reset');
    expect((await control(base, 'GET', 'settings')).body.crmTokenTtlSeconds).toBe(60);
    const rejected = await control(base, 'PATCH', 'settings', { crmTokenTtlSeconds: 'soon' });
    expect(rejected.status).toBe(422);
  });
});

describe('payments request signatures', () => {
  const path = '/payments/payment-links';
  const send = (headers: Record<string, string>, body = paymentLinkBody) =>
    call(`${base}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });

  it('rejects a timestamp more than 300 s old, or in the future', async () => {
    const old = new Date(handle.clock.now().getTime() - 301_000);
    const stale = await send(paymentsHeaders('POST', path, paymentLinkBody, { now: old }));
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('stale_timestamp');

    const future = new Date(handle.clock.now().getTime() + 301_000);
    expect(
      (await send(paymentsHeaders('POST', path, paymentLinkBody, { now: future }))).status,
    ).toBe(401);
  });

  it('rejects a body changed after signing and an unknown key id', async () => {
    const headers = paymentsHeaders('POST', path, paymentLinkBody, { now: handle.clock.now() });
    const changed = paymentLinkBody.replace('4990', '1');
    const tampered = await send(headers, changed);
    expect(tampered.status).toBe(401);
    expect(tampered.body.error.code).toBe('invalid_signature');

    const unknownKey = await send(
      paymentsHeaders('POST', path, paymentLinkBody, {
        now: handle.clock.now(),
        keyId: 'pay_key_other',
      }),
    );
    expect(unknownKey.status).toBe(401);
  });

  it('signs GETs over the path (empty body) too', async () => {
    const getPath = '/payments/payment-links/plink_seed_30003';
    const response = await call(`${base}${getPath}`, {
      headers: paymentsHeaders('GET', getPath, '', { now: handle.clock.now() }),
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: 'plink_seed_30003',
      status: 'active',
      amount: 12900,
    });
  });
});
