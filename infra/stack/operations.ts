/**
 * What lets someone run Switchboard at 3 a.m.: alarms that notify an SNS topic, a dashboard of
 * the same signals, and CodeDeploy releases of the published functions that roll back on them.
 */
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Validations } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { breakdownMetricNames, turnMetricNames } from '#shared/observability/metrics.ts';
import type { QueueSpec, Topology } from '../topology/types.ts';
import type { SwitchboardFunction } from './switchboard-function.ts';

/** The error rate the call-centre requirements allow, in percent of invocations. */
export const errorRateThresholdPercent = 1;

export interface OperationsProps {
  readonly topology: Topology;
  readonly functions: ReadonlyMap<string, SwitchboardFunction>;
  /** Queues by name, dead-letter queues included. */
  readonly queues: ReadonlyMap<string, sqs.IQueue>;
  readonly deadLetterQueueName: (queue: string) => string;
  readonly httpApi: apigw.HttpApi;
  /** Subscribed to the alarm topic when given. */
  readonly alarmEmail?: string;
  /** Gradual traffic shifting; otherwise all at once (rollback on alarm still applies). */
  readonly canary: boolean;
  /** Each function's turn budget in ms, for the p99 turn-duration alarm (fulfillment only). */
  readonly turnBudgetMs: ReadonlyMap<string, number>;
}

const oneMinute = Duration.minutes(1);
const fiveMinutes = Duration.minutes(5);

export class Operations extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  /** Every alarm by id, for tests and for CodeDeploy. */
  readonly alarms = new Map<string, cloudwatch.Alarm>();
  readonly deploymentGroups = new Map<string, codedeploy.LambdaDeploymentGroup>();

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { topology } = props;
    const namespace = topology.appName;

    // CloudWatch can publish to an encrypted topic only with a customer key it may use.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the alarm notifications topic',
      enableKeyRotation: true,
    });
    key.grant(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `${topology.appName} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'SNS topic every alarm notifies; subscribe on-call tools to it',
      value: this.topic.topicArn,
    });
    const notify = new actions.SnsAction(this.topic);
    const alarm = (
      alarmId: string,
      options: cloudwatch.CreateAlarmOptions & {
        metric: cloudwatch.Metric | cloudwatch.MathExpression;
      },
    ): cloudwatch.Alarm => {
      const created = options.metric.createAlarm(this, alarmId, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...options,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.set(alarmId, created);
      return created;
    };

    const functionRows: cloudwatch.IWidget[] = [];
    for (const spec of topology.functions) {
      const fn = props.functions.get(spec.name);
      if (!fn) continue;
      // The published alias is what callers hit, and what a canary's new version runs behind.
      const target = fn.live ?? fn.function;
      const errors = target.metricErrors({ period: oneMinute, statistic: 'Sum' });
      const invocations = target.metricInvocations({ period: oneMinute, statistic: 'Sum' });
      const errorRate = new cloudwatch.MathExpression({
        expression: '100 * errors / invocations',
        usingMetrics: { errors, invocations },
        label: `${spec.name} error rate (%)`,
        period: oneMinute,
      });
      const canaryAlarms = [
        alarm(`${spec.name}-error-rate`, {
          metric: errorRate,
          alarmDescription: `${spec.name}: ${errorRateThresholdPercent} % or more of invocations fail`,
          threshold: errorRateThresholdPercent,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
        }),
      ];
      alarm(`${spec.name}-throttles`, {
        metric: fn.function.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        alarmDescription: `${spec.name} is throttled: its concurrency is used up`,
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      });
      const budget = props.turnBudgetMs.get(spec.name);
      const duration = target.metricDuration({ period: oneMinute, statistic: 'p99' });
      if (budget !== undefined) {
        canaryAlarms.push(
          alarm(`${spec.name}-p99-duration`, {
            metric: duration,
            alarmDescription: `${spec.name}: p99 turn duration is over its ${budget} ms budget`,
            threshold: budget,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 5,
            datapointsToAlarm: 3,
          }),
        );
      }
      if (fn.live) {
        const group = new codedeploy.LambdaDeploymentGroup(this, `${spec.name}-release`, {
          alias: fn.live,
          deploymentConfig: props.canary
            ? codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES
            : codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE,
          alarms: canaryAlarms,
          autoRollback: {
            failedDeployment: true,
            stoppedDeployment: true,
            deploymentInAlarm: true,
          },
        });
        Validations.of(group).acknowledge({
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
          reason:
            'AWSCodeDeployRoleForLambdaLimited is the AWS-maintained minimum for CodeDeploy to shift alias traffic and read alarms; it grants nothing beyond Lambda alias updates and alarm reads.',
        });
        this.deploymentGroups.set(spec.name, group);
      }
      functionRows.push(
        new cloudwatch.GraphWidget({
          title: `${spec.name}: errors %, throttles`,
          left: [errorRate],
          right: [fn.function.metricThrottles({ period: oneMinute, statistic: 'Sum' })],
          width: 8,
        }),
        new cloudwatch.GraphWidget({
          title: `${spec.name}: duration p50 / p99 (ms)`,
          left: [target.metricDuration({ period: oneMinute, statistic: 'p50' }), duration],
          ...(budget !== undefined && {
            leftAnnotations: [{ value: budget, label: 'turn budget' }],
          }),
          width: 8,
        }),
      );
    }

    const queueWidgets: cloudwatch.IWidget[] = [];
    for (const spec of topology.queues) {
      const dlq = props.queues.get(props.deadLetterQueueName(spec.name));
      const queue = props.queues.get(spec.name);
      if (!dlq || !queue) continue;
      const dlqDepth = dlq.metricApproximateNumberOfMessagesVisible({
        period: oneMinute,
        statistic: 'Maximum',
      });
      alarm(`${spec.name}-dlq-not-empty`, {
        metric: dlqDepth,
        alarmDescription: `A message reached ${props.deadLetterQueueName(spec.name)}: inspect and redrive with npm run dlq`,
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      });
      const age = queue.metricApproximateAgeOfOldestMessage({
        period: oneMinute,
        statistic: 'Maximum',
      });
      alarm(`${spec.name}-oldest-message`, {
        metric: age,
        alarmDescription: `${spec.name}: a message has waited over ${oldestMessageAlarmSeconds(spec)} s`,
        threshold: oldestMessageAlarmSeconds(spec),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
      });
      queueWidgets.push(
        new cloudwatch.GraphWidget({
          title: `${spec.name}: oldest message (s), DLQ depth`,
          left: [age],
          right: [dlqDepth],
          width: 8,
        }),
      );
    }

    // Powertools metrics carry the function as the `service` dimension.
    const byFunction = (metricName: string, statistic = 'Sum') =>
      Object.fromEntries(
        topology.functions.map((spec, index) => [
          // Ids unique across expressions, since one graph shows several sums.
          `${metricName.toLowerCase()}${index}`,
          new cloudwatch.Metric({
            namespace,
            metricName,
            dimensionsMap: { service: spec.name },
            period: oneMinute,
            statistic,
          }),
        ]),
      );
    const sumOf = (metricName: string, label: string) => {
      const metrics = byFunction(metricName);
      return new cloudwatch.MathExpression({
        expression: Object.keys(metrics)
          .map((key) => `FILL(${key}, 0)`)
          .join(' + '),
        usingMetrics: metrics,
        label,
        period: oneMinute,
      });
    };
    const breakerOpened = sumOf('BreakerOpened', 'breakers opened');
    alarm('breaker-open', {
      metric: breakerOpened,
      alarmDescription: 'A partner circuit breaker opened: that partner is failing or too slow',
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });

    const api5xx = props.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' });
    alarm('api-5xx', {
      metric: api5xx,
      alarmDescription: 'The HTTP API answered 5xx: a function failed or could not queue an event',
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });

    const emf = (metricName: string, dimensionsMap: Record<string, string>, statistic = 'Sum') =>
      new cloudwatch.Metric({ namespace, metricName, dimensionsMap, period: oneMinute, statistic });
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      // Dashboard names are per account and region: the stack's name keeps stages apart.
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Turns by channel',
        left: turnMetricNames.channels.map((channel) => emf(turnMetricNames.turns, { channel })),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Turn duration p99 by channel (ms)',
        left: turnMetricNames.channels.map((channel) =>
          emf(turnMetricNames.duration, { channel }, 'p99'),
        ),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Partner calls, failures, jobs',
        left: [
          sumOf('PartnerCall', 'calls'),
          sumOf('PartnerCallFailed', 'failed'),
          sumOf('PartnerJobCreated', 'deferred to a job'),
        ],
        right: [breakerOpened],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'HTTP API requests, 4xx, 5xx',
        left: [props.httpApi.metricCount({ period: oneMinute, statistic: 'Sum' })],
        right: [
          props.httpApi.metricClientError({ period: oneMinute, statistic: 'Sum' }),
          props.httpApi.metricServerError({ period: oneMinute, statistic: 'Sum' }),
        ],
        width: 12,
      }),
    );
    // Every partner operation, result and webhook answer seen, without listing them here.
    const search = (metricName: string, dimensions: readonly string[]) =>
      new cloudwatch.MathExpression({
        expression: `SEARCH('{${namespace},${['service', ...dimensions].join(',')}} MetricName="${metricName}"', 'Sum', 60)`,
        period: oneMinute,
      });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Partner calls by operation and result',
        left: [search(breakdownMetricNames.partnerCalls, ['partner', 'operation', 'result'])],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Webhooks by partner and answer',
        left: [search(breakdownMetricNames.webhookDeliveries, ['partner', 'answer'])],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(...queueWidgets);
    this.dashboard.addWidgets(...functionRows);
  }
}

/**
 * How long a message may wait before someone should look. Outbound retries wait on purpose (up
 * to 12 h between attempts), so that queue's limit is its longest retry plus a margin.
 */
function oldestMessageAlarmSeconds(spec: QueueSpec): number {
  return spec.oldestMessageAlarmSeconds ?? 5 * 60;
}
