import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { type MessageWorker, sqsWorker } from '#shared/workers/sqs-worker.ts';
import { lambdaContext, sqsRecord } from '../support/sqs.ts';

const messageSchema = z.object({ id: z.string(), correlationId: z.string() });
type Message = z.infer<typeof messageSchema>;

function setup(
  process: MessageWorker<Message>['process'],
  extra: Partial<MessageWorker<Message>> = {},
) {
  const logger = new Logger({ serviceName: 'worker-test' });
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'worker-test' });
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  for (const level of ['info', 'warn', 'error'] as const) {
    vi.spyOn(logger, level).mockImplementation((message, ...rest) => {
      lines.push({
        level,
        message: String(message),
        fields: (rest[0] ?? {}) as Record<string, unknown>,
      });
    });
  }
  const metricNames: string[] = [];
  vi.spyOn(metrics, 'addMetric').mockImplementation((name) => {
    metricNames.push(name);
    return metrics;
  });
  const published = vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
  const handler = sqsWorker(
    { logger, metrics },
    { kind: 'event', schema: messageSchema, process, ...extra },
  );
  return { handler, logger, lines, metricNames, published };
}

const body = (id: string) => JSON.stringify({ id, correlationId: `corr-${id}` });

describe('sqsWorker', () => {
  it('processes each record and reports only the failed ones', async () => {
    const seen: string[] = [];
    const { handler } = setup(async (message, { receiveCount }) => {
      seen.push(`${message.id}@${receiveCount}`);
      if (message.id === 'b') throw new Error('not now');
    });
    const response = await handler(
      { Records: [sqsRecord('m1', body('a'), 2), sqsRecord('m2', body('b'))] },
      lambdaContext,
    );
    expect(seen.sort()).toEqual(['a@2', 'b@1']);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
  });

  it('fails a malformed message on every receive, logging its id and never its body', async () => {
    const process = vi.fn(async () => undefined);
    const { handler, lines, metricNames } = setup(process);
    const response = await handler(
      {
        Records: [
          sqsRecord('m1', '{"id": "+48500100200"'),
          sqsRecord('m2', JSON.stringify({ id: '+48500100200' })),
        ],
      },
      lambdaContext,
    );
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: 'm1' },
      { itemIdentifier: 'm2' },
    ]);
    expect(process).not.toHaveBeenCalled();
    expect(lines).toEqual([
      { level: 'error', message: 'event message is malformed', fields: { messageId: 'm1' } },
      { level: 'error', message: 'event message is malformed', fields: { messageId: 'm2' } },
    ]);
    expect(metricNames).toEqual(['EventMalformed', 'EventMalformed']);
  });

  it("puts each message's correlation id on its own lines, records running in parallel", async () => {
    const { handler, lines } = setup(
      async (message, { log }) => {
        if (message.id === 'a') await new Promise((resolve) => setTimeout(resolve, 5));
        log.info('done', { id: message.id });
      },
      { correlationId: (message) => message.correlationId },
    );
    await handler(
      { Records: [sqsRecord('m1', body('a')), sqsRecord('m2', body('b'))] },
      lambdaContext,
    );
    expect(lines.map((line) => line.fields)).toEqual([
      { id: 'b', correlation_id: 'corr-b' },
      { id: 'a', correlation_id: 'corr-a' },
    ]);
  });

  it('starts every invocation with clean log keys and publishes its metrics, even on a throw', async () => {
    let keysSeen: unknown;
    const { handler, logger, published } = setup(async (message) => {
      keysSeen = logger.getCorrelationId();
      logger.setCorrelationId(message.correlationId);
    });
    await handler({ Records: [sqsRecord('m1', body('a'))] }, lambdaContext);
    await handler({ Records: [sqsRecord('m2', body('b'))] }, lambdaContext);
    expect(keysSeen).toBeUndefined();
    expect(published).toHaveBeenCalledTimes(2);

    await expect(handler({} as never, lambdaContext)).rejects.toThrow();
    expect(published).toHaveBeenCalledTimes(3);
  });

  it("registers each invocation's context with the worker's idempotency config", async () => {
    const idempotency = new IdempotencyConfig({ eventKeyJmesPath: 'id' });
    const register = vi.spyOn(idempotency, 'registerLambdaContext');
    const { handler } = setup(async () => undefined, { idempotency });
    await handler({ Records: [sqsRecord('m1', body('a'))] }, lambdaContext);
    expect(register).toHaveBeenCalledWith(lambdaContext);
  });
});
