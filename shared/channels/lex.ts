/**
 * Amazon Lex V2 code hook (dialog and fulfillment) ⇄ Turn/Reply. Facts: reference/channels.md §1.
 */
import * as z from 'zod';
import type { InputMode, Locale, Reply, Speech, TurnPhase } from '#shared/conversation/types.ts';
import {
  cleanName,
  cleanSessionId,
  cleanText,
  cutAt,
  maxSlots,
  maxSlotValueLength,
  type ParseMeta,
  type ParseResult,
  parseConfirmation,
  utf8Bytes,
} from './common.ts';
import { normalizeLocale } from './locale.ts';
import { normalizePhone } from './phone.ts';
import { builtInSpeech, isSpeakDocument, truncate } from './speech.ts';

export type LexDialogActionType =
  | 'Close'
  | 'ConfirmIntent'
  | 'Delegate'
  | 'ElicitIntent'
  | 'ElicitSlot';
export type LexIntentState = 'Failed' | 'Fulfilled' | 'InProgress';
export type LexConfirmationState = 'Confirmed' | 'Denied' | 'None';

export interface LexSlotValue {
  readonly originalValue: string;
  readonly interpretedValue: string;
  readonly resolvedValues: readonly string[];
}

export interface LexSlot {
  /** Only `List` is ever sent: `Scalar` is Lex's default, and composite slots are not echoed. */
  readonly shape?: 'List';
  readonly value: LexSlotValue;
  readonly values?: readonly LexSlot[];
}

export interface LexMessage {
  readonly contentType: 'PlainText' | 'SSML';
  readonly content: string;
}

export interface LexResponse {
  readonly sessionState: {
    readonly dialogAction: { readonly type: LexDialogActionType; readonly slotToElicit?: string };
    readonly intent?: {
      readonly name: string;
      readonly state: LexIntentState;
      readonly confirmationState?: LexConfirmationState;
      readonly slots?: Readonly<Record<string, LexSlot | null>>;
    };
    /** Absent only when the request was too broken to read them: absent keeps Lex's stored map. */
    readonly sessionAttributes?: Readonly<Record<string, string>>;
  };
  readonly messages?: readonly LexMessage[];
}

/** What the response needs from the request. */
export interface LexEcho {
  readonly phase: Extract<TurnPhase, 'dialog' | 'fulfillment'>;
  /** Speech and DTMF come from a phone or microphone, so replies are spoken: SSML. */
  readonly voice: boolean;
  readonly intentName?: string;
  readonly confirmationState: LexConfirmationState;
  /** The received slots, cleaned; unfilled ones `null`. */
  readonly slots: Readonly<Record<string, LexSlot | null>>;
  /** Returned attributes replace Lex's stored map, so every received one goes back. */
  readonly sessionAttributes: Readonly<Record<string, string>>;
  /** For logs and metrics only: a Turn carries no confidence. */
  readonly nluConfidence?: number;
}

/** Lex's built-in intent when nothing matched; every V2 bot has it. */
export const fallbackIntentName = 'FallbackIntent';

/** Routing signals a Connect flow reads from `$.Lex.SessionAttributes`; never state. */
export const handoffAttribute = 'switchboard:handoff';
export const pendingAttribute = 'switchboard:pending';
const ownAttributePrefix = 'switchboard:';

const maxMessages = 10;
const maxMessageLength = 1024;
const maxResponseBytes = 25_000;
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
          confirmationState: z.enum(['Confirmed', 'Denied', 'None']).optional().catch(undefined),
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

export function parseLex(event: unknown, meta: ParseMeta): ParseResult<LexEcho> {
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
    if (slot !== null) filled[name] = slot.value.interpretedValue;
  }
  const text = cleanText(data.inputTranscript);
  const phone = callerPhone(data.requestAttributes, data.sessionState?.sessionAttributes);
  return {
    ok: true,
    echo,
    turn: {
      channel: 'lex',
      sessionId,
      locale,
      inputMode,
      phase: echo.phase,
      // Lex's "nothing matched" is not a skill: the engine's fallback takes it.
      ...(intentName !== undefined && intentName !== fallbackIntentName && { intent: intentName }),
      ...(text !== undefined && { text }),
      slots: filled,
      confirmation: parseConfirmation(intent?.confirmationState),
      ...(phone !== undefined && { phone }),
      correlationId: meta.correlationId,
      receivedAt: meta.receivedAt,
      deadline: meta.deadline,
    },
  };
}

interface SpokenMessage {
  readonly message: LexMessage;
  /** The plain text behind the message, for when it has to be shortened. */
  readonly text: string;
}

function spoken(speech: Speech, voice: boolean): SpokenMessage | undefined {
  const text =
    speech.text.trim() ||
    speech.ssml
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  // SSML cannot be cut without breaking its markup, so one that is too long is said as text.
  if (voice && isSpeakDocument(speech.ssml) && speech.ssml.length <= maxMessageLength) {
    return { message: { contentType: 'SSML', content: speech.ssml }, text };
  }
  if (text === '') return undefined;
  return { message: { contentType: 'PlainText', content: truncate(text, maxMessageLength) }, text };
}

/** Lex plays at most 10 messages, so everything from the tenth on is said as one. */
function lexMessages(speeches: readonly Speech[], voice: boolean): SpokenMessage[] {
  const messages = speeches
    .map((speech) => spoken(speech, voice))
    .filter((message) => message !== undefined);
  if (messages.length <= maxMessages) return messages;
  const tail = messages
    .slice(maxMessages - 1)
    .map(({ text }) => text)
    .filter((text) => text !== '')
    .join(' ');
  const head = messages.slice(0, maxMessages - 1);
  return tail === ''
    ? head
    : [
        ...head,
        {
          message: { contentType: 'PlainText', content: truncate(tail, maxMessageLength) },
          text: tail,
        },
      ];
}

function newSlot(value: string): LexSlot {
  const text = cutAt(value, maxSlotValueLength);
  return { value: { originalValue: text, interpretedValue: text, resolvedValues: [text] } };
}

/**
 * The received slots with the reply's values laid over them. A reply leaves out slots it did not
 * touch, so those keep what Lex had; the slot being elicited is cleared, because asking for it
 * again means its current value was rejected and Lex would otherwise skip the question.
 */
function responseSlots(
  reply: Reply,
  echo: LexEcho,
  intentName: string,
  slotToElicit: string | undefined,
): Record<string, LexSlot | null> {
  const slots: Record<string, LexSlot | null> =
    intentName === echo.intentName ? { ...echo.slots } : {};
  for (const [rawName, value] of Object.entries(reply.slots)) {
    const name = cleanName(rawName);
    if (name === undefined) continue;
    const current = Object.hasOwn(slots, name) ? slots[name] : undefined;
    if (value.trim() === '') slots[name] = null;
    else if (current?.value.interpretedValue !== value) slots[name] = newSlot(value);
  }
  if (slotToElicit !== undefined) slots[slotToElicit] = null;
  return slots;
}

function attributesFor(outcome: Reply['outcome'], echo: LexEcho): Record<string, string> {
  return {
    ...echo.sessionAttributes,
    ...(outcome === 'handoff' && { [handoffAttribute]: 'true' }),
    ...(outcome === 'pending' && { [pendingAttribute]: 'true' }),
  };
}

function withMessages(response: LexResponse, messages: readonly SpokenMessage[]): LexResponse {
  return messages.length === 0
    ? response
    : { ...response, messages: messages.map(({ message }) => message) };
}

/**
 * Keeps the whole response within Lex's 25 KB: drops trailing messages first (a long CJK answer
 * can reach 30 KB), then shortens the last one, then gives up written-back slots, which Lex
 * still holds from the request.
 */
function withinSizeLimit(response: LexResponse, spokenMessages: readonly SpokenMessage[]) {
  let messages = [...spokenMessages];
  let fitted = withMessages(response, messages);
  while (utf8Bytes(fitted) > maxResponseBytes && messages.length > 1) {
    messages = messages.slice(0, -1);
    fitted = withMessages(response, messages);
  }
  const only = messages[0];
  for (
    let length = maxMessageLength / 2;
    only && utf8Bytes(fitted) > maxResponseBytes && length >= 16;
    length /= 2
  ) {
    messages = [
      {
        message: { contentType: 'PlainText', content: truncate(only.text, length) },
        text: only.text,
      },
    ];
    fitted = withMessages(response, messages);
  }
  const intent = fitted.sessionState.intent;
  if (utf8Bytes(fitted) > maxResponseBytes && intent !== undefined) {
    const { slots: _dropped, ...withoutSlots } = intent;
    fitted = { ...fitted, sessionState: { ...fitted.sessionState, intent: withoutSlots } };
  }
  return fitted;
}

/**
 * Reply → Lex response.
 * - `pending` closes the intent as `Fulfilled`: the request was accepted and the caller heard
 *   "I'm checking"; the result is spoken on a later turn by the engine. `Failed` would run the
 *   bot's failure path, and keeping the intent open would make Lex re-prompt for it. The
 *   `switchboard:pending` attribute lets a Connect flow loop to a poll. A bot must therefore not
 *   configure a post-fulfillment success message on intents whose skill can go pending.
 * - `handoff` closes as `Fulfilled` with `switchboard:handoff` so the flow routes to an agent.
 * - `delegate` from a fulfillment hook would make Lex fail the turn (DependencyFailed), so it
 *   closes as fulfilled there.
 */
export function toLexResponse(reply: Reply, echo: LexEcho): LexResponse {
  const outcome =
    reply.outcome === 'delegate' && echo.phase === 'fulfillment' ? 'fulfilled' : reply.outcome;
  const intentName = reply.intent ?? echo.intentName ?? fallbackIntentName;
  const sessionAttributes = attributesFor(outcome, echo);
  const messages = lexMessages(reply.messages, echo.voice);
  const required = (phrase: 'askIntent' | 'askConfirmation') =>
    messages.length > 0 ? messages : lexMessages([builtInSpeech(phrase, reply.locale)], echo.voice);
  const slotToElicit = cleanName(reply.slotToElicit);
  const intent = (state: LexIntentState, confirmationState: LexConfirmationState) => ({
    name: intentName,
    state,
    confirmationState,
    slots: responseSlots(reply, echo, intentName, outcome === 'elicit' ? slotToElicit : undefined),
  });

  switch (outcome) {
    case 'elicit':
      // Lex's fallback intent has no slots to ask for.
      if (slotToElicit !== undefined && intentName !== fallbackIntentName) {
        return withinSizeLimit(
          {
            sessionState: {
              dialogAction: { type: 'ElicitSlot', slotToElicit },
              intent: intent('InProgress', 'None'),
              sessionAttributes,
            },
          },
          messages,
        );
      }
      return withinSizeLimit(
        { sessionState: { dialogAction: { type: 'ElicitIntent' }, sessionAttributes } },
        required('askIntent'),
      );
    case 'confirm':
      return withinSizeLimit(
        {
          sessionState: {
            dialogAction: { type: 'ConfirmIntent' },
            intent: intent('InProgress', 'None'),
            sessionAttributes,
          },
        },
        required('askConfirmation'),
      );
    case 'delegate':
      return withinSizeLimit(
        {
          sessionState: {
            dialogAction: { type: 'Delegate' },
            intent: intent('InProgress', echo.confirmationState),
            sessionAttributes,
          },
        },
        messages,
      );
    case 'failed':
      return withinSizeLimit(
        {
          sessionState: {
            dialogAction: { type: 'Close' },
            intent: intent('Failed', echo.confirmationState),
            sessionAttributes,
          },
        },
        messages,
      );
    case 'fulfilled':
    case 'pending':
    case 'handoff':
      return withinSizeLimit(
        {
          sessionState: {
            dialogAction: { type: 'Close' },
            intent: intent('Fulfilled', echo.confirmationState),
            sessionAttributes,
          },
        },
        messages,
      );
  }
}

/** A valid response for a request the engine never saw; `Failed` runs the bot's failure path. */
export function lexApology(locale: Locale, echo?: LexEcho): LexResponse {
  const apology = lexMessages([builtInSpeech('apology', locale)], echo?.voice ?? false);
  return {
    sessionState: {
      dialogAction: { type: 'Close' },
      intent: { name: echo?.intentName ?? fallbackIntentName, state: 'Failed' },
      ...(echo !== undefined && { sessionAttributes: { ...echo.sessionAttributes } }),
    },
    messages: apology.map(({ message }) => message),
  };
}
