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
  expectValidConnectResponse,
  expectValidDialogflowCxResponse,
  expectValidLexResponse,
  meta,
} from './support.ts';

// mulberry32: tiny, seeded, so any failure replays exactly.
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const alphabet = [...'abcXYZ019 _-:./<>&"\'\\\u0000\n😀é中ąд'];
  const text = (maxLength: number) => {
    let out = '';
    for (let i = int(maxLength + 1); i > 0; i--) out += pick(alphabet);
    return out;
  };
  return { next, int, pick, text };
}
type Random = ReturnType<typeof prng>;

const interestingStrings = [
  '',
  ' ',
  'null',
  '__proto__',
  'constructor',
  'DialogCodeHook',
  'FulfillmentCodeHook',
  'Speech',
  'DTMF',
  'Text',
  'pl_PL',
  'zh-CN',
  'turn',
  'poll',
  'ended',
  'yes',
  'Confirmed',
  '+48500100200',
  'x'.repeat(20_000),
  '<speak>',
];

function randomJson(random: Random, depth = 0): unknown {
  const kind = random.int(depth > 3 ? 6 : 9);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.next() < 0.5;
    case 2:
      return random.pick([0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER, 12345]);
    case 3:
      return random.pick(interestingStrings);
    case 4:
    case 5:
      return random.text(30);
    case 6:
      return Array.from({ length: random.int(4) }, () => randomJson(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = random.int(5); i > 0; i--) {
        Object.defineProperty(
          object,
          random.next() < 0.5 ? random.pick(interestingStrings) : random.text(8),
          {
            value: randomJson(random, depth + 1),
            enumerable: true,
            configurable: true,
            writable: true,
          },
        );
      }
      return object;
    }
  }
}

/** A real event with a few nodes replaced: close enough to pass the first checks. */
function mutate(random: Random, value: unknown, rate: number): unknown {
  if (random.next() < rate) return randomJson(random, 2);
  if (Array.isArray(value)) return value.map((item) => mutate(random, item, rate));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(() => random.next() > rate / 2)
        .map(([key, item]) => [key, mutate(random, item, rate)]),
    );
  }
  return value;
}

const outcomes: readonly Outcome[] = [
  'fulfilled',
  'failed',
  'elicit',
  'confirm',
  'pending',
  'handoff',
  'delegate',
];

function randomReply(random: Random): Reply {
  const long = random.next() < 0.2;
  const speech = () => {
    const text = long ? random.pick(['中', 'a ', '&']).repeat(random.int(5000)) : random.text(60);
    return { text, ssml: random.next() < 0.7 ? `<speak>${text}</speak>` : random.text(10) };
  };
  const slots: Record<string, string> = {};
  for (let i = random.int(4); i > 0; i--)
    slots[random.pick(['date', 'time', random.text(5)])] = random.text(20);
  return {
    outcome: random.pick(outcomes),
    messages: Array.from({ length: random.int(long ? 14 : 4) }, speech),
    slots,
    locale: random.pick(supportedLocales),
    ...(random.next() < 0.6 && {
      intent: random.pick(['CheckOrderStatus', 'BookAppointment', random.text(10)]),
    }),
    ...(random.next() < 0.5 && {
      slotToElicit: random.pick(['date', 'orderNumber', random.text(10), '']),
    }),
    ...(random.next() < 0.3 && { jobId: random.text(20) }),
  };
}

function inputs(random: Random, seeds: readonly unknown[]): unknown {
  const roll = random.next();
  if (roll < 0.3) return randomJson(random);
  return mutate(random, random.pick(seeds), roll < 0.65 ? 0.05 : 0.3);
}

const runs = 300;

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

// Hundreds of parses and size checks: generous on a shared, busy machine, still quick alone.
describe('random input never throws and always yields a valid channel response', {
  timeout: 30_000,
}, () => {
  it('Lex', () => {
    const random = prng(1);
    let turns = 0;
    for (let run = 0; run < runs; run++) {
      const event = inputs(random, Object.values(lexEvents));
      const result = lexAdapter.parse(event, meta);
      if (result.ok) turns++;
      const response = result.ok
        ? lexAdapter.render(randomReply(random), result.echo)
        : lexAdapter.apology(result.locale, result.echo);
      expectValidLexResponse(response);
    }
    // Both branches must be exercised, or the test proves little.
    expect(turns).toBeGreaterThan(runs / 10);
    expect(turns).toBeLessThan(runs);
  });

  it('Connect', () => {
    const random = prng(2);
    let turns = 0;
    for (let run = 0; run < runs; run++) {
      const event = inputs(random, Object.values(connectEvents));
      const result = connectAdapter.parse(event, meta);
      if (result.ok) turns++;
      expectValidConnectResponse(
        result.ok
          ? connectAdapter.render(randomReply(random), result.echo)
          : connectAdapter.apology(result.locale),
      );
    }
    expect(turns).toBeGreaterThan(runs / 10);
    expect(turns).toBeLessThan(runs);
  });

  it('Dialogflow CX', () => {
    const random = prng(3);
    let turns = 0;
    for (let run = 0; run < runs; run++) {
      const event = inputs(random, Object.values(dialogflowCxRequests));
      const asText = random.next() < 0.2 ? JSON.stringify(event ?? null) : event;
      const result = dialogflowCxAdapter.parse(asText, meta);
      if (result.ok) turns++;
      if (!result.ok && result.refusal !== undefined) {
        expect(result.refusal.statusCode).toBe(400);
        expect(result.refusal.body.error.message).not.toBe('');
      }
      expectValidDialogflowCxResponse(
        result.ok
          ? dialogflowCxAdapter.render(randomReply(random), result.echo)
          : dialogflowCxAdapter.apology(result.locale, result.echo),
      );
    }
    expect(turns).toBeGreaterThan(runs / 10);
    expect(turns).toBeLessThan(runs);
  });

  it('chat', () => {
    const random = prng(4);
    const seeds = Object.values(chatBodies).map((body) => JSON.parse(body) as unknown);
    let turns = 0;
    for (let run = 0; run < runs; run++) {
      const roll = random.next();
      const body = roll < 0.1 ? random.text(40) : JSON.stringify(inputs(random, seeds) ?? null);
      const result = chatAdapter.parse(body, meta);
      if (!result.ok) {
        expect([400, 413, 422]).toContain(result.refusal?.statusCode);
        expect(result.refusal?.body.error.message).not.toBe('');
        continue;
      }
      turns++;
      expect(result.turn.text?.length ?? 0).toBeLessThanOrEqual(1024);
      const response = chatAdapter.render(randomReply(random), result.echo);
      expect(JSON.parse(JSON.stringify(response))).toEqual(response);
      expect(chatAdapter.apology(result.turn.locale, result.echo).outcome).toBe('failed');
    }
    expect(turns).toBeGreaterThan(runs / 10);
    expect(turns).toBeLessThan(runs);
  });
});
