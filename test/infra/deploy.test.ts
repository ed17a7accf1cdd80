import { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ContactFlow,
  contactFlowProblems,
  switchboardContactFlow,
} from '#infra/stack/connect-flow.ts';
import { lexLocaleIds, lexSlotTypes, referencedSlots } from '#infra/stack/lex-bot.ts';
import { switchboardTopology } from '#infra/topology/switchboard.ts';
import { sensitiveSlots, skills } from '#shared/skills/index.ts';
import { type Synthesized, synthesize } from './stack-synth.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

const connectInstanceArn =
  'arn:aws:connect:eu-west-1:123456789012:instance/4f1e2c3d-aaaa-bbbb-cccc-1234567890ab';
const connectQueueArn = `${connectInstanceArn}/queue/0a1b2c3d-1111-2222-3333-444455556666`;

let deployed: Synthesized;
let staging: Synthesized;

beforeAll(() => {
  deployed = synthesize(switchboardTopology, {
    lexBot: { skills: Object.values(skills), sensitiveSlots },
    connectInstanceArn,
    connectQueueArn,
    alarmEmail: 'oncall@example.com',
    chatAllowedOrigins: ['https://www.example.com'],
    voiceReservedConcurrency: 30,
    queueMaxConcurrency: { jobs: 7 },
    webhookSourceCidrs: { payments: ['203.0.113.0/24'] },
  });
  staging = synthesize(switchboardTopology, {}, 'Switchboard-Staging');
});

const resourcesOf = (synthesized: Synthesized, type: string): Record<string, Resource> =>
  synthesized.template.findResources(type) as Record<string, Resource>;

const only = (synthesized: Synthesized, type: string): Resource => {
  const found = Object.values(resourcesOf(synthesized, type));
  expect(found).toHaveLength(1);
  return found[0] as Resource;
};

const liveAliasId = (synthesized: Synthesized, name: string): string => {
  const alias = synthesized.stack.functions.get(name)?.live?.node.defaultChild;
  if (!alias) throw new Error(`${name} has no live alias`);
  return synthesized.stack.resolve((alias as unknown as { logicalId: string }).logicalId);
};

describe('cdk-nag AwsSolutions with every option on', () => {
  it('passes, every acknowledgement with a reason', () => {
    expect(() => deployed.app.synth()).not.toThrow();
    const reasons = deployed.stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.values(entry.data as Record<string, string>));
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(40);
  }, 180_000);
});

describe('the Lex V2 bot', () => {
  type BotLocale = {
    LocaleId: string;
    Intents: {
      Name: string;
      ParentIntentSignature?: string;
      SampleUtterances?: { Utterance: string }[];
      Slots?: { Name: string; SlotTypeName: string; ObfuscationSetting?: unknown }[];
      DialogCodeHook?: { Enabled: boolean };
      FulfillmentCodeHook?: { Enabled: boolean };
    }[];
  };
  const locales = () =>
    only(deployed, 'AWS::Lex::Bot').Properties.BotLocales as unknown as BotLocale[];

  it('has every Switchboard locale Lex V2 supports, and no other', () => {
    expect(locales().map((locale) => locale.LocaleId)).toEqual(['en_US', 'pl_PL', 'zh_CN']);
    expect(lexLocaleIds['ru-RU']).toBeUndefined();
  });

  it('has one intent per skill whose utterances are the skill’s own, the chat matcher’s source', () => {
    for (const locale of locales()) {
      const switchboardLocale = Object.entries(lexLocaleIds).find(
        ([, id]) => id === locale.LocaleId,
      )?.[0] as keyof (typeof skills)[string]['utterances'];
      expect(locale.Intents.map((intent) => intent.Name).sort()).toEqual(
        Object.keys(skills).sort(),
      );
      for (const skill of Object.values(skills)) {
        const intent = locale.Intents.find((candidate) => candidate.Name === skill.name);
        if (skill.name === 'FallbackIntent') {
          expect(intent?.ParentIntentSignature).toBe('AMAZON.FallbackIntent');
          expect(intent?.FulfillmentCodeHook).toEqual({ Enabled: true });
          continue;
        }
        expect(intent?.SampleUtterances?.map((sample) => sample.Utterance)).toEqual(
          skill.utterances[switchboardLocale],
        );
        expect(intent?.DialogCodeHook).toEqual({ Enabled: true });
        expect(intent?.FulfillmentCodeHook).toEqual({ Enabled: true });
        expect(intent?.Slots?.map((slot) => slot.Name) ?? []).toEqual(skill.slots);
        for (const slot of intent?.Slots ?? []) {
          expect(slot.SlotTypeName).toBe(lexSlotTypes[slot.Name]);
          expect(slot.ObfuscationSetting !== undefined).toBe(sensitiveSlots.has(slot.Name));
        }
      }
    }
  });

  it('only refers to slots an intent has, and no utterance belongs to two intents', () => {
    for (const locale of locales()) {
      const seen = new Map<string, string>();
      for (const intent of locale.Intents) {
        const slots = new Set((intent.Slots ?? []).map((slot) => slot.Name));
        for (const { Utterance } of intent.SampleUtterances ?? []) {
          for (const slot of referencedSlots(Utterance)) expect(slots).toContain(slot);
          expect(seen.get(Utterance.toLowerCase()), Utterance).toBeUndefined();
          seen.set(Utterance.toLowerCase(), intent.Name);
        }
      }
    }
  });

  it('versions the definition and calls lex-fulfillment’s live alias from its alias, which may invoke it', () => {
    const live = liveAliasId(deployed, 'lex-fulfillment');
    deployed.template.resourceCountIs('AWS::Lex::BotVersion', 1);
    const alias = only(deployed, 'AWS::Lex::BotAlias');
    const settings = alias.Properties.BotAliasLocaleSettings as {
      LocaleId: string;
      BotAliasLocaleSetting: { Enabled: boolean; CodeHookSpecification: unknown };
    }[];
    expect(settings.map((setting) => setting.LocaleId)).toEqual(['en_US', 'pl_PL', 'zh_CN']);
    for (const setting of settings) {
      expect(setting.BotAliasLocaleSetting).toEqual({
        Enabled: true,
        CodeHookSpecification: {
          LambdaCodeHook: { LambdaArn: { Ref: live }, CodeHookInterfaceVersion: '1.0' },
        },
      });
    }
    expect(alias.Properties.BotVersion).toEqual({
      'Fn::GetAtt': [expect.any(String), 'BotVersion'],
    });
    const aliasId = Object.keys(resourcesOf(deployed, 'AWS::Lex::BotAlias'))[0];
    deployed.template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'lexv2.amazonaws.com',
      FunctionName: { Ref: live },
      SourceArn: { 'Fn::GetAtt': [aliasId, 'Arn'] },
    });
  });

  it('is not built unless asked for', () => {
    staging.template.resourceCountIs('AWS::Lex::Bot', 0);
  });
});

describe('the Amazon Connect sample flow', () => {
  const functionArn = 'arn:aws:lambda:eu-west-1:123456789012:function:connect-fulfillment:live';
  const flow = switchboardContactFlow({
    functionArn,
    queueArn: connectQueueArn,
    disconnectFlowArn: `${connectInstanceArn}/contact-flow/disconnect`,
  });

  it('resolves every block reference and branch, and calls only the given function', () => {
    expect(contactFlowProblems(flow, functionArn)).toEqual([]);
    expect(contactFlowProblems(flow, `${functionArn}-other`)).toContain(
      'action "invoke-order" invokes another function',
    );
  });

  it('finds a dangling branch and an unreachable block', () => {
    const broken: ContactFlow = {
      ...flow,
      Actions: [
        ...flow.Actions.filter((action) => action.Identifier !== 'say-pending'),
        { Identifier: 'orphan', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ],
    };
    expect(contactFlowProblems(broken, functionArn)).toEqual(
      expect.arrayContaining([
        'action "route-outcome" goes to "say-pending", which does not exist',
        'action "orphan" is never reached',
      ]),
    );
  });

  it('branches on every outcome, loops pending → wait → poll, and hands off to the queue', () => {
    const action = (id: string) => flow.Actions.find((candidate) => candidate.Identifier === id);
    const operands = action('route-outcome')?.Transitions.Conditions?.map(
      (condition) => condition.Condition.Operands[0],
    );
    expect(operands?.sort()).toEqual([
      'elicit',
      'failed',
      'fulfilled',
      'handoff',
      'idle',
      'pending',
    ]);
    // Nothing left to say: no empty prompt is played, the call ends.
    const idle = action('route-outcome')?.Transitions.Conditions?.find(
      (condition) => condition.Condition.Operands[0] === 'idle',
    );
    expect(idle?.NextAction).toBe('end');
    expect(action('say-pending')?.Transitions.NextAction).toBe('polls-left');
    expect(action('wait')?.Transitions.NextAction).toBe('invoke-poll');
    expect(action('invoke-poll')?.Parameters.LambdaInvocationAttributes).toEqual({
      action: 'poll',
    });
    expect(action('set-queue')?.Parameters.QueueId).toBe(connectQueueArn);
    expect(action('invoke-order')?.Transitions.Errors?.[0]?.NextAction).toBe('lambda-error');
  });

  it('is created in the instance with connect-fulfillment’s live alias, and a disconnect flow that ends the conversation', () => {
    const flows = Object.values(resourcesOf(deployed, 'AWS::Connect::ContactFlow'));
    expect(flows).toHaveLength(2);
    const live = liveAliasId(deployed, 'connect-fulfillment');
    for (const created of flows) {
      expect(created.Properties.InstanceArn).toBe(connectInstanceArn);
      const content = JSON.stringify(created.Properties.Content);
      expect(content).toContain(`{"Ref":"${live}"}`);
      expect(content).toContain('STRING_MAP');
    }
    expect(flows.map((created) => JSON.stringify(created.Properties.Content)).join()).toContain(
      '\\"action\\":\\"ended\\"',
    );
  });
});

describe('alarms and dashboard', () => {
  type Alarm = {
    Threshold?: number;
    ComparisonOperator: string;
    AlarmActions: unknown[];
    Metrics?: { Expression?: string }[];
    MetricName?: string;
    ExtendedStatistic?: string;
  };
  const alarms = () =>
    Object.entries(resourcesOf(deployed, 'AWS::CloudWatch::Alarm')).map(
      ([id, alarm]) => [id, alarm.Properties as unknown as Alarm] as const,
    );
  const topicId = () => Object.keys(resourcesOf(deployed, 'AWS::SNS::Topic'))[0];
  const alarm = (name: string) => {
    const found = deployed.stack.operations.alarms.get(name);
    if (!found) throw new Error(`no alarm ${name}`);
    const id = deployed.stack.resolve(
      (found.node.defaultChild as unknown as { logicalId: string }).logicalId,
    );
    return resourcesOf(deployed, 'AWS::CloudWatch::Alarm')[id]?.Properties as unknown as Alarm;
  };

  it('sends every alarm to an encrypted topic the alarm email subscribes to', () => {
    for (const [, properties] of alarms()) {
      expect(properties.AlarmActions).toEqual([{ Ref: topicId() }]);
    }
    deployed.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.anyValue(),
    });
    deployed.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it('alarms on a 1 % error rate of every function, computed with metric math', () => {
    for (const spec of switchboardTopology.functions) {
      const errorRate = alarm(`${spec.name}-error-rate`);
      expect(errorRate.Threshold).toBe(1);
      expect(errorRate.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
      expect(errorRate.Metrics?.some((metric) => metric.Expression?.includes('/'))).toBe(true);
      expect(alarm(`${spec.name}-throttles`).Threshold).toBe(1);
    }
  });

  it('alarms when a fulfillment function’s p99 duration is over its turn budget', () => {
    expect(alarm('lex-fulfillment-p99-duration')).toMatchObject({
      Threshold: 3000,
      ExtendedStatistic: 'p99',
    });
    expect(alarm('connect-fulfillment-p99-duration').Threshold).toBe(3000);
    // Dialogflow CX's default budget (5 s timeout − 1 s) is the larger of http-fulfillment's two.
    expect(alarm('http-fulfillment-p99-duration').Threshold).toBe(4000);
    expect(deployed.stack.operations.alarms.has('job-worker-p99-duration')).toBe(false);
  });

  it('alarms on any DLQ message, old messages, an open breaker and API 5xx', () => {
    for (const queue of switchboardTopology.queues) {
      expect(alarm(`${queue.name}-dlq-not-empty`)).toMatchObject({
        Threshold: 1,
        MetricName: 'ApproximateNumberOfMessagesVisible',
      });
      expect(alarm(`${queue.name}-oldest-message`).Threshold).toBe(
        queue.oldestMessageAlarmSeconds ?? 300,
      );
    }
    expect(alarm('breaker-open').Threshold).toBe(1);
    expect(JSON.stringify(alarm('breaker-open').Metrics)).toContain('BreakerOpened');
    expect(alarm('api-5xx')).toMatchObject({ Threshold: 1, MetricName: '5xx' });
  });

  it('has a dashboard of turns, partner calls, queues and functions', () => {
    const body = JSON.stringify(only(deployed, 'AWS::CloudWatch::Dashboard').Properties);
    for (const metric of [
      'Turns',
      'TurnDuration',
      'PartnerCall',
      'PartnerCalls',
      'WebhookDeliveries',
      'BreakerOpened',
      '5xx',
    ]) {
      expect(body).toContain(metric);
    }
  });
});

describe('webhook source allow-lists', () => {
  it('are given to the function behind the webhook routes, and to no other', () => {
    const functions = resourcesOf(deployed, 'AWS::Lambda::Function');
    for (const spec of switchboardTopology.functions) {
      const fn = deployed.stack.functions.get(spec.name)?.function.node.defaultChild;
      if (!(fn instanceof CfnElement)) throw new Error(`no function ${spec.name}`);
      const environment = functions[deployed.stack.getLogicalId(fn)]?.Properties.Environment as
        | { Variables: Record<string, unknown> }
        | undefined;
      const variables = environment?.Variables ?? {};
      expect(variables.WEBHOOK_SOURCE_CIDRS).toBe(
        spec.name === 'webhook-receiver' ? '{"payments":["203.0.113.0/24"]}' : undefined,
      );
    }
  });
});

describe('releases', () => {
  it('publishes what callers reach behind a live alias, released as a canary that rolls back on its alarms', () => {
    const groups = Object.values(resourcesOf(deployed, 'AWS::CodeDeploy::DeploymentGroup'));
    const published = [
      'lex-fulfillment',
      'connect-fulfillment',
      'http-fulfillment',
      'webhook-receiver',
    ];
    expect(groups).toHaveLength(published.length);
    for (const name of published) {
      expect(deployed.stack.functions.get(name)?.live).toBeDefined();
    }
    for (const group of groups) {
      expect(group.Properties).toMatchObject({
        DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
        AlarmConfiguration: { Enabled: true, Alarms: expect.arrayContaining([expect.anything()]) },
        AutoRollbackConfiguration: {
          Enabled: true,
          Events: expect.arrayContaining(['DEPLOYMENT_STOP_ON_ALARM']),
        },
      });
    }
    expect(deployed.stack.functions.get('job-worker')?.live).toBeUndefined();
  });

  it('routes the HTTP API to the live aliases', () => {
    const integrations = JSON.stringify(resourcesOf(deployed, 'AWS::ApiGatewayV2::Integration'));
    expect(integrations).toContain(liveAliasId(deployed, 'http-fulfillment'));
    expect(integrations).toContain(liveAliasId(deployed, 'webhook-receiver'));
  });
});

describe('deploy-ready defaults', () => {
  it('answers the chat site’s CORS preflight', () => {
    deployed.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['https://www.example.com'],
        AllowMethods: ['POST'],
        AllowHeaders: ['content-type', 'authorization'],
      },
    });
    expect(JSON.stringify(staging.template.findResources('AWS::ApiGatewayV2::Api'))).not.toContain(
      'CorsConfiguration',
    );
  });

  it('throttles each route on its own, chat lowest, and logs route, status, latency and integration error', () => {
    const stage = only(deployed, 'AWS::ApiGatewayV2::Stage').Properties;
    expect(stage.RouteSettings).toEqual({
      'POST /channels/chat': { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      'POST /channels/dialogflow-cx': { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      'POST /webhooks/{partner}': { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
    });
    const format = JSON.parse(
      String((stage.AccessLogSettings as { Format: string }).Format),
    ) as Record<string, string>;
    expect(format).toMatchObject({
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      integrationError: '$context.integrationErrorMessage',
    });
  });

  it('reserves concurrency for the voice functions and caps every queue consumer', () => {
    const functions = resourcesOf(deployed, 'AWS::Lambda::Function');
    for (const spec of switchboardTopology.functions) {
      const fn = deployed.stack.functions.get(spec.name)?.function.node.defaultChild;
      if (!(fn instanceof CfnElement)) throw new Error(`no function ${spec.name}`);
      const id = deployed.stack.getLogicalId(fn);
      const reserved = functions[id]?.Properties.ReservedConcurrentExecutions;
      expect(reserved).toBe(spec.invokedBy ? 30 : undefined);
    }
    const mappings = Object.values(resourcesOf(deployed, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(3);
    const concurrency = mappings.map(
      (mapping) =>
        (mapping.Properties.ScalingConfig as { MaximumConcurrency: number }).MaximumConcurrency,
    );
    // The jobs queue from the context, the others from the topology.
    expect(concurrency.sort()).toEqual([10, 5, 7].sort());
  });

  it('names secrets after the stack, keeps them on delete, and creates them as JSON', () => {
    const names = (synthesized: Synthesized) =>
      Object.values(resourcesOf(synthesized, 'AWS::SecretsManager::Secret'))
        .map((secret) => String(secret.Properties.Name))
        .sort();
    expect(names(deployed)).toContain('switchboard/shop/api');
    expect(names(staging)).toContain('switchboard-staging/shop/api');
    expect(names(staging).every((name) => name.startsWith('switchboard-staging/'))).toBe(true);
    for (const secret of Object.values(resourcesOf(staging, 'AWS::SecretsManager::Secret'))) {
      expect(secret.DeletionPolicy).toBe('Retain');
      const generator = secret.Properties.GenerateSecretString as {
        SecretStringTemplate: string;
        GenerateStringKey: string;
      };
      expect(JSON.parse(generator.SecretStringTemplate)).toBeTypeOf('object');
    }
    staging.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'switchboard-staging/shop/webhooks',
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: '{"inbound":[]}',
        GenerateStringKey: 'outbound',
      }),
    });
    staging.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'switchboard-staging/crm/api',
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: '{"clientId":""}',
        GenerateStringKey: 'clientSecret',
      }),
    });
    const lex = Object.values(resourcesOf(staging, 'AWS::Lambda::Function')).find((fn) =>
      JSON.stringify(fn.Properties).includes('lex-fulfillment'),
    );
    expect(JSON.stringify(lex?.Properties.Environment)).toContain(
      '"SWITCHBOARD_SECRET_PREFIX":"switchboard-staging"',
    );
  });
});
