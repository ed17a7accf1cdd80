import { describe, expect, it } from 'vitest';
import {
  handoffAttribute,
  type LexEcho,
  lexApology,
  parseLex,
  pendingAttribute,
  toLexResponse,
} from '#shared/channels/lex.ts';
import type { Reply } from '#shared/conversation/types.ts';
import { lexEvents, longTranscript, malformedLexEvents } from '#test/fixtures/channels/index.ts';
import { expectValidLexResponse, meta, reply } from './support.ts';

function parsed(event: unknown) {
  const result = parseLex(event, meta);
  if (!result.ok) throw new Error(`expected a turn, got: ${result.problem}`);
  return result;
}

describe('parseLex', () => {
  it('maps a Polish speech dialog hook to a dialog-phase voice turn', () => {
    const { turn, echo } = parsed(lexEvents.dialogSpeechPl);
    expect(turn).toEqual({
      channel: 'lex',
      sessionId: '409786123456-contact-3f1c',
      locale: 'pl-PL',
      inputMode: 'voice',
      phase: 'dialog',
      intent: 'CheckOrderStatus',
      text: 'gdzie jest moje zamówienie jeden dwa trzy cztery pięć',
      slots: { orderNumber: '12345' },
      confirmation: 'none',
      phone: '+48500100200',
      correlationId: meta.correlationId,
      receivedAt: meta.receivedAt,
      deadline: meta.deadline,
    });
    expect(echo).toMatchObject({
      phase: 'dialog',
      voice: true,
      intentName: 'CheckOrderStatus',
      nluConfidence: 0.93,
      sessionAttributes: { callerPhone: '+48500100200', connectContactId: '3f1c' },
    });
  });

  it('maps an English text fulfillment hook, leaving unfilled slots out of the turn', () => {
    const { turn, echo } = parsed(lexEvents.fulfillmentTextEn);
    expect(turn).toMatchObject({
      locale: 'en-US',
      inputMode: 'text',
      phase: 'fulfillment',
      intent: 'BookAppointment',
      slots: { date: '2031-05-14', time: '10:00' },
      confirmation: 'confirmed',
    });
    expect(turn.phone).toBeUndefined();
    expect(echo.voice).toBe(false);
    expect(echo.slots.note).toBeNull();
    expect(echo.nluConfidence).toBe(0.88);
  });

  it('reads a request-attribute phone, normalised to E.164', () => {
    const { turn, echo } = parsed(lexEvents.fulfillmentSpeechEn);
    expect(turn.phone).toBe('+15555550123');
    expect(turn.slots).toEqual({ pin: '1234' });
    // A handoff flag from an earlier turn is ours to re-derive, not to echo.
    expect(echo.sessionAttributes).toEqual({ flowStep: 'loyalty' });
  });

  it('maps DTMF input and a 00-prefixed number', () => {
    const { turn, echo } = parsed(lexEvents.dialogDtmfPl);
    expect(turn).toMatchObject({
      inputMode: 'dtmf',
      text: '1234',
      slots: {},
      phone: '+48500100200',
    });
    expect(echo.voice).toBe(true);
  });

  it('falls back to originalValue when interpretedValue is missing, and joins list slots', () => {
    const { turn, echo } = parsed({
      ...lexEvents.fulfillmentTextEn,
      sessionState: {
        intent: {
          name: 'OrderPizza',
          slots: {
            size: { value: { originalValue: 'large' } },
            toppings: {
              shape: 'List',
              values: [
                { value: { originalValue: 'ham', interpretedValue: 'Ham' } },
                { value: { originalValue: 'olives' } },
              ],
            },
          },
        },
      },
    });
    expect(turn.slots).toEqual({ size: 'large', toppings: 'Ham, olives' });
    expect(echo.slots.toppings?.shape).toBe('List');
  });

  it('treats FallbackIntent as no intent, and passes unknown intents to the engine', () => {
    const fallback = parsed({
      ...lexEvents.fulfillmentTextEn,
      sessionState: { intent: { name: 'FallbackIntent', slots: {} } },
    });
    expect(fallback.turn.intent).toBeUndefined();
    expect(fallback.echo.intentName).toBe('FallbackIntent');
    const unknown = parsed({
      ...lexEvents.fulfillmentTextEn,
      sessionState: { intent: { name: 'NoSuchIntent' } },
    });
    expect(unknown.turn.intent).toBe('NoSuchIntent');
  });

  it('caps a 20,000-character transcript', () => {
    const { turn } = parsed({ ...lexEvents.fulfillmentSpeechEn, inputTranscript: longTranscript });
    expect(turn.text?.length).toBe(1024);
  });

  it('makes a turn without sessionState', () => {
    const { sessionState: _sessionState, ...event } = lexEvents.dialogSpeechPl;
    const { turn, echo } = parsed(event);
    expect(turn).toMatchObject({ slots: {}, confirmation: 'none' });
    expect(turn.intent).toBeUndefined();
    expect(echo.sessionAttributes).toEqual({});
  });

  it('refuses events without a session id or a known invocationSource, keeping the locale', () => {
    const noSession = parseLex({ ...lexEvents.dialogSpeechPl, sessionId: '' }, meta);
    expect(noSession).toMatchObject({ ok: false, locale: 'pl-PL' });
    const noSource = parseLex({ ...lexEvents.dialogSpeechPl, invocationSource: 'X' }, meta);
    expect(noSource).toMatchObject({
      ok: false,
      problem: expect.stringContaining('invocationSource'),
    });
    expect(parseLex(null, meta)).toMatchObject({ ok: false, locale: 'en-US' });
  });

  it('accepts nluConfidence as a number or as { score }, and ignores anything else', () => {
    const confidence = (nluConfidence: unknown) =>
      parsed({
        ...lexEvents.dialogSpeechPl,
        interpretations: [{ intent: { name: 'CheckOrderStatus' }, nluConfidence }],
      }).echo.nluConfidence;
    expect(confidence(0.5)).toBe(0.5);
    expect(confidence({ score: 0.7 })).toBe(0.7);
    expect(confidence('high')).toBeUndefined();
  });

  it('keeps echoed session attributes within Lex limits and drops non-strings', () => {
    for (const { name, event } of malformedLexEvents) {
      const result = parseLex(event, meta);
      const echo = result.ok ? result.echo : result.echo;
      if (echo === undefined) continue;
      for (const value of Object.values(echo.sessionAttributes)) {
        expect(typeof value, name).toBe('string');
      }
      expect(Buffer.byteLength(JSON.stringify(echo.sessionAttributes)), name).toBeLessThan(12_000);
    }
  });
});

describe('toLexResponse', () => {
  const voice = parsed(lexEvents.dialogSpeechPl).echo;
  const text = parsed(lexEvents.fulfillmentTextEn).echo;

  function respond(overrides: Partial<Reply>, echo: LexEcho = text) {
    const response = toLexResponse(reply(overrides), echo);
    expectValidLexResponse(response);
    return response;
  }

  it('elicits a slot with the intent in progress and that slot cleared', () => {
    const response = respond(
      {
        outcome: 'elicit',
        intent: 'CheckOrderStatus',
        slotToElicit: 'orderNumber',
        messages: [
          {
            text: 'Jaki jest numer zamówienia?',
            ssml: '<speak>Jaki jest numer zamówienia?</speak>',
          },
        ],
        locale: 'pl-PL',
      },
      voice,
    );
    expect(response).toEqual({
      sessionState: {
        dialogAction: { type: 'ElicitSlot', slotToElicit: 'orderNumber' },
        intent: {
          name: 'CheckOrderStatus',
          state: 'InProgress',
          confirmationState: 'None',
          slots: { orderNumber: null },
        },
        sessionAttributes: { callerPhone: '+48500100200', connectContactId: '3f1c' },
      },
      messages: [{ contentType: 'SSML', content: '<speak>Jaki jest numer zamówienia?</speak>' }],
    });
  });

  it('elicits the intent when no slot is named, with a built-in prompt if the reply has none', () => {
    const response = respond({ outcome: 'elicit', messages: [], locale: 'ru-RU' });
    expect(response.sessionState.dialogAction).toEqual({ type: 'ElicitIntent' });
    expect(response.sessionState.intent).toBeUndefined();
    expect(response.messages).toEqual([
      { contentType: 'PlainText', content: 'Чем я могу помочь?' },
    ]);
  });

  it('asks for confirmation with messages, and keeps received slots the reply did not touch', () => {
    const response = respond({
      outcome: 'confirm',
      intent: 'BookAppointment',
      slots: { time: '10:30' },
      messages: [],
    });
    expect(response.sessionState.dialogAction).toEqual({ type: 'ConfirmIntent' });
    expect(response.sessionState.intent).toMatchObject({
      state: 'InProgress',
      confirmationState: 'None',
    });
    expect(response.sessionState.intent?.slots).toEqual({
      date: {
        value: {
          originalValue: 'tomorrow',
          interpretedValue: '2031-05-14',
          resolvedValues: ['2031-05-14'],
        },
      },
      time: {
        value: { originalValue: '10:30', interpretedValue: '10:30', resolvedValues: ['10:30'] },
      },
      note: null,
    });
    expect(response.messages).toEqual([{ contentType: 'PlainText', content: 'Shall I go ahead?' }]);
  });

  it('delegates in the dialog phase with the slots and no messages', () => {
    const response = respond(
      { outcome: 'delegate', intent: 'CheckOrderStatus', messages: [] },
      voice,
    );
    expect(response.sessionState.dialogAction).toEqual({ type: 'Delegate' });
    expect(response.sessionState.intent?.slots?.orderNumber?.value.interpretedValue).toBe('12345');
    expect(response.messages).toBeUndefined();
  });

  it('never delegates from a fulfillment hook', () => {
    const response = respond({ outcome: 'delegate', intent: 'BookAppointment' });
    expect(response.sessionState.dialogAction.type).toBe('Close');
    expect(response.sessionState.intent?.state).toBe('Fulfilled');
  });

  it('closes fulfilled and failed intents', () => {
    expect(respond({ outcome: 'fulfilled' }).sessionState).toMatchObject({
      dialogAction: { type: 'Close' },
      intent: { name: 'BookAppointment', state: 'Fulfilled', confirmationState: 'Confirmed' },
    });
    expect(respond({ outcome: 'failed' }).sessionState.intent?.state).toBe('Failed');
  });

  it('closes a pending turn as Fulfilled with the pending flag', () => {
    const response = respond({
      outcome: 'pending',
      jobId: 'job-1',
      messages: [
        { text: "One moment, I'm checking.", ssml: "<speak>One moment, I'm checking.</speak>" },
      ],
    });
    expect(response.sessionState).toMatchObject({
      dialogAction: { type: 'Close' },
      intent: { state: 'Fulfilled' },
      sessionAttributes: { [pendingAttribute]: 'true' },
    });
    expect(response.sessionState.sessionAttributes?.[handoffAttribute]).toBeUndefined();
  });

  it('flags a handoff for the Connect flow and keeps the received attributes', () => {
    const response = respond({ outcome: 'handoff', intent: 'Handoff' }, voice);
    expect(response.sessionState.sessionAttributes).toEqual({
      callerPhone: '+48500100200',
      connectContactId: '3f1c',
      [handoffAttribute]: 'true',
    });
    expect(response.sessionState.intent).toMatchObject({
      name: 'Handoff',
      state: 'Fulfilled',
      slots: {},
    });
  });

  it('uses the received intent when the reply names none, and FallbackIntent when neither does', () => {
    expect(respond({ outcome: 'fulfilled' }, voice).sessionState.intent?.name).toBe(
      'CheckOrderStatus',
    );
    const { echo } = parsed({ ...lexEvents.dialogSpeechPl, sessionState: {} });
    const response = respond({ outcome: 'elicit', slotToElicit: 'orderNumber' }, echo);
    // FallbackIntent has no slots to elicit, so the caller is asked what they want instead.
    expect(response.sessionState.dialogAction.type).toBe('ElicitIntent');
  });

  it('speaks SSML to voice callers and plain text to text ones', () => {
    expect(respond({}, voice).messages?.[0]?.contentType).toBe('SSML');
    expect(respond({}, text).messages).toEqual([
      { contentType: 'PlainText', content: 'Your order 12345 has shipped.' },
    ]);
  });

  it('falls back to plain text for SSML that would not fit, and truncates long text', () => {
    const long = 'word '.repeat(400).trim();
    const response = respond(
      {
        messages: [
          { text: long, ssml: `<speak>${long}</speak>` },
          { text: 'ok', ssml: 'not ssml' },
        ],
      },
      voice,
    );
    const [first, second] = response.messages ?? [];
    expect(first?.contentType).toBe('PlainText');
    expect(first?.content.length).toBeLessThanOrEqual(1024);
    expect(first?.content.endsWith('…')).toBe(true);
    expect(second).toEqual({ contentType: 'PlainText', content: 'ok' });
  });

  it('says at most ten messages, folding the rest into the tenth', () => {
    const messages = Array.from({ length: 14 }, (_, index) => ({
      text: `Message ${index + 1}.`,
      ssml: `<speak>Message ${index + 1}.</speak>`,
    }));
    const response = respond({ messages });
    expect(response.messages).toHaveLength(10);
    expect(response.messages?.[9]?.content).toBe(
      'Message 10. Message 11. Message 12. Message 13. Message 14.',
    );
  });

  it('stays within 25 KB with ten long Chinese messages', () => {
    const long = '您的订单已发货。'.repeat(200);
    const response = respond({
      locale: 'zh-CN',
      messages: Array.from({ length: 10 }, () => ({ text: long, ssml: `<speak>${long}</speak>` })),
    });
    expect(response.messages?.length).toBeGreaterThan(0);
    expect(response.messages?.length).toBeLessThan(10);
  });

  it('skips empty messages', () => {
    expect(respond({ messages: [{ text: '  ', ssml: '' }] }).messages).toBeUndefined();
  });
});

describe('lexApology', () => {
  it('closes as Failed in the caller language, keeping what survived of the request', () => {
    const result = parseLex({ ...lexEvents.dialogSpeechPl, sessionId: 5 }, meta);
    if (result.ok) throw new Error('expected a problem');
    const response = lexApology(result.locale, result.echo);
    expectValidLexResponse(response);
    expect(response.sessionState).toMatchObject({
      dialogAction: { type: 'Close' },
      intent: { name: 'CheckOrderStatus', state: 'Failed' },
      sessionAttributes: { callerPhone: '+48500100200' },
    });
    expect(response.messages?.[0]?.contentType).toBe('SSML');
    expect(response.messages?.[0]?.content).toContain('Przepraszamy');
  });

  it('leaves the stored session attributes alone when it could not read them', () => {
    const response = lexApology('zh-CN');
    expectValidLexResponse(response);
    expect(response.sessionState.sessionAttributes).toBeUndefined();
    expect(response.messages).toEqual([
      { contentType: 'PlainText', content: '抱歉，我们这边出了点问题。请稍后再试。' },
    ]);
  });
});

describe('malformed Lex events', () => {
  const outcomes: readonly Reply['outcome'][] = [
    'fulfilled',
    'failed',
    'elicit',
    'confirm',
    'pending',
    'handoff',
    'delegate',
  ];
  for (const { name, event } of malformedLexEvents) {
    it(`answers validly: ${name}`, () => {
      const result = parseLex(event, meta);
      if (!result.ok) {
        expect(result.problem).not.toBe('');
        expectValidLexResponse(lexApology(result.locale, result.echo));
        return;
      }
      expect(result.turn.text?.length ?? 0).toBeLessThanOrEqual(1024);
      for (const outcome of outcomes) {
        expectValidLexResponse(
          toLexResponse(reply({ outcome, slotToElicit: 'orderNumber', messages: [] }), result.echo),
        );
      }
    });
  }

  it('does not let a __proto__ key reach the prototype', () => {
    const event = malformedLexEvents.find(({ name }) => name === 'prototype keys')?.event;
    const result = parseLex(event, meta);
    if (!result.ok) throw new Error(result.problem);
    expect(Object.getPrototypeOf(result.echo.sessionAttributes)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.echo.slots)).toBe(Object.prototype);
    expect(Object.keys(result.turn.slots)).toEqual([]);
  });
});
