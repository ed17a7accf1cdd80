/**
 * Conversation events Switchboard sends partners (through `outbound`): their types, stable ids
 * and the summary they carry.
 */
import { createHash } from 'node:crypto';
import type { ConversationEvent } from '#shared/outbound/messages.ts';
import type { SessionState } from './state.ts';
import type { Turn } from './types.ts';

export const conversationEnded = 'conversation.ended';
export const handoffRequested = 'handoff.requested';
/** Sent at most once per conversation; others once per turn that produced them. */
export const oncePerConversation: ReadonlySet<string> = new Set([
  conversationEnded,
  handoffRequested,
]);

export type ConversationEventDraft = Omit<ConversationEvent, 'id' | 'occurredAt'>;

/** The same for every retry of the turn that produced it, so partners can dedupe on it. */
export function conversationEventId(turn: Turn, type: string, discriminator: string): string {
  // A chat session id is one conversation per identity: each gets its own ids.
  const owner = turn.sessionOwner === undefined ? [] : [turn.sessionOwner];
  const digest = createHash('sha256')
    .update([turn.channel, turn.sessionId, ...owner, type, discriminator].join('\n'))
    .digest('hex');
  return `evt_${digest.slice(0, 40)}`;
}

/** For partners (hand-off tickets, reporting); no transcript and no phone number. */
export function conversationSummary(
  turn: Turn,
  session: SessionState,
  now: number,
  crmId: string | undefined,
): Record<string, unknown> {
  const endedAt = session.endedAt ?? now;
  return {
    channel: turn.channel,
    sessionId: turn.sessionId,
    locale: turn.locale,
    intentsHandled: session.intentsHandled,
    outcome: session.lastOutcome ?? 'none',
    startedAt: new Date(session.startedAt).toISOString(),
    endedAt: new Date(endedAt).toISOString(),
    durationMs: endedAt - session.startedAt,
    ...(crmId !== undefined && { crmId }),
  };
}

/** The once-per-conversation types a turn sends, to record them in the session. */
export function emittedEventTypes(
  drafts: readonly ConversationEventDraft[],
  handedOff: boolean,
  ended: boolean,
): string[] {
  const types = drafts.map((draft) => draft.type).filter((type) => oncePerConversation.has(type));
  if (handedOff) types.push(handoffRequested);
  if (ended) types.push(conversationEnded);
  return types;
}

export interface TurnEventsInput {
  readonly turn: Turn;
  /** What the skills asked to send, in order. */
  readonly drafts: readonly ConversationEventDraft[];
  readonly handedOff: boolean;
  readonly ended: boolean;
  /** Once-per-conversation types an earlier turn already sent. */
  readonly alreadyEmitted: readonly string[];
  readonly summary: Record<string, unknown>;
  readonly now: number;
  /** The session version read, so a retried turn produces the same ids. */
  readonly version: number;
}

/** A turn's events with stable ids: hand-off and end added, once-only types sent once. */
export function turnEvents(input: TurnEventsInput): ConversationEvent[] {
  const drafts = [...input.drafts];
  if (input.handedOff && !drafts.some((draft) => draft.type === handoffRequested)) {
    drafts.push({ type: handoffRequested, data: input.summary });
  }
  if (input.ended) drafts.push({ type: conversationEnded, data: input.summary });
  const already = new Set(input.alreadyEmitted);
  const occurredAt = new Date(input.now).toISOString();
  const seen = new Set<string>();
  const events: ConversationEvent[] = [];
  for (const [index, draft] of drafts.entries()) {
    const once = oncePerConversation.has(draft.type);
    if (once && (already.has(draft.type) || seen.has(draft.type))) continue;
    seen.add(draft.type);
    events.push({
      id: conversationEventId(input.turn, draft.type, once ? '' : `${input.version}#${index}`),
      type: draft.type,
      occurredAt,
      data: draft.data,
    });
  }
  return events;
}
