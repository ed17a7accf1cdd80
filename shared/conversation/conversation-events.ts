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
  const digest = createHash('sha256')
    .update([turn.channel, turn.sessionId, type, discriminator].join('\n'))
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
