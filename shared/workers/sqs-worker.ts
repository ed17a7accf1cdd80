/**
 * The one shape of Switchboard's queue consumers. Each record's body is parsed with the message's
 * zod schema and processed on its own; failures are reported per message, so one bad message
 * never holds back its batch, and a message that keeps failing reaches the queue's DLQ.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { SwitchboardError } from '#shared/errors.ts';

export interface WorkerLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

export interface ReceivedMessage {
  readonly record: SQSRecord;
  readonly context: Context;
  /** SQS receives so far, this one included. */
  readonly receiveCount: number;
  /** Lines carry the message's correlation id. */
  readonly log: WorkerLog;
  count(metric: string): void;
}

export interface MessageWorker<Message> {
  /** Names the message when it is malformed: `event` → "event message is malformed", `EventMalformed`. */
  readonly kind: string;
  readonly schema: z.ZodType<Message>;
  /** The id of the request that queued the message, so the worker's lines join its logs. */
  readonly correlationId?: (message: Message) => string;
  /** Told each invocation's context, so an in-progress claim expires with the invocation. */
  readonly idempotency?: IdempotencyConfig;
  /** Throws to keep the message on the queue for another receive. */
  process(message: Message, received: ReceivedMessage): Promise<void>;
}

class MalformedMessageError extends SwitchboardError {
  override readonly name = 'MalformedMessageError';
}

/**
 * An SQS handler (`ReportBatchItemFailures`) over Powertools batch. Records run in parallel, so
 * a message's correlation id goes on its own lines rather than on the shared logger; the logger's
 * keys are reset after every invocation, as Powertools' `injectLambdaContext` with `resetKeys`
 * does, and the invocation's metrics are published even when it throws.
 */
export function sqsWorker<Message>(
  observability: { readonly logger: Logger; readonly metrics: Metrics },
  worker: MessageWorker<Message>,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const { logger, metrics } = observability;
  const processor = new BatchProcessor(EventType.SQS);
  const malformedMetric = `${worker.kind.charAt(0).toUpperCase()}${worker.kind.slice(1)}Malformed`;
  const count = (metric: string) => metrics.addMetric(metric, MetricUnit.Count, 1);

  const processRecord = async (record: SQSRecord, context: Context) => {
    let message: Message;
    try {
      message = worker.schema.parse(JSON.parse(record.body));
    } catch {
      // Poison: it fails on every receive and so reaches the DLQ; its body is not logged.
      logger.error(`${worker.kind} message is malformed`, { messageId: record.messageId });
      count(malformedMetric);
      throw new MalformedMessageError(`Malformed ${worker.kind} message`);
    }
    const correlation = worker.correlationId && { correlation_id: worker.correlationId(message) };
    await worker.process(message, {
      record,
      context,
      receiveCount: Number(record.attributes.ApproximateReceiveCount ?? '1'),
      log: {
        info: (line, fields) => logger.info(line, { ...fields, ...correlation }),
        warn: (line, fields) => logger.warn(line, { ...fields, ...correlation }),
      },
      count,
    });
  };

  return async (event, context) => {
    logger.refreshSampleRateCalculation();
    logger.addContext(context);
    worker.idempotency?.registerLambdaContext(context);
    try {
      return await processPartialResponse(event, processRecord, processor, {
        context,
        throwOnFullBatchFailure: false,
      });
    } finally {
      logger.resetKeys();
      metrics.publishStoredMetrics();
    }
  };
}
