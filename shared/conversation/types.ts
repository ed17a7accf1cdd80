/**
 * The channel-independent conversation contract. Channel adapters (`shared/channels/`) turn a
 * Lex, Connect, Dialogflow CX or chat request into a `Turn` and a `Reply` back into the
 * channel's response; the engine (`shared/conversation/engine.ts`) runs skills
 * (`shared/skills/`) between the two. Skills never see a channel format.
 */

import type { InputOf, OutputOf, PartnerResult } from '#shared/connectors/types.ts';
import type { Deadline } from '#shared/conversation/deadline.ts';
import type { MessageKey } from '#shared/i18n/catalogs/index.ts';
import type { ConversationEvent } from '#shared/outbound/messages.ts';
import type { PartnerName, PartnerRegistry } from '#shared/partners/index.ts';

export const supportedLocales = ['en-US', 'pl-PL', 'ru-RU', 'zh-CN'] as const;
export type Locale = (typeof supportedLocales)[number];

export type ChannelName = 'lex' | 'connect' | 'dialogflow-cx' | 'chat';
export type InputMode = 'voice' | 'text' | 'dtmf';

/**
 * - `dialog`: Lex dialog code hook — validate slots, never call a partner.
 * - `fulfillment`: do the work (Lex fulfillment hook, Connect `turn`, Dialogflow CX, chat).
 * - `poll`: no new input; speak finished jobs and news (Connect `poll`, a chat poll).
 * - `ended`: the caller hung up or closed the chat; emit `conversation.ended`.
 */
export type TurnPhase = 'dialog' | 'fulfillment' | 'poll' | 'ended';

/**
 * What the channel proves about who is speaking, weakest first:
 * - `anonymous`: nothing;
 * - `claimed`: a number the client typed or set, which anyone can fake;
 * - `carrier`: a caller id the telephony platform delivered;
 * - `verified`: a signed customer token (or, later in a conversation, a checked PIN or code).
 */
export const identityLevels = ['anonymous', 'claimed', 'carrier', 'verified'] as const;
export type IdentityLevel = (typeof identityLevels)[number];

/** Lex's intent confirmation, or a chat/Connect "yes"/"no" slot, normalised. */
export type Confirmation = 'confirmed' | 'denied' | 'none';

export interface Turn {
  readonly channel: ChannelName;
  /** Channel-scoped session id (adapters prefix nothing; the engine keys by channel + id). */
  readonly sessionId: string;
  readonly locale: Locale;
  readonly inputMode: InputMode;
  readonly phase: TurnPhase;
  /** The skill name when the channel resolved one (Lex intent, Connect `intent`, CX tag). */
  readonly intent?: string;
  /** What the caller said or typed, already capped in length by the adapter. */
  readonly text?: string;
  /** Filled slots only, as raw strings; `null`/absent slots are simply missing. */
  readonly slots: Readonly<Record<string, string>>;
  readonly confirmation: Confirmation;
  /** The caller's number in E.164, when the channel knows it; how far to trust it is `identity`. */
  readonly phone?: string;
  /** What the channel itself proved about the caller; the engine may raise it to `verified`. */
  readonly identity: IdentityLevel;
  /**
   * Who a session id the client chose belongs to (chat): the same id used by another identity
   * is another conversation. Absent where the platform issues session ids.
   */
  readonly sessionOwner?: string;
  /** For logs and partner audit lines. */
  readonly correlationId: string;
  readonly receivedAt: number;
  readonly deadline: Deadline;
}

/** The intent every platform falls back to, and the skill that answers it. */
export const fallbackIntentName = 'FallbackIntent';

/**
 * - `delegate`: (dialog phase) slots are fine so far; let the bot carry on (Lex `Delegate`).
 * - `elicit`: ask for `slotToElicit`, or with no slot, ask what the caller wants.
 * - `confirm`: ask the caller to confirm the intent (Lex `ConfirmIntent`).
 */
export type Outcome =
  | 'fulfilled'
  | 'failed'
  | 'elicit'
  | 'confirm'
  | 'pending'
  | 'handoff'
  | 'delegate';

/** One thing said, for chat (`text`) and for voice (`ssml`, a whole `<speak>` document). */
export interface Speech {
  readonly text: string;
  readonly ssml: string;
}

export interface Reply {
  readonly outcome: Outcome;
  /** In the order they are to be said; adapters enforce their channel's count and size limits. */
  readonly messages: readonly Speech[];
  /** The skill that answered; absent for a fallback. */
  readonly intent?: string;
  /** Slot values to write back to the channel (Lex slots, CX parameters). */
  readonly slots: Readonly<Record<string, string>>;
  readonly slotToElicit?: string;
  readonly jobId?: string;
  readonly locale: Locale;
  /** Secret slots the request carried (the PIN): channels that keep slots must delete them. */
  readonly forgetSlots?: readonly string[];
}

/** A message the i18n catalog can render: a key and its parameters. */
export interface MessageRef {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** The shared, cross-channel record of a caller, `pk = customer#<E.164>`, `sk = profile`. */
export interface CustomerRecord {
  readonly phone: string;
  /** The CRM's id once the caller was looked up. */
  readonly crmId?: string;
  readonly locale?: Locale;
}

/** Per-session memory a skill keeps between turns (e.g. verified identity), JSON-safe. */
export type SkillMemory = Readonly<Record<string, unknown>>;

type OperationName<Partner extends PartnerName> = keyof PartnerRegistry[Partner]['operations'] &
  string;
type OperationOf<
  Partner extends PartnerName,
  Operation extends OperationName<Partner>,
> = PartnerRegistry[Partner]['operations'][Operation];

/**
 * A partner call bound to the turn's deadline and correlation id; the partner and operation
 * names, the input and the answer are all checked against the partner's definition.
 */
export type PartnerCaller = <Partner extends PartnerName, Operation extends OperationName<Partner>>(
  partner: Partner,
  operation: Operation,
  input: InputOf<OperationOf<Partner, Operation>>,
) => Promise<PartnerResult<OutputOf<OperationOf<Partner, Operation>>>>;

export interface SkillContext {
  readonly turn: Turn;
  /** The turn's slots merged over the slots remembered for this intent in the session. */
  readonly slots: Readonly<Record<string, string>>;
  readonly customer?: CustomerRecord;
  /** How far the caller is proven, after any verification earlier in this conversation. */
  readonly identity: IdentityLevel;
  /** Per-customer limits on side effects; only for a verified caller with a number. */
  readonly quota?: SideEffectQuota;
  /** This session's memory for this skill. */
  readonly memory: SkillMemory;
  /** What this session has done so far, for summaries (hand-off tickets, `conversation.ended`). */
  readonly conversation: { readonly startedAt: number; readonly intentsHandled: readonly string[] };
  /** Absent in the dialog phase: dialog hooks never call a partner. */
  readonly callPartner?: PartnerCaller;
  readonly now: number;
  /** The business's IANA zone (`BUSINESS_TIME_ZONE`): a date and time a caller says are read in it. */
  readonly timeZone: string;
}

/** A job a skill left running; the engine keeps it in the session and asks the skill to speak it. */
export interface PendingJobRef {
  readonly jobId: string;
  readonly skill: string;
  /** What the skill needs to word the result (e.g. the requested date), JSON-safe. */
  readonly context: Readonly<Record<string, unknown>>;
}

export interface SkillResult {
  readonly outcome: Outcome;
  readonly messages: readonly MessageRef[];
  readonly slotToElicit?: string;
  /** Slots to remember for this intent (and write back to the channel). */
  readonly slots?: Readonly<Record<string, string>>;
  /** Replaces this skill's memory in the session when present. */
  readonly memory?: SkillMemory;
  /** Merged into the customer record when present. */
  readonly customer?: Partial<Omit<CustomerRecord, 'phone'>>;
  readonly pendingJob?: PendingJobRef;
  /** Conversation events for the `outbound` queue (e.g. `appointment.booked`). */
  readonly events?: readonly Omit<ConversationEvent, 'id' | 'occurredAt'>[];
}

export interface FinishedJob {
  readonly status: 'succeeded' | 'failed';
  readonly result?: unknown;
  readonly errorCode?: string;
}

/** Side effects a customer may trigger only so often (texts, bookings, one-time codes). */
export const sideEffects = ['payment-link', 'booking', 'one-time-code'] as const;
export type SideEffect = (typeof sideEffects)[number];

/** Takes one use of a side effect for the caller; `limited` when none is left in the window. */
export interface SideEffectQuota {
  take(effect: SideEffect): Promise<'granted' | 'limited'>;
}

/**
 * - `anyone`: answers from what the caller gives (an order number, a city);
 * - `verified-customer`: about a customer (their account, texts to them, bookings in their name).
 */
export type SkillAudience = 'anyone' | 'verified-customer';

export interface Skill {
  /** The intent name every channel uses (`CheckOrderStatus`, …). */
  readonly name: string;
  /** Who may use it; the engine's identity policy enforces it before `validate` or `run`. */
  readonly audience: SkillAudience;
  /** Sample utterances per locale; `{slot}` marks a slot value. The Lex bot uses the same. */
  readonly utterances: Readonly<Record<Locale, readonly string[]>>;
  /** Slots in the order they are asked for. */
  readonly slots: readonly string[];
  /**
   * Present when the skill does something that cannot be taken back (a text, a booking, a
   * ticket, a PIN attempt). Free text then reaches it only on a clear match, and only after
   * `confirmFirst` is answered yes, where the skill does not ask anything itself first.
   */
  readonly sideEffect?: { readonly confirmFirst?: MessageKey };
  /** The dialog phase: check the slots given so far; never calls a partner. */
  validate(context: SkillContext): SkillResult;
  run(context: SkillContext): Promise<SkillResult>;
  /** Words a finished job this skill started, on a later turn. */
  speakJob?(
    job: FinishedJob,
    pending: PendingJobRef,
    context: SkillContext,
  ): Pick<SkillResult, 'messages' | 'events' | 'memory' | 'customer'>;
}
