import { describe, expect, it } from 'vitest';
import { lexAdapter } from '#shared/channels/lex.ts';
import { handoffAttribute, type LexEcho, pendingAttribute } from '#shared/channels/lex-response.ts';
import type { Reply } from '#shared/conversation/types.ts';
import { lexEvents } from '#test/fixtures/channels/index.ts';
import { expectValidLexResponse, meta, reply } from './support.ts';

function parsed(event: unknown) {
  const result = lexAdapter.parse(event, meta);
  if (!result.ok) throw new Error(`expected a turn, got: ${result.problem}`);
  return result;
}

describe('lexAdapter.render', () => {
  const voice = parsed(lexEvents.dialogSpeechPl).echo;
  const text = parsed(lexEvents.fulfillmentTextEn).echo;

  function respond(overrides: Partial<Reply>, echo: LexEcho = text) {
    const response = lexAdapter.render(reply(overrides), echo);
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

  it('never attaches messages to Delegate, which Lex need not play', () => {
    const response = respond({ outcome: 'delegate', intent: 'CheckOrderStatus' }, voice);
    expect(response.sessionState.dialogAction).toEqual({ type: 'Delegate' });
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

describe('lexAdapter.apology', () => {
  it('closes as Failed in the caller language, keeping what survived of the request', () => {
    const result = lexAdapter.parse({ ...lexEvents.dialogSpeechPl, sessionId: 5 }, meta);
    if (result.ok) throw new Error('expected a problem');
    const response = lexAdapter.apology(result.locale, result.echo);
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
    const response = lexAdapter.apology('zh-CN');
    expectValidLexResponse(response);
    expect(response.sessionState.sessionAttributes).toBeUndefined();
    expect(response.messages).toEqual([
      { contentType: 'PlainText', content: '抱歉，我们这边出了点问题。请稍后再试。' },
    ]);
  });
});
