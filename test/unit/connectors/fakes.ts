/** Fakes for connector unit tests: scripted fetch, recorded logs and metrics, no I/O. */

import type { AuditLog } from '#shared/connectors/audit.ts';
import type { PartnerDeps } from '#shared/connectors/call-partner.ts';
import { CircuitBreakers, inMemoryBreakerStore } from '#shared/connectors/circuit-breaker.ts';
import { createConnectorState } from '#shared/connectors/connector-state.ts';
import type { PushedState } from '#shared/connectors/freshness.ts';
import type { ConnectorDefinition } from '#shared/connectors/types.ts';
import type { JobMessage } from '#shared/jobs/job.ts';
import { inMemorySecrets } from '#test/support/in-memory-secrets.ts';

// Node loads its fetch implementation on first use of `Response`; doing it at import keeps that
// one-off cost (seconds on a saturated machine) out of the first test's timeout.
new Response(null);

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

export type Reply =
  | { status: number; body?: unknown; text?: string; headers?: Record<string, string> }
  | 'hang';

/** Answers requests with `replies` in order (the last one repeats); `hang` waits for abort. */
export function scriptedFetch(
  respond: (request: RecordedRequest, index: number) => Reply,
): typeof fetch & { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fake = async (input: string | URL | Request, init: RequestInit = {}) => {
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      url: String(input),
      headers: { ...(init.headers as Record<string, string>) },
      body: init.body === undefined ? undefined : String(init.body),
    };
    requests.push(request);
    const reply = respond(request, requests.length - 1);
    if (reply === 'hang') {
      return new Promise<Response>((_, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
      });
    }
    const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    return new Response(reply.status === 204 ? null : text, {
      status: reply.status,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  };
  return Object.assign(fake as typeof fetch, { requests });
}

export function recordingLog(): AuditLog & {
  lines: { message: string; fields: Record<string, unknown> }[];
} {
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (message, fields) => lines.push({ message, fields }),
    warn: (message, fields) => lines.push({ message, fields }),
  };
}

export function testDeps(options: {
  partners: Record<string, ConnectorDefinition>;
  fetch: typeof fetch;
  secrets?: Record<string, unknown>;
  staleSecrets?: boolean;
  withJobs?: boolean;
  referenceRows?: Record<string, Record<string, unknown>>;
  /** Entity states as event-worker applied them, by entity key; `unreadable` makes reads fail. */
  pushed?: Map<string, PushedState> | 'unreadable';
}) {
  const log = recordingLog();
  const metrics: string[] = [];
  const sleeps: number[] = [];
  const jobs: JobMessage[] = [];
  const secrets = inMemorySecrets(options.secrets ?? {}, {
    staleUntilForced: options.staleSecrets ?? false,
  });
  const store = inMemoryBreakerStore();
  let ids = 0;
  const deps: PartnerDeps = {
    partners: options.partners,
    baseUrl: (partner) => `https://${partner}.partner.test/api`,
    secrets,
    fetch: options.fetch,
    now: Date.now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    newId: () => `id-${++ids}`,
    log,
    metrics: { count: (name) => metrics.push(name) },
    breakers: new CircuitBreakers({
      store,
      now: Date.now,
      cacheMs: 1000,
      probeTimeoutMs: 5000,
      onTransition: (transition) => log.warn('circuit breaker transition', { ...transition }),
    }),
    state: createConnectorState(),
    pushedStates: {
      latest: async (entity) => {
        if (options.pushed === 'unreadable') throw new Error('DynamoDB unavailable');
        return options.pushed?.get(entity);
      },
    },
    ...(options.withJobs && {
      jobs: {
        submit: async (job: JobMessage) => {
          jobs.push(job);
        },
      },
    }),
    ...(options.referenceRows && {
      referenceRows: {
        get: async (partition: string, key: string) =>
          options.referenceRows?.[`${partition}/${key}`],
      },
    }),
  };
  return { deps, log, metrics, sleeps, jobs, secrets, store };
}
