import { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { deadLetterQueueName } from '#infra/topology/rules.ts';
import { switchboardTopology } from '#infra/topology/switchboard.ts';
import { testTopology } from '#test/fixtures/runtime/topology.ts';
import { type Synthesized, synthesize } from './stack-synth.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

const lexBotAliasArn = 'arn:aws:lex:eu-west-1:123456789012:bot-alias/BOTID12345/ALIASID123';
const connectInstanceArn =
  'arn:aws:connect:eu-west-1:123456789012:instance/4f1e2c3d-aaaa-bbbb-cccc-1234567890ab';

let production: Synthesized;
let fixture: Synthesized;

beforeAll(() => {
  production = synthesize(switchboardTopology);
  fixture = synthesize(testTopology, { lexBotAliasArn, connectInstanceArn });
});

const resourcesOf = (synthesized: Synthesized, type: string): Record<string, Resource> =>
  synthesized.template.findResources(type) as Record<string, Resource>;

function logicalId(synthesized: Synthesized, construct: IConstruct | undefined): string {
  const resource = construct?.node.defaultChild;
  if (!(resource instanceof CfnElement)) throw new Error('no such resource');
  return synthesized.stack.getLogicalId(resource);
}

const functionId = (synthesized: Synthesized, name: string): string =>
  logicalId(synthesized, synthesized.stack.functions.get(name)?.function);

/** Every IAM statement attached to a function's execution role. */
function statementsOf(synthesized: Synthesized, name: string): Statement[] {
  const roleId = logicalId(synthesized, synthesized.stack.functions.get(name)?.role);
  return Object.values(resourcesOf(synthesized, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
}

const actionsOf = (statements: Statement[]): string[] =>
  statements.flatMap((statement) => [statement.Action].flat());

function secretId(synthesized: Synthesized, name: string): string {
  const entry = Object.entries(resourcesOf(synthesized, 'AWS::SecretsManager::Secret')).find(
    ([, secret]) => secret.Properties.Name === name,
  );
  if (!entry) throw new Error(`no secret ${name}`);
  return entry[0];
}

const secretsReadableBy = (
  synthesized: Synthesized,
  fn: string,
  candidates: string[],
): string[] => {
  const readable = JSON.stringify(
    statementsOf(synthesized, fn).filter((statement) =>
      actionsOf([statement]).includes('secretsmanager:GetSecretValue'),
    ),
  );
  return candidates.filter((name) => readable.includes(`"${secretId(synthesized, name)}"`));
};

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['the Switchboard topology', () => production],
    ['a topology using every feature', () => fixture],
  ])(
    'passes for %s, every acknowledgement with a reason',
    (_, get) => {
      const synthesized = get();
      expect(() => synthesized.app.synth()).not.toThrow();
      const reasons = synthesized.stack.node
        .findAll()
        .flatMap((construct) => construct.node.metadata)
        .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
        .flatMap((entry) => Object.values(entry.data as Record<string, string>));
      expect(reasons.length).toBeGreaterThan(0);
      for (const reason of reasons) expect(reason.length).toBeGreaterThan(40);
    },
    180_000,
  );
});

describe('the Switchboard stack', () => {
  it('has the three queues, each with a DLQ that receives after maxReceiveCount', () => {
    const queues = resourcesOf(production, 'AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(6);
    for (const spec of switchboardTopology.queues) {
      const deadLetterId = logicalId(
        production,
        production.stack.queues.get(deadLetterQueueName(spec.name)),
      );
      production.template.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterId, 'Arn'] },
          maxReceiveCount: spec.maxReceiveCount,
        },
      });
      expect(queues[deadLetterId]?.Properties).toMatchObject({
        MessageRetentionPeriod: 14 * 24 * 3600,
        SqsManagedSseEnabled: true,
      });
    }
    // Every queue refuses requests without TLS.
    const policies = Object.values(resourcesOf(production, 'AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(6);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('keeps every queue visible for at least six times its consumer timeout', () => {
    for (const fn of switchboardTopology.functions) {
      const queue = switchboardTopology.queues.find(
        (candidate) => candidate.name === fn.eventSource?.queue,
      );
      if (queue)
        expect(queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * fn.timeoutSeconds);
    }
  });

  it('has both tables on demand, with TTL, point-in-time recovery, and retained on delete', () => {
    const tables = Object.values(resourcesOf(production, 'AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(2);
    for (const spec of switchboardTopology.tables) {
      const table = tables.find((candidate) =>
        JSON.stringify(candidate.Properties.TimeToLiveSpecification).includes(
          spec.timeToLiveAttribute,
        ),
      );
      expect(table?.DeletionPolicy).toBe('Retain');
      expect(table?.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        KeySchema: expect.arrayContaining([
          { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
        ]),
      });
    }
  });

  it('creates one secret per partner credential, under the names the local secrets file uses', () => {
    const names = Object.values(resourcesOf(production, 'AWS::SecretsManager::Secret')).map(
      (secret) => secret.Properties.Name,
    );
    expect(names.sort()).toEqual(switchboardTopology.secrets.map((secret) => secret.name).sort());
    expect(names).toContain('switchboard/shop/api');
    expect(names).toContain('switchboard/shop/webhooks');
  });

  it('fronts the routes with an HTTP API stage that throttles and writes access logs', () => {
    production.template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    production.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    production.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: Match.anyValue(),
        ThrottlingBurstLimit: Match.anyValue(),
      },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('requestId'),
      },
    });
    production.template.hasOutput('HttpApiUrl', {});
    production.template.hasOutput('PartnerSecretNames', {});
  });

  it.each([
    ['the Switchboard topology', () => production, switchboardTopology],
    ['a topology using every feature', () => fixture, testTopology],
  ])(
    'builds every function of %s on Node 24, ARM64, with its limits and an ARN output',
    (_, get, topology) => {
      const synthesized = get();
      const functions = resourcesOf(synthesized, 'AWS::Lambda::Function');
      expect(Object.keys(functions)).toHaveLength(topology.functions.length);
      for (const spec of topology.functions) {
        const fn = functions[functionId(synthesized, spec.name)];
        expect(fn?.Properties).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          MemorySize: spec.memoryMb,
          Timeout: spec.timeoutSeconds,
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
          Environment: {
            Variables: expect.objectContaining({
              POWERTOOLS_SERVICE_NAME: spec.name,
              NODE_OPTIONS: '--enable-source-maps',
              ...spec.environment,
            }),
          },
        });
        const outputs = synthesized.template.findOutputs('*');
        expect(
          Object.values(outputs).some((output) =>
            String(output.Description).startsWith(`ARN of ${spec.name}`),
          ),
        ).toBe(true);
      }
      for (const logGroup of Object.values(resourcesOf(synthesized, 'AWS::Logs::LogGroup'))) {
        expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
      }
    },
  );
});

describe('a stack generated from a topology', () => {
  it('consumes queues with ReportBatchItemFailures and the declared batching', () => {
    fixture.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    fixture.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId(fixture, 'recorder') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('lets a function read only the secrets it declares', () => {
    const all = ['test/api', 'test/webhooks'];
    expect(secretsReadableBy(fixture, 'echo', all)).toEqual(['test/webhooks']);
    expect(secretsReadableBy(fixture, 'recorder', all)).toEqual(['test/api']);
    expect(secretsReadableBy(fixture, 'thrower', all)).toEqual([]);
  });

  it('grants table actions by declared access level, and never Scan', () => {
    const dynamoDbActions = (fn: string) =>
      actionsOf(statementsOf(fixture, fn)).filter((action) => action.startsWith('dynamodb:'));
    expect(dynamoDbActions('echo').sort()).toEqual(
      ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'].sort(),
    );
    expect(dynamoDbActions('recorder')).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']),
    );
    for (const fn of testTopology.functions)
      expect(dynamoDbActions(fn.name)).not.toContain('dynamodb:Scan');
    expect(dynamoDbActions('sleeper')).toEqual([]);
  });

  it('lets only declared senders send to a queue', () => {
    const senders = testTopology.functions
      .map((fn) => fn.name)
      .filter((fn) => actionsOf(statementsOf(fixture, fn)).includes('sqs:SendMessage'));
    expect(senders).toEqual(['recorder']);
  });

  it('gives a function without resources nothing but its own log group', () => {
    const statements = statementsOf(fixture, 'sleeper');
    const actions = actionsOf(statements).filter((action) => !action.startsWith('xray:'));
    expect(actions.every((action) => action.startsWith('logs:'))).toBe(true);
  });

  it('routes each declared path to its function', () => {
    const routeKeys = Object.values(resourcesOf(fixture, 'AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey,
    );
    expect(routeKeys.sort()).toEqual([
      'GET /echo',
      'GET /files/{path+}',
      'POST /echo/{name}',
      'POST /fail',
    ]);
  });

  it('lets the configured Lex bot alias and Connect instance invoke the live alias of the functions that declare them', () => {
    const liveAlias = logicalId(fixture, fixture.stack.functions.get('echo')?.live);
    fixture.template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'lexv2.amazonaws.com',
      SourceArn: lexBotAliasArn,
      FunctionName: { Ref: liveAlias },
    });
    fixture.template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'connect.amazonaws.com',
      SourceArn: connectInstanceArn,
    });
    fixture.template.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      InstanceId: connectInstanceArn,
      IntegrationType: 'LAMBDA_FUNCTION',
      IntegrationArn: { Ref: liveAlias },
    });
    const permissions = Object.values(resourcesOf(fixture, 'AWS::Lambda::Permission')).filter(
      (permission) =>
        ['lexv2.amazonaws.com', 'connect.amazonaws.com'].includes(
          String(permission.Properties.Principal),
        ),
    );
    expect(permissions).toHaveLength(2);
  });

  it('grants Lex and Connect nothing when the stack is not told about them', () => {
    const unwired = synthesize(testTopology);
    const principals = Object.values(resourcesOf(unwired, 'AWS::Lambda::Permission')).map(
      (permission) => permission.Properties.Principal,
    );
    expect(principals).not.toContain('lexv2.amazonaws.com');
    expect(principals).not.toContain('connect.amazonaws.com');
    unwired.template.resourceCountIs('AWS::Connect::IntegrationAssociation', 0);
  });
});
