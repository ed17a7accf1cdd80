import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, control, type PartnerHandle, startTestPartner, webhookSecrets } from './support.ts';

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

/** Standard Webhooks signing as Switchboard's dispatcher does it, written from the spec. */
function signedHeaders(
  secret: string,
  body: string,
  options: { id?: string; timestamp?: number } = {},
): Record<string, string> {
  const id = options.id ?? `msg_${randomUUID().replaceAll('-', '')}`;
  const timestamp = options.timestamp ?? Math.floor(handle.clock.now().getTime() / 1000);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${signature}`,
  };
}

const systems = ['shop', 'crm', 'calendar', 'payments', 'sms', 'tickets'];
const conversationEnded = JSON.stringify({
  type: 'conversation.ended',
  timestamp: '2026-11-21T10:00:00.000Z',
  data: { conversationId: 'conv_1', channel: 'lex', outcome: 'resolved' },
});
const post = (system: string, headers: Record<string, string>, body = conversationEnded) =>
  call(`${base}/${system}/webhooks/switchboard`, { method: 'POST', headers, body });

describe.each(systems)('%s outbound receiver', (system) => {
  it("accepts and records a webhook signed with the system's outbound secret", async () => {
    const headers = signedHeaders(webhookSecrets(system).outbound, conversationEnded);
    const response = await post(system, headers);
    expect(response.status).toBe(204);
    const received = await control(base, 'GET', 'received');
    expect(received.body).toEqual([
      {
        system,
        id: headers['webhook-id'],
        type: 'conversation.ended',
        headers: expect.objectContaining({ 'webhook-id': headers['webhook-id'] }),
        body: JSON.parse(conversationEnded),
        verified: true,
        duplicate: false,
        receivedAt: expect.any(String),
      },
    ]);
  });

  it("records a webhook signed with another system's secret as unverified and answers 401", async () => {
    const other = system === 'shop' ? 'crm' : 'shop';
    const response = await post(
      system,
      signedHeaders(webhookSecrets(other).outbound, conversationEnded),
    );
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_signature');
    const [record] = (await control(base, 'GET', 'received')).body;
    expect(record).toMatchObject({
      system,
      verified: false,
      reason: expect.stringMatching(/signature/),
    });
  });
});

describe('verification rules', () => {
  const secret = webhookSecrets('shop').outbound;

  it('rejects a body changed after signing', async () => {
    const headers = signedHeaders(secret, conversationEnded);
    const response = await post(
      'shop',
      headers,
      conversationEnded.replace('resolved', 'escalated'),
    );
    expect(response.status).toBe(401);
  });

  it('rejects a timestamp outside ±300 s, accepts one inside', async () => {
    // Margins of 30 s keep a slow machine from crossing the window mid-test; the exact
    // boundary is covered by the verifier's unit tests.
    const nowSeconds = Math.floor(handle.clock.now().getTime() / 1000);
    const stale = await post(
      'shop',
      signedHeaders(secret, conversationEnded, { timestamp: nowSeconds - 330 }),
    );
    expect(stale.status).toBe(401);
    const future = await post(
      'shop',
      signedHeaders(secret, conversationEnded, { timestamp: nowSeconds + 330 }),
    );
    expect(future.status).toBe(401);
    const recent = await post(
      'shop',
      signedHeaders(secret, conversationEnded, { timestamp: nowSeconds - 200 }),
    );
    expect(recent.status).toBe(204);
    const received = (await control(base, 'GET', 'received')).body;
    expect(received.map((r: { verified: boolean }) => r.verified)).toEqual([false, false, true]);
    expect(received[0].reason).toMatch(/300 s/);
  });

  it('rejects missing headers', async () => {
    const response = await post('shop', { 'content-type': 'application/json' });
    expect(response.status).toBe(401);
    const [record] = (await control(base, 'GET', 'received')).body;
    expect(record).toMatchObject({
      id: null,
      verified: false,
      reason: expect.stringMatching(/missing/),
    });
  });

  it('accepts a rotation header where any v1 entry matches', async () => {
    const headers = signedHeaders(secret, conversationEnded);
    headers['webhook-signature'] =
      `v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= ${headers['webhook-signature']}`;
    expect((await post('shop', headers)).status).toBe(204);
  });

  it('marks a redelivery of the same webhook-id as a duplicate', async () => {
    const id = 'msg_redelivered';
    await post('shop', signedHeaders(secret, conversationEnded, { id }));
    await post('shop', signedHeaders(secret, conversationEnded, { id }));
    const received = (await control(base, 'GET', 'received')).body;
    expect(received.map((r: { duplicate: boolean }) => r.duplicate)).toEqual([false, true]);
  });

  it('filters by system and is emptied by reset', async () => {
    await post('shop', signedHeaders(secret, conversationEnded));
    await post('sms', signedHeaders(webhookSecrets('sms').outbound, conversationEnded));
    const sms = (await control(base, 'GET', 'received?system=sms')).body;
    expect(sms.map((r: { system: string }) => r.system)).toEqual(['sms']);
    await control(base, 'POST', 'reset');
    expect((await control(base, 'GET', 'received')).body).toEqual([]);
  });
});
