import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { requiredEnv } from '#shared/config/env.ts';
import { makePartnerDeps } from '#shared/connectors/deps.ts';
import { deadlineFrom } from '#shared/conversation/deadline.ts';
import { makeEngineDeps } from '#shared/conversation/deps.ts';
import { handleTurn } from '#shared/conversation/engine.ts';
import { supportedLocales } from '#shared/conversation/types.ts';
import { partnerMetrics } from '#shared/observability/metrics.ts';
import { secretsManagerProvider } from '#shared/secrets/secrets-manager.ts';
import { channelBudgets } from './budgets.ts';
import type { FulfillmentDeps } from './fulfillment-handler.ts';

export interface Fulfillment extends FulfillmentDeps {
  /**
   * For the init phase, which no turn's deadline pays for: loads each locale's ICU data, makes
   * the SDK's first-call set-up, and caches the partner credentials. Without it the first turn
   * of every environment spends its budget on that and goes "pending". Never throws: a failed
   * warm-up only leaves the work to the first turn.
   */
  warmUp(): Promise<void>;
}

export function makeFulfillment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Fulfillment {
  const logger = new Logger();
  const metrics = new Metrics();
  const dynamo = new DynamoDBClient({});
  // The emulator's queue URLs are not valid endpoints; the region's endpoint is right in AWS too.
  const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
  const tableName = requiredEnv('CONVERSATION_STATE_TABLE', env);
  const jobsQueueUrl = requiredEnv('JOBS_QUEUE_URL', env);
  const secrets = secretsManagerProvider();
  const engine = makeEngineDeps({
    dynamo,
    tableName,
    sqs,
    partners: makePartnerDeps({
      dynamo,
      tableName,
      secrets,
      log: logger,
      metrics: partnerMetrics(metrics),
      env,
      sqs,
      jobsQueueUrl,
    }),
    log: logger,
    env,
  });
  const budgets = channelBudgets(env);
  return {
    logger,
    metrics,
    handleTurn: (turn) => handleTurn(engine, turn),
    async warmUp() {
      const secretNames = new Set(
        Object.values(engine.partners.partners).flatMap((partner) =>
          partner.secretName ? [partner.secretName] : [],
        ),
      );
      // The calls go out first: the locale data below is CPU work that fills their wait.
      const calls = Promise.allSettled([
        engine.store.load({ channel: 'chat', sessionId: 'warm-up' }),
        sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: jobsQueueUrl, AttributeNames: ['QueueArn'] }),
        ),
        ...[...secretNames].map((name) => secrets.get(name)),
      ]);
      const now = Date.now();
      const options = { now, timeZone: engine.timeZone };
      // A date far enough away to be spelled out, and a plural: the formats turns use most.
      const inAWeek = new Date(now + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
      for (const locale of supportedLocales) {
        engine.render(
          locale,
          { key: 'order.shipped', params: { orderNumber: '1', expectedDelivery: inAWeek } },
          options,
        );
        engine.render(locale, { key: 'loyalty.balance', params: { points: 2 } }, options);
      }
      const failed = (await calls).filter((result) => result.status === 'rejected').length;
      if (failed > 0) logger.warn('warm-up incomplete', { failed });
    },
    turnMeta(channel, remainingTimeMs, correlationId) {
      const receivedAt = Date.now();
      return {
        receivedAt,
        correlationId,
        deadline: deadlineFrom({ nowMs: receivedAt, budgetMs: budgets[channel], remainingTimeMs }),
      };
    },
  };
}
