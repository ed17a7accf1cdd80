import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { defaultJobAnswerWithinMs } from '#shared/jobs/job.ts';
import { queuedJobSubmitter } from '#shared/jobs/job-submitter.ts';
import { partnerRegistry } from '#shared/partners/index.ts';
import type { SecretsProvider } from '#shared/secrets/secrets-provider.ts';
import { breakerStore } from '#shared/state/breaker-store.ts';
import { entityStateStore } from '#shared/state/entity-state-store.ts';
import { jobStore } from '#shared/state/job-store.ts';
import { referenceRowsStore } from '#shared/state/reference-rows-store.ts';
import type { AuditLog } from './audit.ts';
import { partnerBaseUrlFromEnv } from './base-url.ts';
import type { PartnerDeps, PartnerMetrics } from './call-partner.ts';
import { CircuitBreakers } from './circuit-breaker.ts';
import { createConnectorState } from './connector-state.ts';
import { partnerTimeoutScale, withScaledTimeouts } from './timeout-scale.ts';
import type { ConnectorDefinition } from './types.ts';

export interface PartnerDepsOptions {
  readonly dynamo: DynamoDBClient;
  /** ConversationState: breaker state, job records, reference rows, applied entity states. */
  readonly tableName: string;
  readonly secrets: SecretsProvider;
  readonly log: AuditLog;
  readonly metrics: PartnerMetrics;
  /**
   * Partner base URLs (`PARTNER_<NAME>_BASE_URL`, `DEMO_PARTNER_URL`), `PARTNER_TIMEOUT_SCALE`,
   * `JOB_ANSWER_WITHIN_MS`.
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Given both, over-budget calls become jobs; the job worker passes neither. */
  readonly sqs?: SQSClient;
  readonly jobsQueueUrl?: string;
  readonly partners?: Readonly<Record<string, ConnectorDefinition>>;
  readonly fetch?: typeof fetch;
  /** How long this environment trusts its copy of a breaker before reading the shared one. */
  readonly breakerCacheMs?: number;
}

/** The real dependencies of `callPartner`, built once per Lambda environment. */
export function makePartnerDeps(options: PartnerDepsOptions): PartnerDeps {
  const { log, metrics } = options;
  const table = { dynamo: options.dynamo, tableName: options.tableName };
  return {
    partners: withScaledTimeouts(
      options.partners ?? partnerRegistry,
      partnerTimeoutScale(options.env),
    ),
    baseUrl: partnerBaseUrlFromEnv(options.env),
    secrets: options.secrets,
    fetch: options.fetch ?? fetch,
    now: Date.now,
    sleep: (ms) => sleep(ms),
    random: Math.random,
    newId: randomUUID,
    log,
    metrics,
    breakers: new CircuitBreakers({
      store: breakerStore(table),
      now: Date.now,
      cacheMs: options.breakerCacheMs ?? 2000,
      probeTimeoutMs: 10_000,
      onTransition(transition) {
        log.warn('circuit breaker transition', { audit: 'breaker', ...transition });
        metrics.count(
          `Breaker${transition.to === 'half-open' ? 'HalfOpen' : transition.to === 'open' ? 'Opened' : 'Closed'}`,
        );
      },
    }),
    state: createConnectorState(),
    jobAnswerWithinMs: jobAnswerWithinMs(options.env),
    pushedStates: entityStateStore(table),
    referenceRows: referenceRowsStore(table),
    ...(options.sqs &&
      options.jobsQueueUrl && {
        jobs: queuedJobSubmitter({
          jobs: jobStore(table),
          sqs: options.sqs,
          queueUrl: options.jobsQueueUrl,
        }),
      }),
  };
}

/** `JOB_ANSWER_WITHIN_MS`: digits, clamped to 10 s–10 min; anything else means the default. */
export function jobAnswerWithinMs(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.JOB_ANSWER_WITHIN_MS;
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) return defaultJobAnswerWithinMs;
  return Math.min(600_000, Math.max(10_000, Number(raw)));
}
