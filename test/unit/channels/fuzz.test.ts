import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chatAdapter } from '#shared/channels/chat.ts';
import { connectAdapter } from '#shared/channels/connect.ts';
import { dialogflowCxAdapter } from '#shared/channels/dialogflow-cx.ts';
import { lexAdapter } from '#shared/channels/lex.ts';
import { type Outcome, type Reply, supportedLocales } from '#shared/conversation/types.ts';
import {
  chatBodies,
  connectEvents,
  dialogflowCxRequests,
  lexEvents,
} from '#test/fixtures/channels/index.ts';
import {
  channelInput,
  deeplyNestedJson,
  hostileJson,
  propertyParameters,
  trickyString,
} from '#test/support/fuzz.ts';
import {
  expectValidConnectResponse,
  expectValidDialogflowCxResponse,
  expectValidLexResponse,
  meta,
  reply,
} from './support.ts';

describe('names of Object.prototype members as values', () => {
  const names = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'];

  it('never resolve to prototype members', () => {
    for (const name of names) {
      const lex = lexAdapter.parse(
        {
          ...lexEvents.dialogSpeechPl,
          bot: { localeId: name },
          sessionState: { intent: { name: 'CheckOrderStatus', confirmationState: name } },
        },
        meta,
      );
      if (!lex.ok) throw new Error(lex.problem);
      expect(lex.turn.locale).toBe('en-US');
      expect(lex.echo.confirmationState).toBe('None');
      expectValidLexResponse(
        lexAdapter.render(
          { outcome: 'delegate', messages: [], slots: { [name]: 'x' }, locale: 'en-US' },
          lex.echo,
        ),
      );
      const connect = connectAdapter.parse(
        { Details: { ContactData: { ContactId: 'c' }, Parameters: { action: name } } },
        meta,
      );
      expect(connect.ok).toBe(false);
    }
  });
});

const outcomes: readonly Outcome[] = [
  'fulfilled',
  'failed',
  'elicit',
  'confirm',
  'pending',
  'handoff',
  'delegate',
];

const speech = fc.oneof(
  fc
    .string({ unit: 'grapheme', maxLength: 60 })
    .map((text) => ({ text, ssml: `<speak>${text}</speak>` })),
  fc.tuple(trickyString, trickyString).map(([text, ssml]) => ({ text, ssml })),
  // Long enough that only truncation keeps a response within the platform's size limit.
  fc
    .tuple(fc.constantFrom('中', 'a ', '&'), fc.integer({ min: 1, max: 5000 }))
    .map(([unit, times]) => ({
      text: unit.repeat(times),
      ssml: `<speak>${unit.repeat(times)}</speak>`,
    })),
);

const anyReply: fc.Arbitrary<Reply> = fc
  .record(
    {
      outcome: fc.constantFrom(...outcomes),
      messages: fc.array(speech, { maxLength: 14 }),
      slots: fc.dictionary(fc.oneof(fc.constantFrom('date', 'time'), trickyString), trickyString, {
        maxKeys: 4,
      }),
      locale: fc.constantFrom(...supportedLocales),
      intent: fc.oneof(fc.constantFrom('CheckOrderStatus', 'BookAppointment'), trickyString),
      slotToElicit: fc.oneof(fc.constantFrom('date', 'orderNumber', ''), trickyString),
      jobId: trickyString,
    },
    { requiredKeys: ['outcome', 'messages', 'slots', 'locale'] },
  )
  .map((reply) => reply as Reply);

/** Both branches of a parser must be reached, or a property proves little. */
function expectBothBranches(turns: number, runs: number) {
  expect(turns).toBeGreaterThan(runs / 10);
  expect(turns).toBeLessThan(runs);
}

// Hundreds of parses and size checks: generous on a shared, busy machine, still quick alone.
describe('random input never throws and always yields a valid channel response', {
  timeout: 60_000,
}, () => {
  it('Lex', () => {
    let runs = 0;
    let turns = 0;
    fc.assert(
      fc.property(channelInput(Object.values(lexEvents)), anyReply, (event, reply) => {
        runs++;
        const result = lexAdapter.parse(event, meta);
        if (result.ok) turns++;
        expectValidLexResponse(
          result.ok
            ? lexAdapter.render(reply, result.echo)
            : lexAdapter.apology(result.locale, result.echo),
        );
      }),
      propertyParameters(),
    );
    expectBothBranches(turns, runs);
  });

  it('Connect', () => {
    let runs = 0;
    let turns = 0;
    fc.assert(
      fc.property(channelInput(Object.values(connectEvents)), anyReply, (event, reply) => {
        runs++;
        const result = connectAdapter.parse(event, meta);
        if (result.ok) turns++;
        expectValidConnectResponse(
          result.ok
            ? connectAdapter.render(reply, result.echo)
            : connectAdapter.apology(result.locale),
        );
      }),
      propertyParameters(),
    );
    expectBothBranches(turns, runs);
  });

  it('Dialogflow CX, as an object or as the JSON text API Gateway delivers', () => {
    let runs = 0;
    let turns = 0;
    const asText = fc.boolean();
    fc.assert(
      fc.property(
        channelInput(Object.values(dialogflowCxRequests)),
        asText,
        anyReply,
        (event, text, reply) => {
          runs++;
          const result = dialogflowCxAdapter.parse(
            text ? JSON.stringify(event ?? null) : event,
            meta,
          );
          if (result.ok) turns++;
          if (!result.ok && result.refusal !== undefined) {
            expect(result.refusal.statusCode).toBe(400);
            expect(result.refusal.body.error.message).not.toBe('');
          }
          expectValidDialogflowCxResponse(
            result.ok
              ? dialogflowCxAdapter.render(reply, result.echo)
              : dialogflowCxAdapter.apology(result.locale, result.echo),
          );
        },
      ),
      propertyParameters(),
    );
    expectBothBranches(turns, runs);
  });

  it('chat', () => {
    const seeds = Object.values(chatBodies).map((body) => JSON.parse(body) as unknown);
    let runs = 0;
    let turns = 0;
    const body = fc.oneof(
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
      { weight: 9, arbitrary: channelInput(seeds).map((value) => JSON.stringify(value ?? null)) },
    );
    fc.assert(
      fc.property(body, anyReply, (text, reply) => {
        runs++;
        const result = chatAdapter.parse(text, meta);
        if (!result.ok) {
          expect([400, 413, 422]).toContain(result.refusal?.statusCode);
          expect(result.refusal?.body.error.message).not.toBe('');
          return;
        }
        turns++;
        expect(result.turn.text?.length ?? 0).toBeLessThanOrEqual(1024);
        const response = chatAdapter.render(reply, result.echo);
        expect(JSON.parse(JSON.stringify(response))).toEqual(response);
        expect(chatAdapter.apology(result.turn.locale, result.echo).outcome).toBe('failed');
      }),
      propertyParameters(),
    );
    expectBothBranches(turns, runs);
  });
});

describe('deeply nested JSON (the parsers recurse) is answered, never thrown', () => {
  it('every channel, at depths up to 20,000', () => {
    fc.assert(
      fc.property(deeplyNestedJson, hostileJson, (nested, noise) => {
        const deepObject = JSON.parse(
          `{"sessionInfo":{"session":"a/s1","parameters":{"x":${nested}}}}`,
        );
        for (const input of [nested, `{"noise":${JSON.stringify(noise)},"deep":${nested}}`]) {
          const cx = dialogflowCxAdapter.parse(input, meta);
          expectValidDialogflowCxResponse(
            cx.ok
              ? dialogflowCxAdapter.render(reply(), cx.echo)
              : dialogflowCxAdapter.apology(cx.locale, cx.echo),
          );
          const chat = chatAdapter.parse(input, meta);
          if (!chat.ok) expect([400, 413, 422]).toContain(chat.refusal?.statusCode);
        }
        const cx = dialogflowCxAdapter.parse(deepObject, meta);
        expectValidDialogflowCxResponse(
          cx.ok
            ? dialogflowCxAdapter.render(reply(), cx.echo)
            : dialogflowCxAdapter.apology(cx.locale, cx.echo),
        );
        const lex = lexAdapter.parse({ ...lexEvents.dialogSpeechPl, deep: deepObject }, meta);
        expectValidLexResponse(
          lex.ok ? lexAdapter.render(reply(), lex.echo) : lexAdapter.apology(lex.locale, lex.echo),
        );
        const connect = connectAdapter.parse(
          { Details: { ContactData: { ContactId: 'c1', Attributes: deepObject }, Parameters: {} } },
          meta,
        );
        expectValidConnectResponse(
          connect.ok
            ? connectAdapter.render(reply(), connect.echo)
            : connectAdapter.apology(connect.locale),
        );
      }),
      propertyParameters(0.1),
    );
  });
});
