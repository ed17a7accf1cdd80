/**
 * Free text that continues the dialog: an answer to the question the bot last asked comes
 * before any guess at a new request ("10001" after "What's your order number?", "Tak,
 * poproszę" after "Shall I book…?").
 */
import type { EngineDeps } from './engine.ts';
import type { Awaiting } from './state.ts';
import { fallbackIntentName, type Outcome, type SkillResult, type Turn } from './types.ts';
import { readYesNo } from './yes-no.ts';

export interface Continued {
  readonly turn: Turn;
  /** The caller said no to an action the engine asked about: nothing is done. */
  readonly declined?: string;
}

/** The turn as the answer it is; unchanged when it names an intent or answers nothing. */
export function continueDialog(
  deps: Pick<EngineDeps, 'readSlot' | 'matchIntent' | 'skills'>,
  turn: Turn,
  awaiting: Awaiting | undefined,
): Continued {
  const { text } = turn;
  if (awaiting === undefined || turn.intent !== undefined || text === undefined) return { turn };
  if (turn.phase === 'poll' || turn.phase === 'ended') return { turn };
  if (awaiting.confirm !== undefined) {
    const answer = turn.confirmation === 'none' ? readYesNo(text) : turn.confirmation;
    if (answer === 'none') return { turn };
    if (answer === 'denied' && awaiting.confirm === 'route')
      return { turn, declined: awaiting.intent };
    return { turn: { ...turn, intent: awaiting.intent, confirmation: answer } };
  }
  if (awaiting.slot === undefined) return { turn };
  const answer = deps.readSlot(awaiting.slot, text);
  if (answer === undefined) return { turn };
  if (!answer.shaped) {
    // "Talk to an agent" after "Which city?" is a new request, not a place.
    const other = deps.matchIntent(text, turn.locale, deps.skills);
    if (other?.clear && other.intent !== awaiting.intent) return { turn };
  }
  return {
    turn: {
      ...turn,
      intent: awaiting.intent,
      slots: { ...turn.slots, [awaiting.slot]: answer.value },
    },
  };
}

/** What the next turn may answer, after this one's result. */
export function awaitingAfter(
  intent: string | undefined,
  result: Pick<SkillResult, 'outcome' | 'slotToElicit'>,
  askedBy: 'skill' | 'route',
): Awaiting | null {
  if (intent === undefined || intent === fallbackIntentName) return null;
  const outcome: Outcome = result.outcome;
  if (outcome === 'elicit' && result.slotToElicit !== undefined) {
    return { intent, slot: result.slotToElicit };
  }
  return outcome === 'confirm' ? { intent, confirm: askedBy } : null;
}
