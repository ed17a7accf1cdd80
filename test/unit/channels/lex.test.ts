import { describe, expect, it } from 'vitest';
import { lexAdapter } from '#shared/channels/lex.ts';
import type { Reply } from '#shared/conversation/types.ts';
import { lexEvents, longTranscript, malformedLexEvents } from '#test/fixtures/channels/index.ts';
import { expectValidLexResponse, meta, reply } from './support.ts';

function parsed(event: unknown) {
  const result = lexAdapter.parse(event, meta);
  if (!result.ok) throw new Error(`expected a turn, got: ${result.problem}`);
  return result;
}

describe('lexAdapter.parse', () => {
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
      identity: 'claimed',
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

  it("prefers the slot type's resolution over the words said", () => {
    const { turn } = parsed({
      ...lexEvents.fulfillmentTextEn,
      sessionState: {
        intent: {
          name: 'CheckStoreHours',
          slots: {
            city: {
              value: {
                originalValue: 'Krakówek',
                interpretedValue: 'Krakówek',
                resolvedValues: ['Kraków'],
              },
            },
          },
        },
      },
    });
    expect(turn.slots).toEqual({ city: 'Kraków' });
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
    const noSession = lexAdapter.parse({ ...lexEvents.dialogSpeechPl, sessionId: '' }, meta);
    expect(noSession).toMatchObject({ ok: false, locale: 'pl-PL' });
    const noSource = lexAdapter.parse({ ...lexEvents.dialogSpeechPl, invocationSource: 'X' }, meta);
    expect(noSource).toMatchObject({
      ok: false,
      problem: expect.stringContaining('invocationSource'),
    });
    expect(lexAdapter.parse(null, meta)).toMatchObject({ ok: false, locale: 'en-US' });
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
      const result = lexAdapter.parse(event, meta);
      const echo = result.ok ? result.echo : result.echo;
      if (echo === undefined) continue;
      for (const value of Object.values(echo.sessionAttributes)) {
        expect(typeof value, name).toBe('string');
      }
      expect(Buffer.byteLength(JSON.stringify(echo.sessionAttributes)), name).toBeLessThan(12_000);
    }
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
      const result = lexAdapter.parse(event, meta);
      if (!result.ok) {
        expect(result.problem).not.toBe('');
        expectValidLexResponse(lexAdapter.apology(result.locale, result.echo));
        return;
      }
      expect(result.turn.text?.length ?? 0).toBeLessThanOrEqual(1024);
      for (const outcome of outcomes) {
        expectValidLexResponse(
          lexAdapter.render(
            reply({ outcome, slotToElicit: 'orderNumber', messages: [] }),
            result.echo,
          ),
        );
      }
    });
  }

  it('does not let a __proto__ key reach the prototype', () => {
    const event = malformedLexEvents.find(({ name }) => name === 'prototype keys')?.event;
    const result = lexAdapter.parse(event, meta);
    if (!result.ok) throw new Error(result.problem);
    expect(Object.getPrototypeOf(result.echo.sessionAttributes)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.echo.slots)).toBe(Object.prototype);
    expect(Object.keys(result.turn.slots)).toEqual([]);
  });
});
