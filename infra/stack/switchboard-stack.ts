import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Validations } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { channelBudgets } from '#shared/channels/budgets.ts';
import { secretPrefixEnvVar, withSecretPrefix } from '#shared/config/secret-names.ts';
import { partnerBaseUrlEnvVar } from '#shared/connectors/base-url.ts';
import type { Skill } from '#shared/conversation/types.ts';
import { webhookSourceCidrsEnvVar } from '#shared/webhooks/source-allow-list.ts';
import {
  assertValidTopology,
  deadLetterQueueName,
  functionEnvironment,
  tableActions,
} from '../topology/rules.ts';
import type { Topology } from '../topology/types.ts';
import {
  contactFlowProblems,
  switchboardContactFlow,
  switchboardDisconnectFlow,
} from './connect-flow.ts';
import { SwitchboardLexBot } from './lex-bot.ts';
import { Operations } from './operations.ts';
import { SwitchboardFunction } from './switchboard-function.ts';

export interface SwitchboardStackProps extends StackProps {
  readonly topology: Topology;
  readonly projectRoot: string;
  /**
   * Build the Lex V2 bot from these skills, with the function declaring `invokedBy: ['lex']` as
   * its code hook.
   */
  readonly lexBot?: {
    readonly skills: readonly Skill[];
    readonly sensitiveSlots: ReadonlySet<string>;
  };
  /** An existing Lex V2 bot alias allowed to invoke the functions declaring `invokedBy: ['lex']`. */
  readonly lexBotAliasArn?: string;
  /** Amazon Connect instance allowed to invoke (and associated with) `invokedBy: ['connect']`. */
  readonly connectInstanceArn?: string;
  /** With `connectInstanceArn`: the sample contact flow is created, handing off to this queue. */
  readonly connectQueueArn?: string;
  /** Receives every alarm (an SNS email subscription to confirm). */
  readonly alarmEmail?: string;
  /** Browser origins allowed to call the HTTP API (the web chat's site); no CORS without. */
  readonly chatAllowedOrigins?: readonly string[];
  /** Reserved concurrency of each function a bot platform invokes (`invokedBy`). */
  readonly voiceReservedConcurrency?: number;
  /** Queue name → maximum concurrent batches, over the topology's own value. */
  readonly queueMaxConcurrency?: Readonly<Record<string, number>>;
  /** Shift traffic to a new version 10 % first for 5 minutes (default), or all at once. */
  readonly canary?: boolean;
  /** Default limits of every route without its own `throttle`. */
  readonly apiThrottle?: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention?: logs.RetentionDays;
  /** Partner name → API base URL, given to every function as `PARTNER_<NAME>_BASE_URL`. */
  readonly partnerBaseUrls?: Readonly<Record<string, string>>;
  /** Partner name → the CIDR blocks its webhooks may come from (the webhook routes' function). */
  readonly webhookSourceCidrs?: Readonly<Record<string, readonly string[]>>;
}

const pascal = (name: string): string =>
  name.replace(/(^|[-_/\s]+)([a-z0-9])/gi, (_, __, letter: string) => letter.toUpperCase());

/**
 * Switchboard in one stack, generated from a topology: every queue with its DLQ, every table,
 * every partner secret, every function with exactly the grants it declares, and the HTTP API.
 */
export class SwitchboardStack extends Stack {
  readonly functions = new Map<string, SwitchboardFunction>();
  /** Queues by name, dead-letter queues included (`events-dlq`). */
  readonly queues = new Map<string, sqs.Queue>();
  readonly httpApi: apigw.HttpApi;
  readonly operations: Operations;
  readonly lexBot?: SwitchboardLexBot;
  /** The sample inbound flow and its disconnect flow, when a Connect instance and queue are given. */
  readonly contactFlows?: {
    readonly inbound: connect.CfnContactFlow;
    readonly disconnect: connect.CfnContactFlow;
  };

  constructor(scope: Construct, id: string, props: SwitchboardStackProps) {
    super(scope, id, props);
    const { topology } = props;
    assertValidTopology(topology);

    const queues = this.queues;
    for (const spec of topology.queues) {
      const deadLetterQueue = new sqs.Queue(
        this,
        `${pascal(deadLetterQueueName(spec.name))}Queue`,
        {
          retentionPeriod: Duration.days(14),
          enforceSSL: true,
          encryption: sqs.QueueEncryption.SQS_MANAGED,
        },
      );
      queues.set(deadLetterQueueName(spec.name), deadLetterQueue);
      Validations.of(deadLetterQueue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `This is the dead-letter queue of "${spec.name}"; nothing is redriven past it.`,
      });
      queues.set(
        spec.name,
        new sqs.Queue(this, `${pascal(spec.name)}Queue`, {
          visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
          retentionPeriod: Duration.days(spec.retentionDays),
          enforceSSL: true,
          encryption: sqs.QueueEncryption.SQS_MANAGED,
          deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
        }),
      );
    }

    const tables = new Map<string, dynamodb.Table>();
    for (const spec of topology.tables) {
      tables.set(
        spec.name,
        new dynamodb.Table(this, `${spec.name}Table`, {
          partitionKey: {
            name: spec.partitionKey.name,
            type: dynamodb.AttributeType[spec.partitionKey.type === 'S' ? 'STRING' : 'NUMBER'],
          },
          ...(spec.sortKey && {
            sortKey: {
              name: spec.sortKey.name,
              type: dynamodb.AttributeType[spec.sortKey.type === 'S' ? 'STRING' : 'NUMBER'],
            },
          }),
          billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
          timeToLiveAttribute: spec.timeToLiveAttribute,
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
          removalPolicy: RemovalPolicy.RETAIN,
        }),
      );
    }

    // A second stack in the same account (`Switchboard-Staging`) gets secrets of its own.
    const secretPrefix = this.stackName.toLowerCase();
    const secrets = new Map<string, secretsmanager.Secret>();
    for (const spec of topology.secrets) {
      const secret = new secretsmanager.Secret(this, `${pascal(spec.name)}Secret`, {
        secretName: withSecretPrefix(spec.name, secretPrefix),
        description: spec.description,
        // Credentials a partner issued are not re-creatable: deleting the stack keeps them.
        removalPolicy: RemovalPolicy.RETAIN,
        ...(spec.initialShape && {
          generateSecretString: {
            secretStringTemplate: JSON.stringify(spec.initialShape.template),
            generateStringKey: spec.initialShape.generatedKey,
            excludePunctuation: true,
            passwordLength: 48,
          },
        }),
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Partners issue and rotate these credentials; the operator stores the new value and functions re-read it after a 401 (cache ≤ 5 min), so no Lambda rotation applies.',
      });
      secrets.set(spec.name, secret);
    }

    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: `${topology.appName}: bot channels and partner webhooks`,
      createDefaultStage: false,
      ...(props.chatAllowedOrigins && {
        // API Gateway answers the browser's preflight itself and adds the headers to answers.
        corsPreflight: {
          allowOrigins: [...props.chatAllowedOrigins],
          allowMethods: [apigw.CorsHttpMethod.POST],
          allowHeaders: ['content-type', 'authorization'],
          maxAge: Duration.hours(1),
        },
      }),
    });
    const stage = new apigw.HttpStage(this, 'HttpApiDefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.apiThrottle ?? { rateLimit: 500, burstLimit: 1000 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: httpApiAccessLogFormat,
      },
    });
    const routeThrottles: Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    > = {};

    for (const spec of topology.functions) {
      const invokedByABot = (spec.invokedBy ?? []).length > 0;
      const fn = new SwitchboardFunction(this, pascal(spec.name), {
        spec,
        projectRoot: props.projectRoot,
        logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
        // A webhook flood or a job backlog must never take the concurrency a caller waits on.
        ...(invokedByABot && { reservedConcurrency: props.voiceReservedConcurrency }),
        // What a caller or a partner reaches is released gradually; queue consumers are not.
        publishLive: invokedByABot || (spec.routes ?? []).length > 0,
        environment: {
          [secretPrefixEnvVar]: secretPrefix,
          ...functionEnvironment(topology, spec, {
            tableName: (name) => required(tables, name).tableName,
            queueUrl: (name) => required(queues, name).queueUrl,
          }),
          ...Object.fromEntries(
            Object.entries(props.partnerBaseUrls ?? {}).map(([partner, url]) => [
              partnerBaseUrlEnvVar(partner),
              url,
            ]),
          ),
          ...(props.webhookSourceCidrs &&
            (spec.routes ?? []).some((route) => route.path.startsWith('/webhooks/')) && {
              [webhookSourceCidrsEnvVar]: JSON.stringify(props.webhookSourceCidrs),
            }),
        },
      });
      this.functions.set(spec.name, fn);
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing: X-Ray PutTraceSegments/PutTelemetryRecords accept no resource ARN.',
      });

      for (const [tableName, access] of Object.entries(spec.tables ?? {})) {
        required(tables, tableName).grant(fn.role, ...tableActions[access]);
      }
      for (const queueName of spec.sendsTo ?? []) {
        required(queues, queueName).grantSendMessages(fn.role);
      }
      for (const secretName of spec.secrets ?? []) {
        required(secrets, secretName).grantRead(fn.role);
      }
      if (spec.eventSource) {
        const maxConcurrency =
          props.queueMaxConcurrency?.[spec.eventSource.queue] ?? spec.eventSource.maxConcurrency;
        fn.function.addEventSource(
          new SqsEventSource(required(queues, spec.eventSource.queue), {
            batchSize: spec.eventSource.batchSize,
            reportBatchItemFailures: true,
            ...(spec.eventSource.maxBatchingWindowSeconds !== undefined && {
              maxBatchingWindow: Duration.seconds(spec.eventSource.maxBatchingWindowSeconds),
            }),
            ...(maxConcurrency !== undefined && { maxConcurrency }),
          }),
        );
      }
      for (const route of spec.routes ?? []) {
        const routeId = `${spec.name}${route.method}${route.path}`;
        const [created] = this.httpApi.addRoutes({
          path: route.path,
          methods: [apigw.HttpMethod[route.method]],
          integration: new HttpLambdaIntegration(`${pascal(routeId)}Integration`, fn.invocable),
        });
        if (route.throttle) {
          routeThrottles[`${route.method} ${route.path}`] = {
            ThrottlingRateLimit: route.throttle.rateLimit,
            ThrottlingBurstLimit: route.throttle.burstLimit,
          };
        }
        // Route settings name a route key, which must exist before the stage refers to it.
        if (created) stage.node.addDependency(created);
        if (created) {
          Validations.of(created).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason:
              'Callers authenticate inside the function, before any body is parsed: partner webhooks by their HMAC signature over the raw body; Dialogflow CX by HTTP Basic credentials from Secrets Manager or a Google ID token of its service agent (else 401); chat by an optional customer JWT (jose, JWKS or HS256 key; a bad one is 401), where requests without one are anonymous by design and can reach only order status and store hours. An authorizer cannot verify raw-body signatures, and chat must stay open to anonymous visitors.',
          });
        }
      }
      if (spec.invokedBy?.includes('lex') && props.lexBot) {
        this.lexBot = new SwitchboardLexBot(this, 'LexBot', {
          botName: `${this.stackName}-bot`,
          skills: props.lexBot.skills,
          sensitiveSlots: props.lexBot.sensitiveSlots,
          codeHook: fn.invocable,
        });
        new CfnOutput(this, 'LexBotAliasArn', {
          description: 'The Lex V2 bot alias to attach to a Connect flow or call from a client',
          value: this.lexBot.alias.attrArn,
        });
      }
      if (spec.invokedBy?.includes('lex') && props.lexBotAliasArn) {
        fn.invocable.addPermission('LexV2Invoke', {
          principal: new iam.ServicePrincipal('lexv2.amazonaws.com'),
          action: 'lambda:InvokeFunction',
          sourceAccount: this.account,
          sourceArn: props.lexBotAliasArn,
        });
      }
      if (spec.invokedBy?.includes('connect') && props.connectInstanceArn) {
        const instanceArn = props.connectInstanceArn;
        fn.invocable.addPermission('ConnectInvoke', {
          principal: new iam.ServicePrincipal('connect.amazonaws.com'),
          action: 'lambda:InvokeFunction',
          sourceAccount: this.account,
          sourceArn: instanceArn,
        });
        new connect.CfnIntegrationAssociation(this, `${pascal(spec.name)}ConnectAssociation`, {
          instanceId: instanceArn,
          integrationType: 'LAMBDA_FUNCTION',
          integrationArn: fn.invocable.functionArn,
        });
        if (props.connectQueueArn) {
          this.contactFlows = this.createContactFlows(
            instanceArn,
            props.connectQueueArn,
            fn.invocable.functionArn,
          );
        }
      }
      new CfnOutput(this, `${pascal(spec.name)}FunctionArn`, {
        description: `ARN of ${spec.name}${fn.live ? ' (its live alias, what callers invoke)' : ''}`,
        value: fn.invocable.functionArn,
      });
    }
    if (Object.keys(routeThrottles).length > 0) {
      (stage.node.defaultChild as apigw.CfnStage).routeSettings = routeThrottles;
    }

    const budgets = channelBudgets({});
    this.operations = new Operations(this, 'Operations', {
      topology,
      functions: this.functions,
      queues,
      deadLetterQueueName,
      httpApi: this.httpApi,
      alarmEmail: props.alarmEmail,
      canary: props.canary ?? true,
      turnBudgetMs: new Map(
        topology.functions.flatMap((spec) =>
          spec.answers && spec.answers.length > 0
            ? [[spec.name, Math.max(...spec.answers.map((channel) => budgets[channel]))]]
            : [],
        ),
      ),
    });

    new CfnOutput(this, 'HttpApiUrl', {
      description: 'Base URL of the channel and webhook routes',
      value: this.httpApi.apiEndpoint,
    });
    new CfnOutput(this, 'PartnerSecretNames', {
      description: 'Secrets to fill with partner credentials after the first deploy',
      value: topology.secrets
        .map((secret) => withSecretPrefix(secret.name, secretPrefix))
        .join(','),
    });
    for (const { name } of topology.queues) {
      const queue = required(queues, name);
      new CfnOutput(this, `${pascal(name)}QueueUrl`, { value: queue.queueUrl });
    }
  }

  /** The sample inbound flow and the disconnect flow it sets, both calling `functionArn`. */
  private createContactFlows(instanceArn: string, queueArn: string, functionArn: string) {
    const disconnect = new connect.CfnContactFlow(this, 'ConnectDisconnectFlow', {
      instanceArn,
      name: `${this.stackName} disconnect`,
      type: 'CONTACT_FLOW',
      description: 'Tells Switchboard the caller hung up (action: ended)',
      content: this.toJsonString(switchboardDisconnectFlow(functionArn)),
    });
    const inbound = switchboardContactFlow({
      functionArn,
      queueArn,
      disconnectFlowArn: disconnect.attrContactFlowArn,
    });
    // Checked here too, so a broken flow fails synth rather than Connect's import.
    const problems = contactFlowProblems(inbound, functionArn);
    if (problems.length > 0) throw new Error(`Invalid contact flow: ${problems.join('; ')}`);
    return {
      disconnect,
      inbound: new connect.CfnContactFlow(this, 'ConnectInboundFlow', {
        instanceArn,
        name: `${this.stackName} inbound`,
        type: 'CONTACT_FLOW',
        description: 'Switchboard sample: language, menu, connect-fulfillment, poll loop, handoff',
        content: this.toJsonString(inbound),
      }),
    };
  }
}

/** The HTTP API's own access log fields: route, status, latency and why an integration failed. */
const httpApiAccessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    error: '$context.error.message',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
  }),
);

function required<T>(resources: ReadonlyMap<string, T>, name: string): T {
  const resource = resources.get(name);
  if (!resource) throw new Error(`Topology references "${name}", which is not declared`);
  return resource;
}
