/**
 * The one entry point for calling a partner during a turn or a job: deadline, breaker, rate
 * limit, auth with one refresh on 401, retries, response validation, cache, audit — and, for
 * operations that allow it, a job instead of a late answer.
 */

import {
  attemptTimeoutMs,
  type Deadline,
  remainingMs,
  reserve,
} from '#shared/conversation/deadline.ts';
import type { JobSubmitter } from '#shared/jobs/job.ts';
import type { SecretsProvider } from '#shared/secrets/secrets-provider.ts';
import { type AuditLog, auditPartnerCall } from './audit.ts';
import { authStrategyFor } from './auth/index.ts';
import { cacheKey } from './cache.ts';
import type { BreakerStateName, CircuitBreakers } from './circuit-breaker.ts';
import type { ConnectorState } from './connector-state.ts';
import { PartnerCallError } from './errors.ts';
import { buildRequest, graphqlData, sendAttempt } from './http-attempt.ts';
import { decideRetry, isRetrySafe, type Random } from './retry.ts';
import type {
  PartnerDefinition,
  PartnerError,
  PartnerErrorCode,
  PartnerOperation,
  PartnerResult,
} from './types.ts';

export interface PartnerMetrics {
  count(name: string, value?: number): void;
}

export interface ReferenceRows {
  get(partition: string, rowKey: string): Promise<Record<string, unknown> | undefined>;
}

export interface PartnerDeps {
  readonly partners: Readonly<Record<string, PartnerDefinition>>;
  /** Where a partner lives (local: the demo partner; AWS: stack configuration). */
  readonly baseUrl: (partner: string) => string | undefined;
  readonly secrets: SecretsProvider;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: Random;
  readonly newId: () => string;
  readonly log: AuditLog;
  readonly metrics: PartnerMetrics;
  readonly breakers: CircuitBreakers;
  readonly state: ConnectorState;
  /** Absent where jobs cannot be created (the job worker itself). */
  readonly jobs?: JobSubmitter;
  readonly referenceRows?: ReferenceRows;
}

export interface PartnerCall {
  readonly partner: string;
  readonly operation: string;
  readonly input: unknown;
  readonly deadline: Deadline;
  readonly correlationId: string;
  /** `job`: the worker's run — longer timeouts, never deferred again. */
  readonly mode?: 'turn' | 'job';
  /** The job's key, so the worker repeats the turn's POST rather than making a new one. */
  readonly idempotencyKey?: string;
}

/** Time kept after the last attempt for writing the job record and queuing it. */
export const jobReserveMs = 150;
/** Below this an attempt is pointless: connection set-up alone takes longer. */
export const minAttemptMs = 50;
/** Attempts that count against a breaker: the partner is failing, not refusing us. */
const breakerFailureCodes: ReadonlySet<PartnerErrorCode> = new Set(['timeout', 'unavailable']);

interface Attempted {
  readonly value?: unknown;
  readonly error?: PartnerCallError;
  readonly attempts: number;
  readonly httpStatus?: number;
  readonly breakerState: BreakerStateName;
}

export async function callPartner<Output = unknown>(
  deps: PartnerDeps,
  call: PartnerCall,
): Promise<PartnerResult<Output>> {
  const startedAt = deps.now();
  const definition = deps.partners[call.partner];
  const operation = definition?.operations[call.operation];
  const audit = (
    result: PartnerResult<unknown>,
    details: { attempts: number; breakerState: BreakerStateName; httpStatus?: number },
  ) => {
    auditPartnerCall(deps.log, {
      partner: call.partner,
      operation: call.operation,
      status: result.kind,
      latencyMs: deps.now() - startedAt,
      attempts: details.attempts,
      breakerState: details.breakerState,
      cacheHit: result.kind === 'ok' && result.cacheHit,
      correlationId: call.correlationId,
      ...(details.httpStatus !== undefined && { httpStatus: details.httpStatus }),
      ...(result.kind === 'failed' && {
        errorCode: result.error.code,
        errorMessage: result.error.message,
      }),
      ...(result.kind === 'pending' && { jobId: result.jobId }),
    });
    deps.metrics.count(result.kind === 'failed' ? 'PartnerCallFailed' : 'PartnerCall');
    return result as PartnerResult<Output>;
  };

  if (!definition || !operation) {
    return audit(
      failed('misconfigured', `No partner operation ${call.partner}.${call.operation}`),
      {
        attempts: 0,
        breakerState: 'closed',
      },
    );
  }
  const input = operation.input.safeParse(call.input);
  if (!input.success) {
    const fields = input.error.issues.map((issue) => issue.path.join('.') || '(input)').join(', ');
    return audit(failed('bad-request', `Invalid input for ${call.operation} (${fields})`), {
      attempts: 0,
      breakerState: 'closed',
    });
  }

  const key = cacheKey(call.partner, call.operation, input.data);
  if (operation.cacheTtlMs) {
    const cached = deps.state.cache.get(key, startedAt);
    if (cached.hit) {
      deps.metrics.count('PartnerCacheHit');
      return audit(
        { kind: 'ok', value: cached.value, cacheHit: true },
        { attempts: 0, breakerState: deps.breakers.peek(call) },
      );
    }
  }

  const mode = call.mode ?? 'turn';
  const idempotencyKey =
    operation.kind === 'rest' && operation.idempotencyKey
      ? (call.idempotencyKey ?? deps.newId())
      : undefined;
  const retrySafe = isSafe(operation, idempotencyKey !== undefined);
  // A late answer is only worth a job when repeating the call cannot do the thing twice.
  const deferrable =
    mode === 'turn' && operation.deferrable === true && retrySafe && deps.jobs !== undefined;
  const attemptDeadline = deferrable ? reserve(call.deadline, jobReserveMs) : call.deadline;

  const attempted =
    deferrable && remainingMs(attemptDeadline, startedAt) < minAttemptMs
      ? {
          error: new PartnerCallError('timeout', 'No time left for an attempt'),
          attempts: 0,
          breakerState: deps.breakers.peek(call),
        }
      : await attemptWithRetries(deps, {
          call,
          definition,
          operation,
          input: input.data,
          idempotencyKey,
          retrySafe,
          deadline: attemptDeadline,
          timeoutMs:
            mode === 'job'
              ? (operation.jobTimeoutMs ?? operation.timeoutMs * 4)
              : operation.timeoutMs,
        });
  const details = {
    attempts: attempted.attempts,
    breakerState: attempted.breakerState,
    ...(attempted.httpStatus !== undefined && { httpStatus: attempted.httpStatus }),
  };

  if (!attempted.error) {
    const parsed = operation.response.safeParse(attempted.value);
    if (!parsed.success) {
      const fields = parsed.error.issues
        .slice(0, 5)
        .map((issue) => issue.path.join('.') || '(body)')
        .join(', ');
      return audit(
        failed(
          'invalid-response',
          `${call.partner} response does not match the schema (${fields})`,
        ),
        details,
      );
    }
    if (operation.cacheTtlMs)
      deps.state.cache.set(key, parsed.data, operation.cacheTtlMs, deps.now());
    return audit({ kind: 'ok', value: parsed.data, cacheHit: false }, details);
  }

  if (deferrable && attempted.error.code === 'timeout') {
    const jobId = deps.newId();
    try {
      await deps.jobs?.submit({
        jobId,
        partner: call.partner,
        operation: call.operation,
        input: input.data,
        correlationId: call.correlationId,
        ...(idempotencyKey !== undefined && { idempotencyKey }),
        createdAt: deps.now(),
      });
      deps.metrics.count('PartnerJobCreated');
      return audit({ kind: 'pending', jobId }, details);
    } catch (error) {
      return audit(
        failed('timeout', `Too slow, and the job could not be queued (${(error as Error).name})`),
        details,
      );
    }
  }
  return audit({ kind: 'failed', error: attempted.error.toPartnerError() }, details);
}

function failed(code: PartnerErrorCode, message: string): PartnerResult<never> {
  return { kind: 'failed', error: new PartnerCallError(code, message).toPartnerError() };
}

function isSafe(operation: PartnerOperation, sendsIdempotencyKey: boolean): boolean {
  if (operation.kind === 'table') return true;
  // A GraphQL query reads; this connector sends no mutations.
  if (operation.kind === 'graphql') return true;
  return isRetrySafe(operation.method, sendsIdempotencyKey);
}

async function attemptWithRetries(
  deps: PartnerDeps,
  plan: {
    call: PartnerCall;
    definition: PartnerDefinition;
    operation: PartnerOperation;
    input: unknown;
    idempotencyKey: string | undefined;
    retrySafe: boolean;
    deadline: Deadline;
    timeoutMs: number;
  },
): Promise<Attempted> {
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
    const timeoutMs = attemptTimeoutMs(plan.deadline, now, plan.timeoutMs);
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
  definition: PartnerDefinition,
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

export type { PartnerError };
