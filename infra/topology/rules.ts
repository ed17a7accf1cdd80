import type { FunctionSpec, TableAccess, Topology } from './types.ts';

/** Name of the dead-letter queue paired with every queue. */
export const deadLetterQueueName = (queue: string): string => `${queue}-dlq`;

/** DynamoDB actions each access level grants; Powertools idempotency needs exactly these four. */
export const tableActions: Readonly<Record<TableAccess, readonly string[]>> = {
  read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  'read-write': [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:BatchGetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
  idempotency: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
  ],
};

const envName = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();

/** Environment variable carrying a table's physical name, e.g. `CONVERSATION_STATE_TABLE`. */
export const tableEnvVar = (table: string): string => `${envName(table)}_TABLE`;

/** Environment variable carrying a queue's URL, e.g. `JOBS_QUEUE_URL`. */
export const queueEnvVar = (queue: string): string => `${envName(queue)}_QUEUE_URL`;

/**
 * The environment a function sees, the same in AWS and locally: its own variables, Powertools
 * settings, and one variable per table and queue it is allowed to use. `resolve*` turn a logical
 * name into the physical value (a CDK token in the stack, a local name or URL in the runtime).
 */
export function functionEnvironment(
  topology: Topology,
  fn: FunctionSpec,
  resolve: { tableName(table: string): string; queueUrl(queue: string): string },
): Record<string, string> {
  const env: Record<string, string> = {
    POWERTOOLS_SERVICE_NAME: fn.name,
    POWERTOOLS_METRICS_NAMESPACE: topology.appName,
    ...fn.environment,
  };
  for (const table of Object.keys(fn.tables ?? {})) {
    env[tableEnvVar(table)] = resolve.tableName(table);
  }
  for (const queue of fn.sendsTo ?? []) {
    env[queueEnvVar(queue)] = resolve.queueUrl(queue);
  }
  return env;
}

/**
 * Checks a topology for mistakes AWS would only report at deploy time (or never), and returns
 * every problem found; an empty list means the topology is consistent.
 */
export function topologyProblems(topology: Topology): string[] {
  const problems: string[] = [];
  const namesByKind: Array<[kind: string, names: readonly string[]]> = [
    ['function', topology.functions.map((fn) => fn.name)],
    ['queue', topology.queues.map((queue) => queue.name)],
    ['table', topology.tables.map((table) => table.name)],
    ['secret', topology.secrets.map((secret) => secret.name)],
    [
      'route',
      topology.functions.flatMap((fn) =>
        (fn.routes ?? []).map((route) => `${route.method} ${route.path}`),
      ),
    ],
  ];
  for (const [kind, names] of namesByKind) {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) problems.push(`${kind} "${name}" is declared twice`);
      seen.add(name);
    }
  }

  const queueNames = new Set(topology.queues.map((queue) => queue.name));
  const tableNames = new Set(topology.tables.map((table) => table.name));
  const secretNames = new Set(topology.secrets.map((secret) => secret.name));
  const consumers = new Map<string, string>();

  for (const fn of topology.functions) {
    if (!/^[a-z][a-z0-9-]{0,47}$/.test(fn.name)) {
      problems.push(`function "${fn.name}" needs a lower-case kebab-case name`);
    }
    if (fn.timeoutSeconds < 1 || fn.timeoutSeconds > 900) {
      problems.push(`function "${fn.name}" timeout must be 1–900 s`);
    }
    if (fn.memoryMb < 128 || fn.memoryMb > 10_240) {
      problems.push(`function "${fn.name}" memory must be 128–10240 MB`);
    }
    for (const table of Object.keys(fn.tables ?? {})) {
      if (!tableNames.has(table))
        problems.push(`function "${fn.name}" uses unknown table "${table}"`);
    }
    for (const queue of fn.sendsTo ?? []) {
      if (!queueNames.has(queue))
        problems.push(`function "${fn.name}" sends to unknown queue "${queue}"`);
    }
    for (const secret of fn.secrets ?? []) {
      if (!secretNames.has(secret))
        problems.push(`function "${fn.name}" reads unknown secret "${secret}"`);
    }
    for (const route of fn.routes ?? []) {
      if (!route.path.startsWith('/')) problems.push(`route "${route.path}" must start with "/"`);
    }
    const source = fn.eventSource;
    if (source) {
      const queue = topology.queues.find((candidate) => candidate.name === source.queue);
      if (!queue) {
        problems.push(`function "${fn.name}" consumes unknown queue "${source.queue}"`);
      } else if (queue.visibilityTimeoutSeconds < fn.timeoutSeconds) {
        // Lambda refuses an event source whose queue could hand a batch out again mid-run.
        problems.push(
          `queue "${queue.name}" visibility timeout (${queue.visibilityTimeoutSeconds} s) is shorter than the timeout of its consumer "${fn.name}" (${fn.timeoutSeconds} s)`,
        );
      }
      const other = consumers.get(source.queue);
      if (other)
        problems.push(`queue "${source.queue}" is consumed by both "${other}" and "${fn.name}"`);
      consumers.set(source.queue, fn.name);
      if (source.batchSize < 1 || source.batchSize > 10_000) {
        problems.push(`function "${fn.name}" batch size must be 1–10000`);
      }
      if (
        source.maxConcurrency !== undefined &&
        (source.maxConcurrency < 2 || source.maxConcurrency > 1000)
      ) {
        problems.push(`function "${fn.name}" event source maxConcurrency must be 2–1000`);
      }
    }
  }
  for (const queue of topology.queues) {
    if (queue.maxReceiveCount < 1) problems.push(`queue "${queue.name}" needs maxReceiveCount ≥ 1`);
  }
  return problems;
}

/** Throws one error listing every problem, so a broken topology never reaches CDK or the runtime. */
export function assertValidTopology(topology: Topology): void {
  const problems = topologyProblems(topology);
  if (problems.length > 0) {
    throw new Error(`Invalid topology:\n- ${problems.join('\n- ')}`);
  }
}
