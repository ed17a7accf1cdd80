/**
 * The declarative shape of a partner connector: data that the core in `call-partner.ts` reads,
 * so adding a partner (a folder in `shared/partners/`) never changes the core.
 */
import type * as z from 'zod';

/** Why a partner call failed, as skills and job records see it. */
export const partnerErrorCodes = [
  'auth',
  'timeout',
  'rate-limited',
  'unavailable',
  'circuit-open',
  'invalid-response',
  'not-found',
  'bad-request',
  'conflict',
  'misconfigured',
] as const;
export type PartnerErrorCode = (typeof partnerErrorCodes)[number];

export interface PartnerError {
  readonly code: PartnerErrorCode;
  /** Redacted: safe to log and to store on a job record. */
  readonly message: string;
  readonly httpStatus?: number;
  /** What the partner asked us to wait before retrying, when it said so. */
  readonly retryAfterMs?: number;
}

export type PartnerResult<T> =
  | { readonly kind: 'ok'; readonly value: T; readonly cacheHit: boolean }
  | { readonly kind: 'pending'; readonly jobId: string }
  | { readonly kind: 'failed'; readonly error: PartnerError };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type AuthSpec =
  /** Secret `{ token }`, sent as `Authorization: Bearer`. */
  | { readonly kind: 'bearer' }
  /** Secret `{ apiKey }`, sent in `header`. */
  | { readonly kind: 'api-key'; readonly header: string }
  /** Secret `{ clientId, clientSecret }`; tokens from `tokenPath` (relative to the base URL). */
  | {
      readonly kind: 'oauth2-client-credentials';
      readonly tokenPath: string;
      readonly scope?: string;
    }
  /** Secret `{ keyId, signingSecret }`: HMAC-SHA256 over method, target, timestamp and body. */
  | { readonly kind: 'hmac-signed' }
  /** Secret `{ username, password }`. */
  | { readonly kind: 'basic' }
  | { readonly kind: 'none' };

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface BreakerSettings {
  /** Failures (timeouts, 5xx, connection errors) within `windowMs` that open the breaker. */
  readonly failureThreshold: number;
  readonly windowMs: number;
  /** How long the breaker stays open before one probe may go through. */
  readonly openMs: number;
}

export interface RateLimitSettings {
  readonly requestsPerSecond: number;
  readonly burst: number;
}

interface OperationCommon<Input, Output> {
  /** Validates the caller's input; job messages are re-validated with it too. */
  readonly input: z.ZodType<Input>;
  readonly response: z.ZodType<Output>;
  /** Per-attempt timeout during a live turn. */
  readonly timeoutMs: number;
  /** Per-attempt timeout when `job-worker` performs the call; defaults to 4 × `timeoutMs`. */
  readonly jobTimeoutMs?: number;
  /** Read operations may be cached; repeated questions in one conversation skip the partner. */
  readonly cacheTtlMs?: number;
  readonly retry?: RetryPolicy;
  /**
   * Whether a call that cannot finish before the deadline becomes a job. Only operations whose
   * late answer is still useful (a booking, a slow lookup) opt in.
   */
  readonly deferrable?: boolean;
  /** For an answer about one entity that partner events update: see `freshness.ts`. */
  readonly freshness?: Freshness<Input, Output>;
}

/** How an answer about one event-driven entity is kept no older than the events applied to it. */
export interface Freshness<Input, Output> {
  /** The entity the answer is about, as its partner's event planner names it (`order#12345`). */
  readonly entity: (input: Input) => string;
  /** The answer's place in the entity's history, in the planner's version form. */
  readonly version: (answer: Output) => string;
  /** The answer with a newer pushed state laid over it; undefined when that state cannot be used. */
  readonly withPushed: (
    answer: Output,
    pushed: { readonly version: string; readonly state: Readonly<Record<string, unknown>> },
  ) => Output | undefined;
}

export interface RestOperation<Input, Output> extends OperationCommon<Input, Output> {
  readonly kind: 'rest';
  readonly method: HttpMethod;
  /** Path relative to the partner's base URL, query string included. */
  readonly path: (input: Input) => string;
  readonly body?: (input: Input) => unknown;
  /**
   * Sends an `Idempotency-Key` (the same one on every attempt and in the job), which makes a
   * POST safe to retry.
   */
  readonly idempotencyKey?: boolean;
}

export interface GraphqlOperation<Input, Output> extends OperationCommon<Input, Output> {
  readonly kind: 'graphql';
  /** Endpoint path relative to the partner's base URL. */
  readonly path: string;
  readonly query: string;
  readonly variables: (input: Input) => Record<string, unknown>;
  /** Picks the answer out of `data`; `null` means the partner has no such record. */
  readonly select: (data: Record<string, unknown>) => unknown;
}

export interface TableOperation<Input, Output> extends OperationCommon<Input, Output> {
  readonly kind: 'table';
  /** Partition of ConversationState holding the reference rows, e.g. `reference#store-hours`. */
  readonly partition: string;
  readonly rowKey: (input: Input) => string;
}

export type PartnerOperation<Input = unknown, Output = unknown> =
  | RestOperation<Input, Output>
  | GraphqlOperation<Input, Output>
  | TableOperation<Input, Output>;

/** How Switchboard calls one partner: the `connector` of its folder under `shared/partners/`. */
export interface ConnectorDefinition {
  readonly name: string;
  readonly auth: AuthSpec;
  /** Secret holding the API credentials (`switchboard/<partner>/api`). */
  readonly secretName?: string;
  readonly retry: RetryPolicy;
  readonly breaker: BreakerSettings;
  readonly rateLimit?: RateLimitSettings;
  // biome-ignore lint/suspicious/noExplicitAny: operations vary in input and output types
  readonly operations: Readonly<Record<string, PartnerOperation<any, any>>>;
}

/** Keeps each operation's input and output types while checking the shape. */
export function defineOperation<Input, Output>(
  operation: PartnerOperation<Input, Output>,
): PartnerOperation<Input, Output> {
  return operation;
}

/** A connector as a partner folder writes it; `definePartner` adds its name and secret. */
export type ConnectorSpec = Omit<ConnectorDefinition, 'name' | 'secretName'>;

export function defineConnector<const Spec extends ConnectorSpec>(spec: Spec): Spec {
  return spec;
}

export type InputOf<Operation> = Operation extends { readonly input: z.ZodType<infer Input> }
  ? Input
  : never;
export type OutputOf<Operation> = Operation extends { readonly response: z.ZodType<infer Output> }
  ? Output
  : never;
