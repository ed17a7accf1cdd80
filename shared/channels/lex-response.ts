/**
 * The Lex V2 code hook's answer: a Reply said as at most ten Lex messages, with the session state
 * Lex keeps, within Lex's 25 KB.
 */
import {
  fallbackIntentName,
  type Locale,
  type Reply,
  type Speech,
  type TurnPhase,
} from '#shared/conversation/types.ts';
import { cleanName, cutAt, maxSlotValueLength, utf8Bytes } from './common.ts';
import { builtInSpeech, isSpeakDocument, truncate } from './speech.ts';

export type LexDialogActionType =
  | 'Close'
  | 'ConfirmIntent'
  | 'Delegate'
  | 'ElicitIntent'
  | 'ElicitSlot';
export type LexIntentState = 'Failed' | 'Fulfilled' | 'InProgress';
export const lexConfirmationStates = ['Confirmed', 'Denied', 'None'] as const;
export type LexConfirmationState = (typeof lexConfirmationStates)[number];

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

/** Ours, in the session attributes: dropped from what is echoed, re-derived for every reply. */
export const ownAttributePrefix = 'switchboard:';
/** Routing signals a Connect flow reads from `$.Lex.SessionAttributes`; never state. */
export const handoffAttribute = `${ownAttributePrefix}handoff`;
export const pendingAttribute = `${ownAttributePrefix}pending`;

const maxMessages = 10;
const maxMessageLength = 1024;
const maxResponseBytes = 25_000;

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
  // A PIN or code the caller said is cleared from the intent Lex keeps.
  for (const secret of reply.forgetSlots ?? []) {
    if (Object.hasOwn(slots, secret)) slots[secret] = null;
  }
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
export function renderLexResponse(reply: Reply, echo: LexEcho): LexResponse {
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
      // Lex does not promise to play messages sent with `Delegate`, so none are: the engine
      // keeps finished jobs and news for a reply that plays them.
      return withinSizeLimit(
        {
          sessionState: {
            dialogAction: { type: 'Delegate' },
            intent: intent('InProgress', echo.confirmationState),
            sessionAttributes,
          },
        },
        [],
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
