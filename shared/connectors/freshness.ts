/**
 * Push beats pull: an answer about an entity is never older than the newest partner event
 * applied for it. An operation that reads one entity names it (`freshness.entity`) and says
 * where its answer stands in the entity's history (`freshness.version`, the same fixed-width
 * form the partner's event planner stores). Each call reads the entity's applied state once
 * (one small, consistent GetItem, in parallel with any partner call); an answer older than it,
 * cached or fresh from a lagging partner, gets the pushed state laid over it, so no partner call
 * is spent on it.
 */
import type { Freshness } from './types.ts';

/** What `event-worker` last applied to an entity: the partner's version and the state. */
export interface PushedState {
  readonly version: string;
  readonly state: Readonly<Record<string, unknown>>;
}

/** Reads the applied state of one entity (`order#12345`) from ConversationState. */
export interface PushedStates {
  latest(entityKey: string): Promise<PushedState | undefined>;
}

/** `unreadable`: the read failed, so nothing proves a cached answer current. */
export type PushedRead = PushedState | undefined | 'unreadable';

export function readPushed(states: PushedStates, entityKey: string): Promise<PushedRead> {
  return states.latest(entityKey).catch(() => 'unreadable' as const);
}

export type Freshened<Output> =
  | { readonly kind: 'current'; readonly value: Output }
  | { readonly kind: 'updated'; readonly value: Output }
  | { readonly kind: 'behind' };

/**
 * The answer as of the newest applied event: unchanged when it is as new, the pushed state laid
 * over it when older, or `behind` when the operation cannot lay this state over it.
 */
export function freshen<Output>(
  freshness: Freshness<unknown, Output>,
  value: Output,
  pushed: PushedState | undefined,
): Freshened<Output> {
  if (!pushed) return { kind: 'current', value };
  try {
    if (freshness.version(value) >= pushed.version) return { kind: 'current', value };
    const updated = freshness.withPushed(value, pushed);
    return updated === undefined ? { kind: 'behind' } : { kind: 'updated', value: updated };
  } catch {
    // A partner date that does not parse proves nothing either way.
    return { kind: 'behind' };
  }
}

/** An operation's freshness rule with the read of its entity's applied state under way. */
export type FreshnessCheck<Output> = Freshness<unknown, Output> & {
  readonly pushed: Promise<PushedRead>;
};

/** A cached answer as of the newest applied event; undefined when it cannot be shown so. */
export async function cachedAsOfNewestEvent<Output>(
  check: FreshnessCheck<Output> | undefined,
  cached: Output,
): Promise<Exclude<Freshened<Output>, { kind: 'behind' }> | undefined> {
  if (!check) return { kind: 'current', value: cached };
  const pushed = await check.pushed;
  if (pushed === 'unreadable') return undefined;
  const result = freshen(check, cached, pushed);
  return result.kind === 'behind' ? undefined : result;
}

/** A partner's answer as of the newest applied event; `behind` when it is older and stays so. */
export async function answerAsOfNewestEvent<Output>(
  check: FreshnessCheck<Output> | undefined,
  answer: Output,
): Promise<Freshened<Output>> {
  if (!check) return { kind: 'current', value: answer };
  const pushed = await check.pushed;
  // The partner's own answer is the best there is when the applied state cannot be read.
  if (pushed === 'unreadable') return { kind: 'current', value: answer };
  return freshen(check, answer, pushed);
}
