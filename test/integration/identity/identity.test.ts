/**
 * Who is speaking, through the running local runtime: what a claimed number can no longer do,
 * what a token, a PIN or a one-time code unlock and for how long, attempt limits under
 * concurrency on every channel, and the HTTP channels' credentials.
 */
import { DeleteItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { sessionScope } from '#shared/identity/policy.ts';
import { control } from '../demo-partner/support.ts';
import { demoPartnerUrl, dynamoClient, emit, eventually, getState } from '../webhooks/support.ts';
import {
  chat,
  chatToken,
  connectEvent,
  cxBasic,
  cxRequest,
  invoke,
  lexEvent,
  newSession,
  post,
  texts,
} from './support.ts';

const anna = { phone: '+48500100200', pin: '4321', points: /320/ };
const li = { phone: '+8613800138000', pin: '8642' };

const calls = async (): Promise<Record<string, number>> =>
  (await control(demoPartnerUrl(), 'GET', 'calls')).body as Record<string, number>;

async function startFresh(phone: string): Promise<void> {
  await dynamoClient().send(
    new DeleteItemCommand({
      TableName: 'ConversationState',
      Key: marshall({ pk: `customer#${phone}`, sk: 'verification#attempts' }),
    }),
  );
}

beforeEach(async () => {
  await control(demoPartnerUrl(), 'POST', 'reset');
  await startFresh(anna.phone);
});

async function annaHasNews(orderNumber: string): Promise<void> {
  const emitted = await emit({
    system: 'shop',
    type: 'order.status_changed',
    data: { orderNumber, status: 'shipped' },
  });
  await eventually(async () => {
    const news = await getState(`customer#${anna.phone}`, `news#order#${orderNumber}`);
    return news?.eventId === emitted.eventId ? news : undefined;
  });
}

describe('a claimed number', () => {
  it('hears no news, balance or jobs and triggers nothing on chat, Lex or CX; the verified customer still gets the news', async () => {
    await annaHasNews('20002');
    const claimed = { sessionId: newSession('claimed'), locale: 'en-US', phone: anna.phone };

    const poll = await chat({ ...claimed, action: 'poll' });
    expect(texts(poll)).not.toMatch(/20002/);
    for (const intent of ['CheckLoyaltyBalance', 'SendPaymentLink']) {
      const reply = await chat({ ...claimed, intent });
      expect(reply, intent).toMatchObject({ outcome: 'elicit', slotToElicit: 'pin' });
      expect(texts(reply)).not.toMatch(/points|20002|link/i);
    }
    const booking = await chat({
      ...claimed,
      intent: 'BookAppointment',
      slots: { date: 'tomorrow', time: '10:00' },
      confirmation: 'yes',
    });
    expect(booking).toMatchObject({ outcome: 'elicit', slotToElicit: 'pin' });

    const lex = await invoke(
      'lex-fulfillment',
      lexEvent({
        sessionId: newSession('lex-claimed'),
        intent: 'CheckLoyaltyBalance',
        sessionAttributes: { phone: anna.phone },
      }),
    );
    expect(lex.sessionState.dialogAction).toMatchObject({
      type: 'ElicitSlot',
      slotToElicit: 'pin',
    });
    expect(JSON.stringify(lex.messages)).not.toMatch(/20002|points/);

    const cx = await post(
      '/channels/dialogflow-cx',
      cxRequest({ sessionId: newSession('cx'), tag: 'CheckLoyaltyBalance', callerId: anna.phone }),
    );
    expect(cx.status).toBe(401);

    const used = await calls();
    for (const operation of ['crm.getLoyalty', 'payments.createPaymentLink', 'sms.send']) {
      expect(used[operation] ?? 0, operation).toBe(0);
    }
    expect(used['calendar.createAppointment'] ?? 0).toBe(0);

    const verified = await chat(
      { sessionId: newSession('verified'), locale: 'en-US', action: 'poll' },
      await chatToken(anna.phone),
    );
    expect(texts(verified)).toMatch(/20002.*shipped/);
  });

  it('does not hear a job another conversation of the customer started', async () => {
    const token = await chatToken(anna.phone);
    // Slower than the turn's budget, so the booking finishes as a job.
    await control(demoPartnerUrl(), 'POST', 'faults', {
      target: 'calendar.createAppointment',
      latencyMs: 10_000,
      count: 1,
    });
    const started = await chat(
      {
        sessionId: newSession('job'),
        intent: 'BookAppointment',
        slots: { date: nextWeekday(4), time: '11:00' },
        confirmation: 'yes',
      },
      token,
    );
    expect(started.outcome).toBe('pending');
    await eventually(
      async () => {
        const job = await getState(`job#${started.jobId}`, 'job');
        return job?.status === 'pending' ? undefined : job;
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    const claimed = await chat({
      sessionId: newSession('other'),
      phone: anna.phone,
      action: 'poll',
    });
    expect(texts(claimed)).not.toMatch(/booked/i);
    const owner = await chat({ sessionId: newSession('owner'), action: 'poll' }, token);
    expect(texts(owner)).toMatch(/booked/i);
  }, 120_000);
});

/** A weekday (Mon–Sat, the demo calendar's days) at least `days` ahead, as YYYY-MM-DD. */
function nextWeekday(days: number): string {
  const date = new Date(Date.now() + days * 24 * 3600 * 1000);
  if (date.getUTCDay() === 0) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

describe('verification', () => {
  it('a valid chat token makes the balance answer at once', async () => {
    const reply = await chat(
      { sessionId: newSession('token'), locale: 'pl-PL', intent: 'CheckLoyaltyBalance' },
      await chatToken(anna.phone),
    );
    expect(reply.outcome).toBe('fulfilled');
    expect(texts(reply)).toMatch(anna.points);
  });

  it('a right PIN verifies a Lex conversation for that number only, and it lapses', async () => {
    const sessionId = newSession('lex-pin');
    const asAnna = {
      sessionId,
      intent: 'CheckLoyaltyBalance',
      sessionAttributes: { phone: anna.phone },
    };
    const first = await invoke(
      'lex-fulfillment',
      lexEvent({ ...asAnna, slots: { pin: anna.pin } }),
    );
    expect(first.sessionState.intent.state).toBe('Fulfilled');
    expect(JSON.stringify(first.messages)).toMatch(anna.points);
    expect(first.sessionState.intent.slots.pin).toBeNull();

    const again = await invoke('lex-fulfillment', lexEvent(asAnna));
    expect(JSON.stringify(again.messages)).toMatch(anna.points);

    const otherNumber = await invoke(
      'lex-fulfillment',
      lexEvent({ ...asAnna, sessionAttributes: { phone: '+15555550123' } }),
    );
    expect(otherNumber.sessionState.dialogAction.slotToElicit).toBe('pin');
    expect(JSON.stringify(otherNumber.messages)).not.toMatch(/points/);

    // Back to the first number: the verification was dropped, not merely hidden.
    const back = await invoke('lex-fulfillment', lexEvent(asAnna));
    expect(back.sessionState.dialogAction.slotToElicit).toBe('pin');

    const verifiedAgain = await invoke(
      'lex-fulfillment',
      lexEvent({ ...asAnna, slots: { pin: anna.pin } }),
    );
    expect(JSON.stringify(verifiedAgain.messages)).toMatch(anna.points);
    // As if 16 minutes had passed: the stored check is older than the 15-minute expiry.
    const stored = await getState(`session#lex#${sessionId}`, 'state');
    const state = JSON.parse(stored?.state);
    state.verification.at -= 16 * 60_000;
    await dynamoClient().send(
      new UpdateItemCommand({
        TableName: 'ConversationState',
        Key: marshall({ pk: `session#lex#${sessionId}`, sk: 'state' }),
        UpdateExpression: 'SET #state = :state',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: marshall({ ':state': JSON.stringify(state) }),
      }),
    );
    const expired = await invoke('lex-fulfillment', lexEvent(asAnna));
    expect(expired.sessionState.dialogAction.slotToElicit).toBe('pin');
  });

  it('a one-time code texted to the number verifies, once, and never shows up anywhere', async () => {
    await startFresh(li.phone);
    const caller = { sessionId: newSession('code'), locale: 'zh-CN', phone: li.phone };
    const asked = await chat({
      ...caller,
      intent: 'CheckLoyaltyBalance',
      slots: { pin: '验证码' },
    });
    expect(asked).toMatchObject({ outcome: 'elicit', slotToElicit: 'code' });
    const messages = (await control(demoPartnerUrl(), 'GET', 'sms')).body as {
      to: string;
      body: string;
    }[];
    const sms = messages.filter((message) => message.to === li.phone).at(-1);
    const code = /\d{6}/.exec(sms?.body ?? '')?.[0];
    expect(code).toBeDefined();

    const verified = await chat({
      ...caller,
      intent: 'CheckLoyaltyBalance',
      slots: { code: String(code) },
    });
    expect(verified.outcome).toBe('fulfilled');
    const reused = await chat({
      ...caller,
      sessionId: newSession('code-reuse'),
      intent: 'CheckLoyaltyBalance',
      slots: { code: String(code) },
    });
    expect(reused).toMatchObject({ outcome: 'elicit', slotToElicit: 'code' });

    const scope = sessionScope({ sessionOwner: `phone:${li.phone}` });
    const sessions = [await getState(`session#chat#${caller.sessionId}#${scope}`, 'state')];
    expect(sessions[0]?.state).toEqual(expect.any(String));
    const stored = JSON.stringify([
      ...sessions,
      await getState(`customer#${li.phone}`, 'verification#code'),
    ]);
    for (const secret of [String(code), li.phone]) {
      expect(JSON.stringify(sessions)).not.toContain(secret);
      expect(JSON.stringify([asked, verified, reused])).not.toContain(secret);
    }
    expect(stored).not.toContain(String(code));
  });

  it('Dialogflow CX never gets a PIN written back into its parameters', async () => {
    const reply = await post(
      '/channels/dialogflow-cx',
      cxRequest({
        sessionId: newSession('cx-pin'),
        tag: 'CheckLoyaltyBalance',
        callerId: anna.phone,
        parameters: { pin: anna.pin },
      }),
      cxBasic(),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.sessionInfo.parameters.pin).toBeNull();
    expect(JSON.stringify(reply.body)).not.toContain(anna.pin);
    expect(JSON.stringify(reply.body.fulfillmentResponse)).toMatch(anna.points);
  });
});

describe('attempt limits', () => {
  it('3 waves of 12 concurrent wrong PINs on chat, Lex and Connect reach the CRM 3 times; the right PIN then reveals nothing', async () => {
    const phone = anna.phone;
    const guess = (i: number, wave: number) => {
      const pin = String(1000 + wave * 12 + i);
      const sessionId = newSession(`wave${wave}-${i}`);
      switch (i % 3) {
        case 0:
          return chat({ sessionId, phone, intent: 'CheckLoyaltyBalance', slots: { pin } });
        case 1:
          return invoke(
            'lex-fulfillment',
            lexEvent({
              sessionId,
              intent: 'CheckLoyaltyBalance',
              sessionAttributes: { phone },
              slots: { pin },
            }),
          );
        default:
          return invoke(
            'connect-fulfillment',
            connectEvent({
              contactId: sessionId,
              phone,
              parameters: { intent: 'CheckLoyaltyBalance', pin },
            }),
          );
      }
    };
    for (const wave of [0, 1, 2]) {
      await Promise.all(Array.from({ length: 12 }, (_, i) => guess(i, wave)));
    }
    expect((await calls())['crm.verifyPin']).toBeLessThanOrEqual(3);

    const right = await invoke(
      'connect-fulfillment',
      connectEvent({
        contactId: newSession('right'),
        phone,
        parameters: { intent: 'CheckLoyaltyBalance', pin: anna.pin },
      }),
    );
    expect(right.outcome).toBe('handoff');
    expect(right.message).not.toMatch(/320/);
    expect((await calls())['crm.verifyPin']).toBeLessThanOrEqual(3);
  });
});

describe('channel credentials', () => {
  it('Dialogflow CX: 401 without or with wrong credentials, 200 with the webhook’s', async () => {
    const request = cxRequest({
      sessionId: newSession('cx-auth'),
      tag: 'CheckOrderStatus',
      parameters: { orderNumber: 12345 },
    });
    const none = await post('/channels/dialogflow-cx', request);
    expect(none.status).toBe(401);
    expect((await post('/channels/dialogflow-cx', request, cxBasic('wrong'))).status).toBe(401);
    const ok = await post('/channels/dialogflow-cx', request, cxBasic());
    expect(ok.status).toBe(200);
    expect(JSON.stringify(ok.body)).toMatch(/12345/);
  });

  it('chat: a tampered or expired token is 401; the same session id with another identity is a new conversation', async () => {
    const body = { sessionId: newSession('chat-auth'), intent: 'CheckLoyaltyBalance' };
    const tampered = await post(
      '/channels/chat',
      body,
      await chatToken(anna.phone, { key: 'x'.repeat(40) }),
    );
    expect(tampered.status).toBe(401);
    const expired = await post(
      '/channels/chat',
      body,
      await chatToken(anna.phone, { expiresIn: Math.floor(Date.now() / 1000) - 60 }),
    );
    expect(expired.status).toBe(401);

    const owner = await chat(body, await chatToken(anna.phone));
    expect(texts(owner)).toMatch(anna.points);
    const intruder = await chat({ ...body, phone: anna.phone });
    expect(intruder).toMatchObject({ outcome: 'elicit', slotToElicit: 'pin' });
  });
});
