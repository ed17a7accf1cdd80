/**
 * What the console shows of the functions' work, read from the structured (Powertools JSON) lines
 * they already log: partner calls (`audit: "partner-call"`), breaker transitions, webhook
 * answers, jobs and outbound delivery attempts. Reading logs keeps the functions unaware of the
 * console, exactly as they run in Lambda.
 */

export type Activity =
  | {
      readonly kind: 'partner-call';
      readonly partner: string;
      readonly operation: string;
      readonly status: string;
      readonly latencyMs?: number;
      readonly attempts?: number;
      readonly breakerState?: string;
      readonly cacheHit?: boolean;
      readonly errorCode?: string;
      readonly jobId?: string;
    }
  | {
      readonly kind: 'breaker';
      readonly partner?: string;
      readonly operation?: string;
      readonly from?: string;
      readonly to?: string;
    }
  | {
      readonly kind: 'webhook-in';
      readonly partner: string;
      readonly answer: 'accepted' | 'duplicate' | 'rejected';
      readonly reason?: string;
      readonly eventId?: string;
      readonly type?: string;
    }
  | { readonly kind: 'event-applied'; readonly partner?: string; readonly type?: string }
  | {
      readonly kind: 'job';
      readonly jobId: string;
      readonly partner?: string;
      readonly operation?: string;
      readonly status: string;
    }
  | {
      readonly kind: 'outbound';
      readonly endpoint?: string;
      readonly eventId?: string;
      readonly attempt?: number;
      readonly result: string;
      readonly status?: number;
    };

export type TimedActivity = Activity & {
  readonly at: string;
  readonly functionName: string;
  readonly seq: number;
};

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const bool = (value: unknown): boolean | undefined =>
  typeof value === 'boolean' ? value : undefined;

/** Drops absent fields, so events carry only what the line said. */
function defined(value: Activity): Activity {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Activity;
}

const rejections: Readonly<Record<string, string>> = {
  'webhook rejected': 'signature',
  'webhook event type not accepted': 'unknown event type',
  'webhook payload invalid': 'payload does not match its schema',
  'webhook from a source outside the allow-list': 'source not allowed',
};

const outboundResults: Readonly<Record<string, string>> = {
  'outbound webhook delivered': 'delivered',
  'outbound webhook attempt failed': 'attempt failed',
  'outbound webhook retry scheduled': 'retry scheduled',
  'outbound webhook attempts exhausted': 'attempts exhausted',
  'outbound webhook dropped: subscription disabled': 'dropped (endpoint disabled)',
  'outbound subscription disabled by 410': 'endpoint disabled (410)',
};

/** The activity one log line reports, or undefined for every other line. */
export function parseActivity(line: string): Activity | undefined {
  if (!line.startsWith('{')) return undefined;
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    entry = parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const message = str(entry.message);
  if (entry.audit === 'partner-call') {
    return defined({
      kind: 'partner-call',
      partner: str(entry.partner) ?? '?',
      operation: str(entry.operation) ?? '?',
      status: str(entry.status) ?? '?',
      latencyMs: num(entry.latencyMs),
      attempts: num(entry.attempts),
      breakerState: str(entry.breakerState),
      cacheHit: bool(entry.cacheHit),
      errorCode: str(entry.errorCode),
      jobId: str(entry.jobId),
    });
  }
  if (entry.audit === 'breaker') {
    return defined({
      kind: 'breaker',
      partner: str(entry.partner),
      operation: str(entry.operation),
      from: str(entry.from),
      to: str(entry.to),
    });
  }
  if (message === 'webhook accepted') {
    return defined({
      kind: 'webhook-in',
      partner: str(entry.partner) ?? '?',
      answer: entry.outcome === 'duplicate' ? 'duplicate' : 'accepted',
      eventId: str(entry.eventId),
      type: str(entry.type),
    });
  }
  const rejection = message === undefined ? undefined : rejections[message];
  if (rejection !== undefined) {
    return defined({
      kind: 'webhook-in',
      partner: str(entry.partner) ?? '?',
      answer: 'rejected',
      reason: str(entry.reason) ?? rejection,
      eventId: str(entry.eventId),
      type: str(entry.type),
    });
  }
  if (message === 'event applied') {
    return defined({ kind: 'event-applied', partner: str(entry.partner), type: str(entry.type) });
  }
  if (message === 'job finished' && typeof entry.jobId === 'string') {
    return defined({
      kind: 'job',
      jobId: entry.jobId,
      partner: str(entry.partner),
      operation: str(entry.operation),
      status: str(entry.status) ?? '?',
    });
  }
  const outbound = message === undefined ? undefined : outboundResults[message];
  if (outbound !== undefined) {
    return defined({
      kind: 'outbound',
      endpoint: str(entry.endpoint),
      eventId: str(entry.eventId),
      attempt: num(entry.attempt),
      result: outbound,
      status: num(entry.status),
    });
  }
  return undefined;
}
