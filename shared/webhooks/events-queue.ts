import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { EventMessage } from './event-message.ts';

/** Puts a verified event on `events`, its correlation id beside it for the worker's logs. */
export function sqsEventsQueue(options: {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
}): (message: EventMessage) => Promise<void> {
  const { sqs, queueUrl } = options;
  return async (message) => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(message),
        MessageAttributes: {
          correlationId: { DataType: 'String', StringValue: message.correlationId },
        },
      }),
    );
  };
}
