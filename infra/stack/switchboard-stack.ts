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
import { partnerBaseUrlEnvVar } from '#shared/connectors/base-url.ts';
import {
  assertValidTopology,
  deadLetterQueueName,
  functionEnvironment,
  tableActions,
} from '../topology/rules.ts';
import type { Topology } from '../topology/types.ts';
import { SwitchboardFunction } from './switchboard-function.ts';

export interface SwitchboardStackProps extends StackProps {
  readonly topology: Topology;
  readonly projectRoot: string;
  /** Lex V2 bot alias allowed to invoke the functions declaring `invokedBy: ['lex']`. */
  readonly lexBotAliasArn?: string;
  /** Amazon Connect instance allowed to invoke (and associated with) `invokedBy: ['connect']`. */
  readonly connectInstanceArn?: string;
  readonly apiThrottle?: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention?: logs.RetentionDays;
  /** Partner name → API base URL, given to every function as `PARTNER_<NAME>_BASE_URL`. */
  readonly partnerBaseUrls?: Readonly<Record<string, string>>;
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

    const secrets = new Map<string, secretsmanager.Secret>();
    for (const spec of topology.secrets) {
      const secret = new secretsmanager.Secret(this, `${pascal(spec.name)}Secret`, {
        secretName: spec.name,
        description: spec.description,
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
    });
    new apigw.HttpStage(this, 'HttpApiDefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.apiThrottle ?? { rateLimit: 500, burstLimit: 1000 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });

    for (const spec of topology.functions) {
      const fn = new SwitchboardFunction(this, pascal(spec.name), {
        spec,
        projectRoot: props.projectRoot,
        logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
        environment: {
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
        fn.function.addEventSource(
          new SqsEventSource(required(queues, spec.eventSource.queue), {
            batchSize: spec.eventSource.batchSize,
            reportBatchItemFailures: true,
            ...(spec.eventSource.maxBatchingWindowSeconds !== undefined && {
              maxBatchingWindow: Duration.seconds(spec.eventSource.maxBatchingWindowSeconds),
            }),
            ...(spec.eventSource.maxConcurrency !== undefined && {
              maxConcurrency: spec.eventSource.maxConcurrency,
            }),
          }),
        );
      }
      for (const route of spec.routes ?? []) {
        const routeId = `${spec.name}${route.method}${route.path}`;
        const [created] = this.httpApi.addRoutes({
          path: route.path,
          methods: [apigw.HttpMethod[route.method]],
          integration: new HttpLambdaIntegration(`${pascal(routeId)}Integration`, fn.function),
        });
        if (created) {
          Validations.of(created).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason:
              'Callers authenticate inside the function, before any body is parsed: partner webhooks by their HMAC signature over the raw body; Dialogflow CX by HTTP Basic credentials from Secrets Manager or a Google ID token of its service agent (else 401); chat by an optional customer JWT (jose, JWKS or HS256 key; a bad one is 401), where requests without one are anonymous by design and can reach only order status and store hours. An authorizer cannot verify raw-body signatures, and chat must stay open to anonymous visitors.',
          });
        }
      }
      if (spec.invokedBy?.includes('lex') && props.lexBotAliasArn) {
        fn.function.addPermission('LexV2Invoke', {
          principal: new iam.ServicePrincipal('lexv2.amazonaws.com'),
          action: 'lambda:InvokeFunction',
          sourceAccount: this.account,
          sourceArn: props.lexBotAliasArn,
        });
      }
      if (spec.invokedBy?.includes('connect') && props.connectInstanceArn) {
        fn.function.addPermission('ConnectInvoke', {
          principal: new iam.ServicePrincipal('connect.amazonaws.com'),
          action: 'lambda:InvokeFunction',
          sourceAccount: this.account,
          sourceArn: props.connectInstanceArn,
        });
        new connect.CfnIntegrationAssociation(this, `${pascal(spec.name)}ConnectAssociation`, {
          instanceId: props.connectInstanceArn,
          integrationType: 'LAMBDA_FUNCTION',
          integrationArn: fn.function.functionArn,
        });
      }
      new CfnOutput(this, `${pascal(spec.name)}FunctionArn`, {
        description: `ARN of ${spec.name}`,
        value: fn.function.functionArn,
      });
    }

    new CfnOutput(this, 'HttpApiUrl', {
      description: 'Base URL of the channel and webhook routes',
      value: this.httpApi.apiEndpoint,
    });
    new CfnOutput(this, 'PartnerSecretNames', {
      description: 'Secrets to fill with partner credentials after the first deploy',
      value: topology.secrets.map((secret) => secret.name).join(','),
    });
    for (const { name } of topology.queues) {
      const queue = required(queues, name);
      new CfnOutput(this, `${pascal(name)}QueueUrl`, { value: queue.queueUrl });
    }
  }
}

function required<T>(resources: ReadonlyMap<string, T>, name: string): T {
  const resource = resources.get(name);
  if (!resource) throw new Error(`Topology references "${name}", which is not declared`);
  return resource;
}
