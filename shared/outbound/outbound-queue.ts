import {
  ChangeMessageVisibilityCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Delivery } from './messages.ts';

/** `outbound` as the dispatcher uses it: new attempts go on it, waiting ones stay hidden in it. */
export interface OutboundQueue {
  enqueue(delivery: Delivery, delaySeconds: number): Promise<void>;
  /** Keeps a received message invisible for `seconds` (0: at once) before SQS offers it again. */
  keepHidden(receiptHandle: string, seconds: number): Promise<void>;
}

export function sqsOutboundQueue(options: {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
}): OutboundQueue {
  const { sqs, queueUrl } = options;
  return {
    async enqueue(delivery, delaySeconds) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(delivery),
          DelaySeconds: delaySeconds,
        }),
      );
    },
    async keepHidden(receiptHandle, seconds) {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: seconds,
        }),
      );
    },
  };
}
