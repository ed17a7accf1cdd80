/**
 * The conversation corpus (`test/fixtures/conversations/`): multi-turn scripts per locale, typed
 * and spoken, with the replies a native speaker expects, run as free text through every channel
 * adapter. Scripts marked `mustNotAct` may not send an SMS, book, open a ticket or check a PIN,
 * as the demo partner counts them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { normalizeLocale } from '#shared/channels/locale.ts';
import { render } from '#shared/i18n/render.ts';
import { control } from '../demo-partner/support.ts';
import { chatToken, cxBasic, invoke, type Json, newSession, post } from '../identity/support.ts';
import { demoPartnerUrl } from '../webhooks/support.ts';

const channels = ['chat', 'lex', 'connect', 'dialogflow-cx'] as const;
type Channel = (typeof channels)[number];

const corpusSchema = z.object({
  locale: z.enum(['en-US', 'pl-PL', 'ru-RU', 'zh-CN']),
  phone: z.string().regex(/^\+\d{8,15}$/),
  scripts: z.array(
    z.object({
      name: z.string().min(1),
      variant: z.enum(['typed', 'spoken']),
      channels: z.array(z.enum(channels)).optional(),
      mustNotAct: z.boolean().optional(),
      turns: z
        .array(z.object({ say: z.string().min(1), expect: z.array(z.string().min(1)).min(1) }))
        .min(1),
    }),
  ),
});
type Corpus = z.infer<typeof corpusSchema>;
type Script = Corpus['scripts'][number];

const directory = new URL('../../fixtures/conversations/', import.meta.url);
const corpora = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .map((file) => corpusSchema.parse(JSON.parse(readFileSync(new URL(file, directory), 'utf8'))));

/** What would be a side effect at the partners: texts, payment links, bookings, tickets, PINs. */
const actions = [
  'sms.send',
  'payments.createPaymentLink',
  'calendar.createAppointment',
  'tickets.create',
  'crm.verifyPin',
] as const;

const speechOnly = (ssml: string) => ssml.replace(/<[^>]*>/g, '');

/** One caller's session on one channel: each `say` is a free-text turn, the answer its text. */
interface Session {
  say(text: string): Promise<string>;
}

function session(channel: Channel, corpus: Corpus, script: Script): Session {
  const id = newSession(`corpus-${channel}`);
  const spoken = script.variant === 'spoken';
  const { locale, phone } = corpus;
  switch (channel) {
    case 'chat':
      return {
        async say(text) {
          const response = await post(
            '/channels/chat',
            { sessionId: id, locale, text },
            await chatToken(phone),
          );
          expect(response.status).toBe(200);
          return response.body.messages.map((message: Json) => message.text).join(' ');
        },
      };
    case 'lex': {
      // Lex raises its FallbackIntent for what its own NLU did not place; the transcript is ours.
      let sessionAttributes: Record<string, string> = { callerPhone: phone };
      return {
        async say(text) {
          const response = await invoke('lex-fulfillment', {
            messageVersion: '1.0',
            invocationSource: 'FulfillmentCodeHook',
            inputMode: spoken ? 'Speech' : 'Text',
            sessionId: id,
            inputTranscript: text,
            bot: { id: 'SWBOT00001', name: 'Switchboard', localeId: locale.replace('-', '_') },
            interpretations: [{ intent: { name: 'FallbackIntent' } }],
            sessionState: {
              sessionAttributes,
              intent: { name: 'FallbackIntent', state: 'ReadyForFulfillment', slots: {} },
            },
          });
          sessionAttributes = response.sessionState.sessionAttributes ?? sessionAttributes;
          return (response.messages ?? [])
            .map((message: Json) => speechOnly(message.content))
            .join(' ');
        },
      };
    }
    case 'connect':
      return {
        async say(text) {
          const response = await invoke('connect-fulfillment', {
            Name: 'ContactFlowEvent',
            Details: {
              ContactData: {
                ContactId: id,
                Channel: spoken ? 'VOICE' : 'CHAT',
                LanguageCode: locale,
                CustomerEndpoint: { Type: 'TELEPHONE_NUMBER', Address: phone },
                Attributes: {},
              },
              Parameters: { text },
            },
          });
          return response.message ?? '';
        },
      };
    case 'dialogflow-cx': {
      // CX keeps the session parameters a webhook writes, and deletes those written as null.
      let parameters: Json = {};
      return {
        async say(text) {
          const response = await post(
            '/channels/dialogflow-cx',
            {
              detectIntentResponseId: `resp-${id}`,
              languageCode: locale.slice(0, 2),
              sessionInfo: {
                session: `projects/p/locations/global/agents/a/sessions/${id}`,
                parameters,
              },
              ...(spoken
                ? { transcript: text, payload: { telephony: { caller_id: phone } } }
                : { text, payload: { telephony: { caller_id: phone } } }),
            },
            cxBasic(),
          );
          expect(response.status).toBe(200);
          const written: Json = response.body.sessionInfo.parameters;
          parameters = Object.fromEntries(
            Object.entries({ ...parameters, ...written }).filter(([, value]) => value !== null),
          );
          return response.body.fulfillmentResponse.messages
            .filter((message: Json) => message.text)
            .map((message: Json) => message.text.text.join(' '))
            .join(' ');
        },
      };
    }
  }
}

async function partnerActions(): Promise<{ calls: Record<string, number>; sms: number }> {
  const calls = (await control(demoPartnerUrl(), 'GET', 'calls')).body as Record<string, number>;
  const sms = (await control(demoPartnerUrl(), 'GET', 'sms')).body as unknown[];
  return {
    calls: Object.fromEntries(actions.map((action) => [action, calls[action] ?? 0])),
    sms: sms.length,
  };
}

beforeEach(async () => {
  await control(demoPartnerUrl(), 'POST', 'reset');
});

for (const corpus of corpora) {
  describe(`corpus ${corpus.locale}`, () => {
    for (const script of corpus.scripts) {
      for (const channel of script.channels ?? channels) {
        it(`${channel}: ${script.name} (${script.variant})`, async () => {
          const before = await partnerActions();
          const caller = session(channel, corpus, script);
          for (const turn of script.turns) {
            const answer = await caller.say(turn.say);
            for (const expected of turn.expect) {
              expect(answer, `"${turn.say}" → "${answer}"`).toMatch(new RegExp(expected, 'iu'));
            }
          }
          if (script.mustNotAct) expect(await partnerActions()).toEqual(before);
        });
      }
    }
  });
}

describe("the repository's own Dialogflow CX fixtures", () => {
  const fixtures = new URL('../../fixtures/channels/dialogflow-cx/', import.meta.url);
  for (const file of readdirSync(fixtures).filter((name) => name.endsWith('.json'))) {
    it(`${file} gets an answer that moves the conversation on`, async () => {
      const request: Json = JSON.parse(readFileSync(new URL(file, fixtures), 'utf8'));
      const session = request.sessionInfo.session.replace(/[^/]+$/, newSession('cx-fixture'));
      const sent: Json = request.sessionInfo.parameters;
      const response = await post(
        '/channels/dialogflow-cx',
        { ...request, sessionInfo: { ...request.sessionInfo, session } },
        cxBasic(),
      );
      expect(response.status).toBe(200);
      const written: Json = response.body.sessionInfo.parameters;
      expect(response.body.fulfillmentResponse.messages.length).toBeGreaterThan(0);
      // An answer, not the apology for a turn that broke (a booking without a caller id is told
      // how to go on).
      const apology = render(
        normalizeLocale(request.languageCode),
        { key: 'common.apology' },
        { now: Date.now(), timeZone: 'Europe/Warsaw' },
      ).text;
      const said = response.body.fulfillmentResponse.messages
        .filter((message: Json) => message.text)
        .map((message: Json) => message.text.text.join(' '));
      expect(said).not.toContain(apology);
      // Nothing the agent already collected is asked for again or wiped.
      for (const [name, value] of Object.entries(written)) {
        if (name in sent && sent[name] !== null) expect(value, name).not.toBeNull();
      }
      expect(Object.keys(sent)).not.toContain(written.switchboard_slot_to_elicit);
    });
  }
});
