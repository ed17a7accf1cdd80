/**
 * Amazon Lex V2 code hook (dialog and fulfillment) ⇄ Turn/Reply. This file reads the event;
 * `lex-response.ts` writes the answer.
 */
import * as z from 'zod';
import { fallbackIntentName, type InputMode } from '#shared/conversation/types.ts';
import type { ChannelAdapter, ParseMeta, ParseResult } from './adapter.ts';
import {
  buildTurn,
  cleanName,
  cleanSessionId,
  cleanText,
  maxSlots,
  maxSlotValueLength,
  parseConfirmation,
  utf8Bytes,
} from './common.ts';
import {
  type LexEcho,
  type LexResponse,
  type LexSlot,
  type LexSlotValue,
  lexApology,
  lexConfirmationStates,
  ownAttributePrefix,
  renderLexResponse,
} from './lex-response.ts';
import { normalizeLocale } from './locale.ts';
import { normalizePhone } from './phone.ts';

/** Lex allows 12 KB of session attributes in the output; our own flags need a little room. */
const maxEchoedAttributeBytes = 11_500;
const phoneAttributeNames = ['callerPhone', 'phone'] as const;

const optionalText = z.string().optional().catch(undefined);
const looseRecord = z.record(z.string(), z.unknown()).optional().catch(undefined);

const slotValueSchema = z
  .object({
    originalValue: optionalText,
    interpretedValue: optionalText,
    resolvedValues: z.array(z.unknown()).optional().catch(undefined),
  })
  .optional()
  .catch(undefined);

const slotSchema = z
  .object({
    value: slotValueSchema,
    values: z
      .array(z.object({ value: slotValueSchema }).nullable().catch(null))
      .optional()
      .catch(undefined),
  })
  .nullable()
  .catch(null);

// The current docs say a number, the archived docs and the runtime API say `{ score }`.
const confidenceSchema = z
  .union([z.number(), z.object({ score: z.number() }).transform(({ score }) => score)])
  .optional()
  .catch(undefined);

const lexEventSchema = z.object({
  invocationSource: z.enum(['DialogCodeHook', 'FulfillmentCodeHook']).optional().catch(undefined),
  inputMode: z.enum(['DTMF', 'Speech', 'Text']).optional().catch(undefined),
  sessionId: z.unknown().optional(),
  inputTranscript: z.unknown().optional(),
  bot: z.object({ localeId: optionalText }).optional().catch(undefined),
  interpretations: z
    .array(
      z
        .object({
          intent: z.object({ name: optionalText }).optional().catch(undefined),
          nluConfidence: confidenceSchema,
        })
        .nullable()
        .catch(null),
    )
    .optional()
    .catch(undefined),
  requestAttributes: looseRecord,
  sessionState: z
    .object({
      sessionAttributes: looseRecord,
      intent: z
        .object({
          name: optionalText,
          confirmationState: z.enum(lexConfirmationStates).optional().catch(undefined),
          slots: z.record(z.string(), slotSchema).optional().catch(undefined),
        })
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
});

type RawSlotValue = z.infer<typeof slotValueSchema>;
type RawSlot = z.infer<typeof slotSchema>;

function cleanSlotValue(raw: RawSlotValue): LexSlotValue | undefined {
  const interpretedValue =
    cleanText(raw?.interpretedValue, maxSlotValueLength) ??
    cleanText(raw?.originalValue, maxSlotValueLength);
  if (interpretedValue === undefined) return undefined;
  const resolvedValues = (raw?.resolvedValues ?? [])
    .slice(0, 5)
    .map((value) => cleanText(value, maxSlotValueLength))
    .filter((value) => value !== undefined);
  return {
    originalValue: cleanText(raw?.originalValue, maxSlotValueLength) ?? interpretedValue,
    interpretedValue,
    resolvedValues,
  };
}

function cleanSlot(raw: RawSlot): LexSlot | null {
  const items = (raw?.values ?? [])
    .slice(0, 10)
    .map((item) => cleanSlotValue(item?.value))
    .filter((value) => value !== undefined)
    .map((value): LexSlot => ({ value }));
  const value =
    cleanSlotValue(raw?.value) ??
    cleanSlotValue({
      interpretedValue: items.map((item) => item.value.interpretedValue).join(', '),
    });
  if (value === undefined) return null;
  return items.length > 0 ? { shape: 'List', value, values: items } : { value };
}

function cleanSlots(raw: Readonly<Record<string, RawSlot>> | undefined) {
  const slots: Record<string, LexSlot | null> = {};
  for (const [rawName, rawSlot] of Object.entries(raw ?? {}).slice(0, maxSlots)) {
    const name = cleanName(rawName);
    if (name !== undefined) slots[name] = cleanSlot(rawSlot);
  }
  return slots;
}

/** String values only (Lex's contract), our own flags dropped (they are re-derived per reply). */
function cleanSessionAttributes(raw: Readonly<Record<string, unknown>> | undefined) {
  const attributes: Record<string, string> = {};
  let bytes = 2;
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (typeof value !== 'string' || key === '__proto__' || key.startsWith(ownAttributePrefix)) {
      continue;
    }
    bytes += utf8Bytes(key) + utf8Bytes(value) + 2;
    if (bytes > maxEchoedAttributeBytes) break;
    attributes[key] = value;
  }
  return attributes;
}

function callerPhone(
  ...sources: readonly (Readonly<Record<string, unknown>> | undefined)[]
): string | undefined {
  for (const source of sources) {
    for (const name of phoneAttributeNames) {
      const phone = normalizePhone(source?.[name]);
      if (phone !== undefined) return phone;
    }
  }
  return undefined;
}

const inputModes: Readonly<Record<'DTMF' | 'Speech' | 'Text', InputMode>> = {
  DTMF: 'dtmf',
  Speech: 'voice',
  Text: 'text',
};

/**
 * How far to trust the number in Lex's attributes: any client of the Lex runtime API can set
 * them (`claimed`); only a bot reachable solely through Amazon Connect gets them from the
 * carrier's caller id.
 */
export type LexCallerAttributes = 'claimed' | 'carrier';

function parseLex(
  event: unknown,
  meta: ParseMeta,
  callerAttributes: LexCallerAttributes,
): ParseResult<LexEcho> {
  const parsed = lexEventSchema.safeParse(event);
  if (!parsed.success) {
    return { ok: false, locale: 'en-US', problem: 'the event is not a JSON object' };
  }
  const data = parsed.data;
  const locale = normalizeLocale(data.bot?.localeId);
  const intent = data.sessionState?.intent;
  const intentName = cleanName(intent?.name);
  const inputMode = inputModes[data.inputMode ?? 'Text'];
  const interpretation =
    data.interpretations?.find((candidate) => candidate?.intent?.name === intent?.name) ??
    data.interpretations?.[0];
  const slots = cleanSlots(intent?.slots);
  const echo: LexEcho = {
    phase: data.invocationSource === 'DialogCodeHook' ? 'dialog' : 'fulfillment',
    voice: inputMode !== 'text',
    confirmationState: intent?.confirmationState ?? 'None',
    slots,
    sessionAttributes: cleanSessionAttributes(data.sessionState?.sessionAttributes),
    ...(intentName !== undefined && { intentName }),
    ...(interpretation?.nluConfidence !== undefined && {
      nluConfidence: interpretation.nluConfidence,
    }),
  };
  const sessionId = cleanSessionId(data.sessionId);
  if (sessionId === undefined) {
    return { ok: false, locale, problem: 'sessionId is missing or not a usable string', echo };
  }
  if (data.invocationSource === undefined) {
    return {
      ok: false,
      locale,
      problem: 'invocationSource is neither DialogCodeHook nor FulfillmentCodeHook',
      echo,
    };
  }
  const filled: Record<string, string> = {};
  for (const [name, slot] of Object.entries(slots)) {
    // The slot type's resolution ("Krakówek" → "Kraków") is what the caller meant; the raw
    // words are only a last resort.
    if (slot !== null) filled[name] = slot.value.resolvedValues[0] ?? slot.value.interpretedValue;
  }
  const text = cleanText(data.inputTranscript);
  const phone = callerPhone(data.requestAttributes, data.sessionState?.sessionAttributes);
  return {
    ok: true,
    echo,
    turn: buildTurn(
      {
        channel: 'lex',
        sessionId,
        locale,
        inputMode,
        phase: echo.phase,
        // Lex's "nothing matched" is not a skill: the engine's fallback takes it.
        intent: intentName === fallbackIntentName ? undefined : intentName,
        text,
        slots: filled,
        confirmation: parseConfirmation(intent?.confirmationState),
        phone,
        identity: phone === undefined ? 'anonymous' : callerAttributes,
      },
      meta,
    ),
  };
}

export function makeLexAdapter(
  callerAttributes: LexCallerAttributes,
): ChannelAdapter<unknown, LexEcho, LexResponse> {
  return {
    name: 'lex',
    parse: (event, meta) => parseLex(event, meta, callerAttributes),
    render: renderLexResponse,
    apology: lexApology,
  };
}

/** The safe default: the number in the attributes is a claim. */
export const lexAdapter = makeLexAdapter('claimed');

/** `LEX_CALLER_ATTRIBUTES=carrier` for a bot that only Amazon Connect can reach. */
export const lexAdapterFor = (env: Readonly<Record<string, string | undefined>>) =>
  makeLexAdapter(env.LEX_CALLER_ATTRIBUTES === 'carrier' ? 'carrier' : 'claimed');
