/**
 * A deadline is an absolute epoch-millisecond instant, so it survives being passed between
 * functions (and into a job) without anyone re-adding elapsed time.
 */
export interface Deadline {
  readonly at: number;
}

/** A turn answers at least this long before its platform gives up, so the reply still gets out. */
export const platformMarginMs = 500;

export interface DeadlineSources {
  readonly nowMs: number;
  /** The channel's budget for this turn (e.g. 3000 ms for Lex fulfillment). */
  readonly budgetMs: number;
  /** `context.getRemainingTimeInMillis()`, when running in Lambda. */
  readonly remainingTimeMs?: number;
  /** Kept free before the platform's limit so the reply still gets out. */
  readonly platformMarginMs?: number;
}

/** The earlier of the channel budget and the Lambda's own remaining time minus a margin. */
export function deadlineFrom(sources: DeadlineSources): Deadline {
  const byBudget = sources.nowMs + sources.budgetMs;
  if (sources.remainingTimeMs === undefined) return { at: byBudget };
  const byPlatform =
    sources.nowMs + sources.remainingTimeMs - (sources.platformMarginMs ?? platformMarginMs);
  return { at: Math.min(byBudget, byPlatform) };
}

export const remainingMs = (deadline: Deadline, nowMs: number): number =>
  Math.max(0, deadline.at - nowMs);

/** An attempt may use its own timeout, but never the time reserved after it. */
export function attemptTimeoutMs(
  deadline: Deadline,
  nowMs: number,
  operationTimeoutMs: number,
  reservedMs = 0,
): number {
  return Math.max(0, Math.min(operationTimeoutMs, deadline.at - reservedMs - nowMs));
}

/** A deadline earlier by `ms`, e.g. to keep time for enqueuing a job. */
export const reserve = (deadline: Deadline, ms: number): Deadline => ({ at: deadline.at - ms });
