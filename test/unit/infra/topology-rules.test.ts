import { describe, expect, it } from 'vitest';
import {
  functionEnvironment,
  queueEnvVar,
  tableActions,
  tableEnvVar,
  topologyProblems,
} from '#infra/topology/rules.ts';
import { switchboardTopology } from '#infra/topology/switchboard.ts';
import type { FunctionSpec, Topology } from '#infra/topology/types.ts';
import { testTopology } from '#test/fixtures/runtime/topology.ts';

const contractNames = [
  'lex-fulfillment',
  'connect-fulfillment',
  'http-fulfillment',
  'webhook-receiver',
  'event-worker',
  'job-worker',
  'outbound-dispatcher',
];

const withFunction = (overrides: Partial<FunctionSpec>): Topology => ({
  ...testTopology,
  functions: [
    {
      name: 'worker',
      description: 'test',
      entry: 'functions/worker/handler.ts',
      memoryMb: 256,
      timeoutSeconds: 10,
      ...overrides,
    },
  ],
});

describe('the Switchboard topology', () => {
  it('is consistent', () => {
    expect(topologyProblems(switchboardTopology)).toEqual([]);
  });

  it('uses only the function names of the design contract', () => {
    for (const fn of switchboardTopology.functions) expect(contractNames).toContain(fn.name);
  });

  it('declares the events, jobs and outbound queues and both tables', () => {
    expect(switchboardTopology.queues.map((queue) => queue.name)).toEqual([
      'events',
      'jobs',
      'outbound',
    ]);
    expect(switchboardTopology.tables.map((table) => table.name)).toEqual([
      'ConversationState',
      'Idempotency',
    ]);
  });
});

describe('topology checks', () => {
  it('accepts the full-feature test topology', () => {
    expect(topologyProblems(testTopology)).toEqual([]);
  });

  it('reports references to undeclared resources', () => {
    expect(
      topologyProblems(
        withFunction({
          tables: { Nope: 'read' },
          sendsTo: ['nowhere'],
          secrets: ['missing/secret'],
        }),
      ),
    ).toEqual([
      'function "worker" uses unknown table "Nope"',
      'function "worker" sends to unknown queue "nowhere"',
      'function "worker" reads unknown secret "missing/secret"',
    ]);
  });

  it('refuses a consumer whose timeout outlasts its queue visibility timeout', () => {
    expect(
      topologyProblems(
        withFunction({ timeoutSeconds: 30, eventSource: { queue: 'work', batchSize: 1 } }),
      ),
    ).toEqual([
      'queue "work" visibility timeout (5 s) is shorter than the timeout of its consumer "worker" (30 s)',
    ]);
  });

  it('refuses duplicate routes and Lambda limits out of range', () => {
    const problems = topologyProblems({
      ...testTopology,
      functions: [
        ...testTopology.functions,
        {
          name: 'Bad_Name',
          description: 'test',
          entry: 'x.ts',
          memoryMb: 64,
          timeoutSeconds: 901,
          routes: [{ method: 'POST', path: '/fail' }],
        },
      ],
    });
    expect(problems).toEqual([
      'route "POST /fail" is declared twice',
      'function "Bad_Name" needs a lower-case kebab-case name',
      'function "Bad_Name" timeout must be 1–900 s',
      'function "Bad_Name" memory must be 128–10240 MB',
    ]);
  });
});

describe('function environment', () => {
  it('names tables and queues the same way for CDK and the local runtime', () => {
    expect(tableEnvVar('ConversationState')).toBe('CONVERSATION_STATE_TABLE');
    expect(queueEnvVar('jobs')).toBe('JOBS_QUEUE_URL');
    const recorder = testTopology.functions.find((fn) => fn.name === 'recorder') as FunctionSpec;
    expect(
      functionEnvironment(testTopology, recorder, {
        tableName: (name) => `physical-${name}`,
        queueUrl: (name) => `https://sqs/${name}`,
      }),
    ).toEqual({
      POWERTOOLS_SERVICE_NAME: 'recorder',
      POWERTOOLS_METRICS_NAMESPACE: 'SwitchboardTest',
      RECORDS_TABLE: 'physical-Records',
      WORK_QUEUE_URL: 'https://sqs/work',
    });
  });

  it('grants the idempotency table exactly what Powertools idempotency needs', () => {
    expect([...tableActions.idempotency].sort()).toEqual(
      ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'].sort(),
    );
  });
});
