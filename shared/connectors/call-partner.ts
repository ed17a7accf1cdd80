/**
 * The one entry point for calling a partner during a turn or a job: deadline, breaker, rate
 * limit, auth with one refresh on 401, retries, response validation, cache, audit — and, for
 * operations that allow it, a job instead of a late answer.
 */

import { type Deadline, remainingMs, reserve } from '#shared/conversation/deadline.ts';
import { defaultJobAnswerWithinMs, type JobSubmitter } from '#shared/jobs/job.ts';
import type { SecretsProvider } from '#shared/secrets/secrets-provider.ts';
import { attemptWithRetries, jobTimeoutMs, minAttemptMs } from './attempts.ts';
import { type AuditLog, auditPartnerCall } from './audit.ts';
import { cacheKey } from './cache.ts';
import type { BreakerStateName, CircuitBreakers } from './circuit-breaker.ts';
import type { ConnectorState } from './connector-state.ts';
import { PartnerCallError } from './errors.ts';
import {
  answerAsOfNewestEvent,
  cachedAsOfNewestEvent,
  type PushedStates,
  readPushed,
} from './freshness.ts';
import { isRetrySafe, type Random } from './retry.ts';
import type {
  ConnectorDefinition,
  PartnerError,
  PartnerErrorCode,
  PartnerOperation,
  PartnerResult,
} from './types.ts';

export interface PartnerMetrics {
  count(name: string, value?: number, dimensions?: Readonly<Record<string, string>>): void;
}

export interface ReferenceRows {
  get(partition: string, rowKey: string): Promise<Record<string, unknown> | undefined>;
}

export interface PartnerDeps {
  readonly partners: Readonly<Record<string, ConnectorDefinition>>;
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
  /** The entity states partner events applied, which answers are never older than. */
  readonly pushedStates: PushedStates;
  /** Absent where jobs cannot be created (the job worker itself). */
  readonly jobs?: JobSubmitter;
  /** How long a caller waits on a job before a definite answer (`JOB_ANSWER_WITHIN_MS`). */
  readonly jobAnswerWithinMs?: number;
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
const jobReserveMs = 150;

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
    deps.metrics.count('PartnerCalls', 1, {
      partner: call.partner,
      operation: call.operation,
      result: result.kind === 'failed' ? result.error.code : result.kind,
    });
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
  // Started before any partner call and awaited after it, so the read adds no turn time.
  const freshness = operation.freshness && {
    ...operation.freshness,
    pushed: readPushed(deps.pushedStates, operation.freshness.entity(input.data)),
  };
  if (operation.cacheTtlMs) {
    const cached = deps.state.cache.get(key, startedAt);
    const current = cached.hit ? await cachedAsOfNewestEvent(freshness, cached.value) : undefined;
    if (current) {
      deps.metrics.count('PartnerCacheHit');
      if (current.kind === 'updated') {
        deps.metrics.count('PartnerAnswerFreshened');
        deps.state.cache.set(key, current.value, operation.cacheTtlMs, deps.now());
      }
      return audit(
        { kind: 'ok', value: current.value, cacheHit: true },
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
          timeoutMs: mode === 'job' ? jobTimeoutMs(operation) : operation.timeoutMs,
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
    const fresh = await answerAsOfNewestEvent(freshness, parsed.data);
    if (fresh.kind === 'updated') deps.metrics.count('PartnerAnswerFreshened');
    if (fresh.kind === 'behind') {
      deps.log.warn('partner answer older than an applied event', {
        partner: call.partner,
        operation: call.operation,
        correlationId: call.correlationId,
      });
    }
    const value = fresh.kind === 'behind' ? parsed.data : fresh.value;
    if (operation.cacheTtlMs) deps.state.cache.set(key, value, operation.cacheTtlMs, deps.now());
    return audit({ kind: 'ok', value, cacheHit: false }, details);
  }

  if (deferrable && attempted.error.code === 'timeout') {
    const jobId = deps.newId();
    const createdAt = deps.now();
    try {
      await deps.jobs?.submit({
        jobId,
        partner: call.partner,
        operation: call.operation,
        input: input.data,
        correlationId: call.correlationId,
        ...(idempotencyKey !== undefined && { idempotencyKey }),
        createdAt,
        answerBy: createdAt + (deps.jobAnswerWithinMs ?? defaultJobAnswerWithinMs),
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

export type { PartnerError };
