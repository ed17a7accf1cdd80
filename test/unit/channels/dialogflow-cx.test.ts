import { describe, expect, it } from 'vitest';
import {
  dialogflowCxAdapter,
  jobIdParameter,
  outcomeParameter,
  slotToElicitParameter,
} from '#shared/channels/dialogflow-cx.ts';
import type { Reply } from '#shared/conversation/types.ts';
import {
  dialogflowCxRequests,
  malformedDialogflowCxRequests,
} from '#test/fixtures/channels/index.ts';
import { expectValidDialogflowCxResponse, meta, reply } from './support.ts';

function parsed(event: unknown) {
  const result = dialogflowCxAdapter.parse(event, meta);
  if (!result.ok) throw new Error(`expected a turn, got: ${result.problem}`);
  return result;
}

describe('dialogflowCxAdapter.parse', () => {
  it('maps a telephony request: tag, session id, stringified parameters, caller id', () => {
    const { turn, echo } = parsed(dialogflowCxRequests.telephony);
    expect(turn).toEqual({
      channel: 'dialogflow-cx',
      sessionId: 'phone-2c9d8e7f',
      locale: 'pl-PL',
      inputMode: 'voice',
      phase: 'fulfillment',
      intent: 'CheckOrderStatus',
      text: 'where is my order one two three four five',
      slots: {
        orderNumber: '12345',
        date: '2031-05-14',
        time: '09:30:00',
        amount: '49.5 PLN',
        person: 'Anna',
        flags: 'a, 2, true',
      },
      confirmation: 'none',
      phone: '+48500100200',
      // Unauthenticated (no principal in `meta`): only a claim.
      identity: 'claimed',
      correlationId: meta.correlationId,
      receivedAt: meta.receivedAt,
      deadline: meta.deadline,
    });
    expect(echo).toMatchObject({
      voice: true,
      formParameters: ['order_number'],
      parameterNames: { orderNumber: 'order_number' },
    });
  });

  it('maps a typed request and reads the confirmation parameter', () => {
    const { turn, echo } = parsed(dialogflowCxRequests.text);
    expect(turn).toMatchObject({
      sessionId: 'web-51c0',
      locale: 'en-US',
      inputMode: 'text',
      text: 'book tomorrow',
      slots: { date: '2031-05-14' },
      confirmation: 'confirmed',
    });
    expect(turn.phone).toBeUndefined();
    expect(echo).toMatchObject({ voice: false, formParameters: ['date', 'time'] });
  });

  it('accepts the raw JSON body and DTMF input', () => {
    const body = JSON.stringify({
      ...dialogflowCxRequests.text,
      text: undefined,
      dtmfDigits: '42',
    });
    expect(parsed(body).turn).toMatchObject({ inputMode: 'dtmf', text: '42' });
  });

  it('refuses a body that is not JSON with 400, which no CX agent sends', () => {
    for (const body of ['', 'sessionInfo=x', '{"sessionInfo":']) {
      expect(dialogflowCxAdapter.parse(body, meta)).toMatchObject({
        ok: false,
        refusal: { statusCode: 400, body: { error: { code: 'invalid_json' } } },
      });
    }
  });

  it('refuses a request without a session, keeping the language for the apology', () => {
    const { sessionInfo: _sessionInfo, ...request } = dialogflowCxRequests.text;
    const result = dialogflowCxAdapter.parse({ ...request, languageCode: 'ru' }, meta);
    expect(result).toMatchObject({
      ok: false,
      locale: 'ru-RU',
      echo: { voice: false },
    });
    // CX cannot correct its request: it hears the apology, not an HTTP error.
    expect(!result.ok && result.refusal).toBe(undefined);
  });
});

describe('dialogflowCxAdapter.render', () => {
  const voice = parsed(dialogflowCxRequests.telephony).echo;
  const text = parsed(dialogflowCxRequests.text).echo;

  function respond(overrides: Partial<Reply>, echo = text) {
    const response = dialogflowCxAdapter.render(reply(overrides), echo);
    expectValidDialogflowCxResponse(response);
    return response;
  }

  it('answers typed input with text messages and the routing parameters', () => {
    expect(respond({ slots: { order_number: '12345' } })).toEqual({
      fulfillmentResponse: { messages: [{ text: { text: ['Your order 12345 has shipped.'] } }] },
      sessionInfo: {
        parameters: {
          order_number: '12345',
          [outcomeParameter]: 'fulfilled',
          [jobIdParameter]: null,
          [slotToElicitParameter]: null,
        },
      },
    });
  });

  it('adds one SSML output for voice, after the text messages', () => {
    const response = respond(
      {
        messages: [
          { text: 'Shipped.', ssml: '<speak>Shipped.</speak>' },
          { text: 'Bye.', ssml: '<speak>Bye.</speak>' },
        ],
      },
      voice,
    );
    expect(response.fulfillmentResponse.messages).toEqual([
      { text: { text: ['Shipped.'] } },
      { text: { text: ['Bye.'] } },
      { outputAudioText: { ssml: '<speak>Shipped. Bye.</speak>' } },
    ]);
  });

  it('re-asks a form parameter by clearing it and marking it INVALID', () => {
    const response = respond({ outcome: 'elicit', slotToElicit: 'time' });
    expect(response.sessionInfo.parameters).toMatchObject({
      time: null,
      [outcomeParameter]: 'elicit',
      [slotToElicitParameter]: 'time',
    });
    expect(response.pageInfo).toEqual({
      formInfo: { parameterInfo: [{ displayName: 'time', state: 'INVALID' }] },
    });
    expect(respond({ outcome: 'elicit', slotToElicit: 'colour' }).pageInfo).toBeUndefined();
  });

  it('leaves parameters it did not change to the agent, so they keep their types', () => {
    const response = respond(
      { slots: { orderNumber: '12345', date: '2031-05-14', time: '10:00' } },
      voice,
    );
    expect(response.sessionInfo.parameters).toEqual({
      time: '10:00',
      [outcomeParameter]: 'fulfilled',
      [jobIdParameter]: null,
      [slotToElicitParameter]: null,
    });
  });

  it("re-asks a slot under the agent's own parameter name", () => {
    const response = respond({ outcome: 'elicit', slotToElicit: 'orderNumber' }, voice);
    expect(response.sessionInfo.parameters).toMatchObject({
      order_number: null,
      [slotToElicitParameter]: 'order_number',
    });
    expect(response.sessionInfo.parameters).not.toHaveProperty('orderNumber');
    expect(response.pageInfo).toEqual({
      formInfo: { parameterInfo: [{ displayName: 'order_number', state: 'INVALID' }] },
    });
  });

  it('asks a confirmation as the confirmation parameter and carries a job id', () => {
    expect(respond({ outcome: 'confirm' }).sessionInfo.parameters).toMatchObject({
      confirmation: null,
      [slotToElicitParameter]: 'confirmation',
    });
    expect(respond({ outcome: 'pending', jobId: 'job-7' }).sessionInfo.parameters).toMatchObject({
      [outcomeParameter]: 'pending',
      [jobIdParameter]: 'job-7',
    });
  });

  it('stays within 64 KiB for very long replies', () => {
    const long = 'Заказ отправлен. '.repeat(1500);
    const response = respond(
      {
        locale: 'ru-RU',
        messages: Array.from({ length: 8 }, () => ({ text: long, ssml: `<speak>${long}</speak>` })),
      },
      voice,
    );
    expect(response.fulfillmentResponse.messages.length).toBeGreaterThan(0);
  });
});

describe('dialogflowCxAdapter.apology and malformed requests', () => {
  it('answers in the caller language, with SSML for voice', () => {
    const response = dialogflowCxAdapter.apology('pl-PL', {
      voice: true,
      formParameters: [],
      parameterNames: {},
      received: {},
    });
    expectValidDialogflowCxResponse(response);
    expect(response.fulfillmentResponse.messages).toHaveLength(2);
    expect(response.sessionInfo.parameters[outcomeParameter]).toBe('failed');
  });

  for (const { name, event } of malformedDialogflowCxRequests) {
    it(`answers validly: ${name}`, () => {
      const result = dialogflowCxAdapter.parse(event, meta);
      if (!result.ok) {
        expect(result.problem).not.toBe('');
        expect(result.refusal?.statusCode).toBe(typeof event === 'string' ? 400 : undefined);
        expectValidDialogflowCxResponse(dialogflowCxAdapter.apology(result.locale, result.echo));
        return;
      }
      expect(result.turn.text?.length ?? 0).toBeLessThanOrEqual(1024);
      for (const value of Object.values(result.turn.slots)) {
        expect(value.length).toBeLessThanOrEqual(1024);
      }
      expectValidDialogflowCxResponse(
        dialogflowCxAdapter.render(reply({ outcome: 'elicit', slotToElicit: 'x' }), result.echo),
      );
    });
  }
});
