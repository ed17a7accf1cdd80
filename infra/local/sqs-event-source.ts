import {
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { QueueEventSourceSpec } from '../topology/types.ts';
import type { LocalFunction } from './lambda/local-function.ts';
import { localRegion } from './services/aws-local.ts';
import type { LocalQueue } from './services/sqs-local.ts';

export interface SqsEventSourceOptions {
  readonly client: SQSClient;
  readonly queue: LocalQueue;
  readonly spec: QueueEventSourceSpec;
  readonly target: LocalFunction;
  readonly log: (line: string) => void;
}

/** SQS returns at most 10 messages per receive; Lambda fills bigger batches over its window. */
const maxMessagesPerReceive = 10;

/**
 * Polls a queue and invokes a function with batches, as a Lambda event source mapping with
 * `ReportBatchItemFailures` does: messages of a successful batch are deleted except those the
 * function reports as failed; a failed invocation (error or timeout) leaves the whole batch to
 * reappear after the visibility timeout, and the queue's redrive policy moves messages to the
 * DLQ after `maxReceiveCount` receives.
 */
export class SqsEventSource {
  readonly #options: SqsEventSourceOptions;
  readonly #abort = new AbortController();
  #pollers: Promise<void>[] = [];
  batchesInvoked = 0;

  constructor(options: SqsEventSourceOptions) {
    this.#options = options;
  }

  get description(): string {
    return `${this.#options.spec.queue} → ${this.#options.target.name}`;
  }

  get running(): boolean {
    return this.#pollers.length > 0 && !this.#abort.signal.aborted;
  }

  start(): void {
    const concurrency = Math.max(1, this.#options.spec.maxConcurrency ?? 2);
    this.#pollers = Array.from({ length: concurrency }, () => this.#poll());
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled(this.#pollers);
  }

  async #poll(): Promise<void> {
    const { signal } = this.#abort;
    while (!signal.aborted) {
      try {
        const messages = await this.#receiveBatch();
        if (messages.length > 0) await this.#deliver(messages);
      } catch (error) {
        if (signal.aborted) return;
        this.#options.log(
          `event source ${this.#options.spec.queue} → ${this.#options.target.name}: ${(error as Error).message}`,
        );
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  async #receiveBatch(): Promise<Message[]> {
    const { spec } = this.#options;
    const batch = await this.#receive(spec.batchSize, 20);
    if (batch.length === 0) return batch;
    const windowEnds = Date.now() + (spec.maxBatchingWindowSeconds ?? 0) * 1000;
    while (batch.length < spec.batchSize && Date.now() < windowEnds) {
      const waitSeconds = Math.ceil((windowEnds - Date.now()) / 1000);
      const more = await this.#receive(spec.batchSize - batch.length, waitSeconds);
      if (more.length === 0) break;
      batch.push(...more);
    }
    return batch;
  }

  async #receive(upTo: number, waitSeconds: number): Promise<Message[]> {
    const { Messages = [] } = await this.#options.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.#options.queue.url,
        MaxNumberOfMessages: Math.min(maxMessagesPerReceive, upTo),
        WaitTimeSeconds: Math.min(20, waitSeconds),
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.#abort.signal },
    );
    return Messages;
  }

  async #deliver(messages: Message[]): Promise<void> {
    const { client, queue, target, log } = this.#options;
    const event: SQSEvent = { Records: messages.map((message) => toRecord(message, queue.arn)) };
    this.batchesInvoked++;
    const outcome = await target.invoke(event);
    if (!outcome.ok) {
      log(
        `${target.name} failed a batch of ${messages.length} from ${this.#options.spec.queue} (${outcome.error.errorType}): the messages return after the visibility timeout`,
      );
      return;
    }
    const failed = failedMessageIds(outcome.payload, messages);
    if (failed === 'whole-batch') {
      log(
        `${target.name} returned an invalid batchItemFailures response: the whole batch is retried`,
      );
      return;
    }
    const done = messages.filter((message) => !failed.has(message.MessageId ?? ''));
    for (let start = 0; start < done.length; start += maxMessagesPerReceive) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: done.slice(start, start + maxMessagesPerReceive).map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
    }
  }
}

/**
 * Reads a `ReportBatchItemFailures` response with Lambda's rules: an empty or null response or
 * list means success; an identifier that is missing, empty or not in the batch fails it all.
 */
export function failedMessageIds(
  payload: string,
  messages: readonly Message[],
): Set<string> | 'whole-batch' {
  let response: unknown;
  try {
    response = JSON.parse(payload);
  } catch {
    return 'whole-batch';
  }
  if (response === null || typeof response !== 'object') return new Set();
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return 'whole-batch';
  const inBatch = new Set(messages.map((message) => message.MessageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !inBatch.has(id)) return 'whole-batch';
    failed.add(id);
  }
  return failed;
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp:
        attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(attributes.MessageGroupId && { MessageGroupId: attributes.MessageGroupId }),
      ...(attributes.MessageDeduplicationId && {
        MessageDeduplicationId: attributes.MessageDeduplicationId,
      }),
      ...(attributes.SequenceNumber && { SequenceNumber: attributes.SequenceNumber }),
    },
    messageAttributes: toRecordAttributes(message.MessageAttributes ?? {}),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: localRegion,
  };
}

function toRecordAttributes(
  attributes: Record<string, MessageAttributeValue>,
): SQSMessageAttributes {
  const converted: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes)) {
    converted[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
      ...(value.BinaryValue !== undefined && {
        binaryValue: Buffer.from(value.BinaryValue).toString('base64'),
      }),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((item) =>
        Buffer.from(item).toString('base64'),
      ),
    };
  }
  return converted;
}
