/**
 * The attempts of one partner call: breaker admission, rate limit, auth, the request, response
 * validation, and retries that never end past the deadline. `callPartner` wraps this with input
 * checks, the cache, jobs and the audit line.
 */

import { attemptTimeoutMs, type Deadline } from '#shared/conversation/deadline.ts';
import { authStrategyFor } from './auth/index.ts';
import type { PartnerCall, PartnerDeps } from './call-partner.ts';
import type { BreakerStateName } from './circuit-breaker.ts';
import { PartnerCallError } from './errors.ts';
import { buildRequest, graphqlData, sendAttempt } from './http-attempt.ts';
import { decideRetry } from './retry.ts';
import type { ConnectorDefinition, PartnerErrorCode, PartnerOperation } from './types.ts';

/** Below this an attempt is pointless: connection set-up alone takes longer. */
export const minAttemptMs = 50;
/** A job's per-attempt timeout unless the operation sets its own. */
export const jobTimeoutMs = (operation: PartnerOperation): number =>
  operation.jobTimeoutMs ?? operation.timeoutMs * 4;
/** Attempts that count against a breaker: the partner is failing, not refusing us. */
const breakerFailureCodes: ReadonlySet<PartnerErrorCode> = new Set(['timeout', 'unavailable']);

export interface Attempted {
  readonly value?: unknown;
  readonly error?: PartnerCallError;
  readonly attempts: number;
  readonly httpStatus?: number;
  readonly breakerState: BreakerStateName;
}

export interface AttemptPlan {
  readonly call: PartnerCall;
  readonly definition: ConnectorDefinition;
  readonly operation: PartnerOperation;
  readonly input: unknown;
  readonly idempotencyKey: string | undefined;
  readonly retrySafe: boolean;
  readonly deadline: Deadline;
  readonly timeoutMs: number;
}

export async function attemptWithRetries(deps: PartnerDeps, plan: AttemptPlan): Promise<Attempted> {
  const { call, definition, operation } = plan;
  if (operation.kind === 'table') return readReferenceRow(deps, operation, plan.input);

  const policy = operation.retry ?? definition.retry;
  const baseUrl = deps.baseUrl(definition.name);
  if (!baseUrl) {
    return {
      error: new PartnerCallError('misconfigured', `No base URL configured for ${definition.name}`),
      attempts: 0,
      breakerState: 'closed',
    };
  }
  let attempts = 0;
  let refreshedCredentials = false;
  let last: Attempted = { attempts: 0, breakerState: deps.breakers.peek(call) };
  for (;;) {
    const admission = await deps.breakers.admit(call, definition.breaker);
    if (!admission.allowed) {
      // A job has time a turn has not: it waits for the breaker's next probe (and likely makes
      // it) instead of failing at once.
      const waitMs = Math.max(admission.retryAtMs - deps.now(), minAttemptMs);
      if (call.mode === 'job' && deps.now() + waitMs + minAttemptMs < plan.deadline.at) {
        deps.metrics.count('PartnerJobWaitedForBreaker');
        await deps.sleep(waitMs);
        continue;
      }
      return {
        error: new PartnerCallError(
          'circuit-open',
          `${definition.name}.${call.operation} is failing; not calling it`,
        ),
        attempts,
        breakerState: deps.breakers.peek(call),
      };
    }
    const limited = await takeRateToken(deps, definition, plan.deadline);
    if (limited) return { error: limited, attempts, breakerState: deps.breakers.peek(call) };

    const now = deps.now();
    // A probe decides whether the partner is back: a slow-but-working one must be able to pass,
    // so it gets a job's timeout (still bounded by the deadline), not a turn's.
    const timeoutMs = attemptTimeoutMs(
      plan.deadline,
      now,
      admission.probe ? Math.max(plan.timeoutMs, jobTimeoutMs(operation)) : plan.timeoutMs,
    );
    if (timeoutMs < minAttemptMs) {
      // Nothing was sent: hand back the probe slot rather than leave the breaker half-open.
      if (admission.probe) await deps.breakers.record(call, definition.breaker, 'success');
      return {
        error:
          last.error ?? new PartnerCallError('timeout', 'The deadline passed before an attempt'),
        attempts,
        breakerState: deps.breakers.peek(call),
      };
    }
    attempts += 1;
    const request = buildRequest(operation, plan.input, baseUrl, {
      accept: 'application/json',
      'x-correlation-id': call.correlationId,
      ...(plan.idempotencyKey !== undefined && { 'idempotency-key': plan.idempotencyKey }),
    });
    let value: unknown;
    let error: PartnerCallError | undefined;
    // Not AbortSignal.timeout(): its unreferenced timer fired hundreds of ms late under load.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    try {
      const body = await sendAttempt(request, {
        auth: authStrategyFor(definition.auth),
        authContext: {
          partner: definition.name,
          secretName: definition.secretName ?? '',
          baseUrl,
          secrets: deps.secrets,
          fetch: deps.fetch,
          nowMs: deps.now,
          tokens: deps.state.tokens,
          signal: timeout.signal,
        },
        refreshCredentials: refreshedCredentials,
        nowMs: now,
      });
      value = operation.kind === 'graphql' ? selectGraphql(definition.name, operation, body) : body;
    } catch (caught) {
      error =
        caught instanceof PartnerCallError
          ? caught
          : new PartnerCallError(
              'unavailable',
              `${definition.name} call failed (${(caught as Error).name})`,
              { cause: caught },
            );
    } finally {
      clearTimeout(timer);
    }
    await deps.breakers.record(
      call,
      definition.breaker,
      error && breakerFailureCodes.has(error.code) ? 'failure' : 'success',
    );
    last = {
      attempts,
      breakerState: deps.breakers.peek(call),
      ...(error ? { error } : { value }),
      ...(error?.httpStatus !== undefined && { httpStatus: error.httpStatus }),
    };
    if (!error) return last;

    if (error.code === 'auth' && !refreshedCredentials && error.httpStatus !== undefined) {
      // The credential may have been rotated since we cached it: re-read it, once.
      refreshedCredentials = true;
      deps.metrics.count('PartnerCredentialRefresh');
      continue;
    }
    const decision = decideRetry({
      attempt: attempts,
      policy,
      code: error.code,
      retrySafe: plan.retrySafe,
      ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
      deadline: plan.deadline,
      nowMs: deps.now(),
      minAttemptMs,
      random: deps.random,
    });
    if (!decision.retry) return last;
    await deps.sleep(decision.delayMs);
  }
}

function selectGraphql(
  partner: string,
  operation: PartnerOperation & { kind: 'graphql' },
  body: unknown,
): unknown {
  const selected = operation.select(graphqlData(partner, body));
  if (selected === null || selected === undefined) {
    throw new PartnerCallError('not-found', `${partner} has no such record`);
  }
  return selected;
}

async function takeRateToken(
  deps: PartnerDeps,
  definition: ConnectorDefinition,
  deadline: Deadline,
): Promise<PartnerCallError | undefined> {
  if (!definition.rateLimit) return undefined;
  const bucket = deps.state.rateLimiters.bucket(definition.name, definition.rateLimit, deps.now());
  for (;;) {
    const now = deps.now();
    const taken = bucket.take(now);
    if (taken.granted) return undefined;
    if (now + taken.waitMs + minAttemptMs > deadline.at) {
      return new PartnerCallError(
        'rate-limited',
        `Local rate limit for ${definition.name} reached`,
      );
    }
    await deps.sleep(taken.waitMs);
  }
}

async function readReferenceRow(
  deps: PartnerDeps,
  operation: PartnerOperation & { kind: 'table' },
  input: unknown,
): Promise<Attempted> {
  const base = { attempts: 1, breakerState: 'closed' as const };
  if (!deps.referenceRows) {
    return {
      ...base,
      error: new PartnerCallError('misconfigured', 'No reference table configured'),
    };
  }
  try {
    const row = await deps.referenceRows.get(operation.partition, operation.rowKey(input));
    if (!row) return { ...base, error: new PartnerCallError('not-found', 'No such reference row') };
    return { ...base, value: row };
  } catch (error) {
    return {
      ...base,
      error: new PartnerCallError(
        'unavailable',
        `Reference table read failed (${(error as Error).name})`,
        { cause: error },
      ),
    };
  }
}
