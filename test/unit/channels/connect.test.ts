import { describe, expect, it } from 'vitest';
import { connectAdapter } from '#shared/channels/connect.ts';
import type { Reply } from '#shared/conversation/types.ts';
import { connectEvents, malformedConnectEvents } from '#test/fixtures/channels/index.ts';
import { expectValidConnectResponse, meta, reply } from './support.ts';

function turnOf(event: unknown) {
  const result = connectAdapter.parse(event, meta);
  if (!result.ok) throw new Error(`expected a turn, got: ${result.problem}`);
  return result.turn;
}

function respond(overrides: Partial<Reply>) {
  const response = connectAdapter.render(reply(overrides), undefined);
  expectValidConnectResponse(response);
  return response;
}

describe('connectAdapter.parse', () => {
  it('maps a voice turn: contact id, caller number, language and slot parameters', () => {
    expect(turnOf(connectEvents.turn)).toEqual({
      channel: 'connect',
      sessionId: '5ca32fbd-8f92-46af-92a5-6b0f970f0efe',
      locale: 'pl-PL',
      inputMode: 'voice',
      phase: 'fulfillment',
      intent: 'CheckOrderStatus',
      text: 'gdzie jest moje zamówienie',
      slots: { orderNumber: '12345' },
      confirmation: 'none',
      phone: '+48500100200',
      identity: 'carrier',
      correlationId: meta.correlationId,
      receivedAt: meta.receivedAt,
      deadline: meta.deadline,
    });
  });

  it('maps a poll, preferring the locale parameter over the contact language', () => {
    expect(turnOf(connectEvents.poll)).toMatchObject({
      phase: 'poll',
      locale: 'en-US',
      intent: 'BookAppointment',
      phone: '+15555550123',
      slots: {},
    });
  });

  it('maps an ended chat contact with no customer endpoint', () => {
    const turn = turnOf(connectEvents.ended);
    expect(turn).toMatchObject({ phase: 'ended', locale: 'ru-RU', inputMode: 'text', slots: {} });
    expect(turn.phone).toBeUndefined();
    expect(turn.intent).toBeUndefined();
  });

  it('reads the confirmation, formats the number and skips empty parameters', () => {
    expect(turnOf(connectEvents.confirmation)).toMatchObject({
      locale: 'zh-CN',
      confirmation: 'confirmed',
      phone: '+48500100200',
      slots: { date: '2031-05-14', time: '10:00' },
    });
  });

  it('stringifies number and boolean parameters and caps text', () => {
    const event = malformedConnectEvents.find(({ name }) =>
      name.startsWith('wrong parameter'),
    )?.event;
    const turn = turnOf(event);
    expect(turn.slots).toEqual({ orderNumber: '12345', express: 'false' });
    expect(turn.intent).toBeUndefined();
    expect(turn.text?.length).toBe(1024);
    // A number without a "+" has no known country: dropped, not guessed.
    expect(turn.phone).toBeUndefined();
  });

  it('refuses an unknown action and a missing contact id', () => {
    const unknown = malformedConnectEvents.find(({ name }) => name === 'unknown action')?.event;
    expect(connectAdapter.parse(unknown, meta)).toMatchObject({ ok: false, locale: 'pl-PL' });
    expect(connectAdapter.parse({ Details: { Parameters: {} } }, meta)).toMatchObject({
      ok: false,
    });
  });
});

describe('connectAdapter.render', () => {
  it('returns a flat map with outcome, text and SSML', () => {
    expect(
      respond({
        intent: 'CheckOrderStatus',
        messages: [
          { text: 'Your order shipped.', ssml: '<speak>Your order shipped.</speak>' },
          { text: 'Anything else?', ssml: '<speak>Anything else?</speak>' },
        ],
      }),
    ).toEqual({
      outcome: 'fulfilled',
      message: 'Your order shipped. Anything else?',
      ssml: '<speak>Your order shipped. Anything else?</speak>',
      locale: 'en-US',
      intent: 'CheckOrderStatus',
    });
  });

  it('elicits a slot, and asks a confirmation as the confirmation slot', () => {
    expect(respond({ outcome: 'elicit', slotToElicit: 'orderNumber' })).toMatchObject({
      outcome: 'elicit',
      slotToElicit: 'orderNumber',
    });
    expect(respond({ outcome: 'confirm' })).toMatchObject({
      outcome: 'elicit',
      slotToElicit: 'confirmation',
    });
    expect(respond({ outcome: 'delegate' }).outcome).toBe('elicit');
  });

  it('passes pending with its job id, handoff and failed through', () => {
    expect(respond({ outcome: 'pending', jobId: 'job-42' })).toMatchObject({
      outcome: 'pending',
      jobId: 'job-42',
    });
    expect(respond({ outcome: 'handoff' }).outcome).toBe('handoff');
    expect(respond({ outcome: 'failed' }).outcome).toBe('failed');
  });

  it('says plain text as SSML when a message has no SSML document, escaping it', () => {
    expect(respond({ messages: [{ text: 'Tom & Jerry <3', ssml: '' }] }).ssml).toBe(
      '<speak>Tom &amp; Jerry &lt;3</speak>',
    );
  });

  it('answers a poll with nothing to say as idle, with no prompt to play', () => {
    expect(respond({ messages: [] })).toEqual({
      outcome: 'idle',
      locale: 'en-US',
    });
  });

  it('stays within 32 KB for very long replies', () => {
    const long = '您的订单已发货。'.repeat(1000);
    const response = respond({
      locale: 'zh-CN',
      messages: Array.from({ length: 5 }, () => ({ text: long, ssml: `<speak>${long}</speak>` })),
    });
    expect(response.message?.endsWith('…')).toBe(true);
  });
});

describe('connectAdapter.apology and malformed events', () => {
  it('answers failed in the caller language', () => {
    const response = connectAdapter.apology('ru-RU');
    expectValidConnectResponse(response);
    expect(response).toMatchObject({ outcome: 'failed', locale: 'ru-RU' });
    expect(response.message).toContain('Извините');
  });

  for (const { name, event } of malformedConnectEvents) {
    it(`answers validly: ${name}`, () => {
      const result = connectAdapter.parse(event, meta);
      if (!result.ok) {
        expect(result.problem).not.toBe('');
        expectValidConnectResponse(connectAdapter.apology(result.locale));
        return;
      }
      expect(result.turn.text?.length ?? 0).toBeLessThanOrEqual(1024);
      expectValidConnectResponse(
        connectAdapter.render(reply({ locale: result.turn.locale }), result.echo),
      );
    });
  }
});
