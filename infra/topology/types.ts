/**
 * The shape of a Switchboard deployment: functions, HTTP routes, queues, tables and secrets.
 * One value of this type is read by both the CDK stack and the local runtime, so the two
 * cannot drift apart.
 */

import type { ChannelName } from '#shared/conversation/types.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TableSpec {
  /** Logical name: CDK construct id, local table name, and the base of the env var. */
  readonly name: string;
  readonly partitionKey: { readonly name: string; readonly type: 'S' | 'N' };
  readonly sortKey?: { readonly name: string; readonly type: 'S' | 'N' };
  /** Attribute holding the Unix-seconds expiry DynamoDB TTL deletes on. */
  readonly timeToLiveAttribute: string;
}

export interface QueueSpec {
  readonly name: string;
  /** Must cover the consumer's timeout; AWS recommends at least 6× it. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives after which a message moves to `<name>-dlq`. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
  /** Age of the oldest message that raises an alarm; 5 minutes unless waiting is normal here. */
  readonly oldestMessageAlarmSeconds?: number;
}

export interface SecretSpec {
  /**
   * Secret name, as in `infra/local/secrets.json`; a stack not called `Switchboard` replaces its
   * `switchboard/` prefix with its own.
   */
  readonly name: string;
  readonly description: string;
  /**
   * The JSON the secret is created with: the shape its reader parses, with a random value in
   * `generatedKey` and empty values for what the operator fills in after the first deploy.
   */
  readonly initialShape?: {
    readonly template: Readonly<Record<string, string | readonly string[]>>;
    readonly generatedKey: string;
  };
}

/**
 * What a function may do with a table. Each level maps to an explicit action list so the
 * IAM grant stays least-privilege (see `tableActions`).
 */
export type TableAccess = 'read' | 'read-write' | 'idempotency';

export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway route path, `{name}` for a path parameter. */
  readonly path: string;
  /** Requests per second (and burst) this route accepts, so one route's flood leaves the others room. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

export interface QueueEventSourceSpec {
  readonly queue: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds?: number;
  /**
   * Upper bound on concurrent batches (Lambda's `maxConcurrency`, 2–1000), so a backlog on
   * this queue cannot take the concurrency the voice channels need.
   */
  readonly maxConcurrency?: number;
}

export interface FunctionSpec {
  readonly name: string;
  readonly description: string;
  /** Handler module path from the repository root, e.g. `functions/webhook-receiver/handler.ts`. */
  readonly entry: string;
  /** Exported handler name; defaults to `handler`. */
  readonly handler?: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly environment?: Readonly<Record<string, string>>;
  readonly tables?: Readonly<Record<string, TableAccess>>;
  /** Queues the function may send to. */
  readonly sendsTo?: readonly string[];
  /** Secret names the function may read. */
  readonly secrets?: readonly string[];
  readonly routes?: readonly RouteSpec[];
  readonly eventSource?: QueueEventSourceSpec;
  /** AWS services allowed to invoke the function directly (when configured for the stack). */
  readonly invokedBy?: readonly ('lex' | 'connect')[];
  /**
   * Bot channels whose turns this function answers; its p99 duration alarm uses the largest of
   * their default budgets.
   */
  readonly answers?: readonly ChannelName[];
}

export interface Topology {
  /** Prefix of service names, log groups and the metrics namespace. */
  readonly appName: string;
  readonly functions: readonly FunctionSpec[];
  readonly queues: readonly QueueSpec[];
  readonly tables: readonly TableSpec[];
  readonly secrets: readonly SecretSpec[];
}
