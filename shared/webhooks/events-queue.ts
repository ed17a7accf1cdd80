import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { classifySendError, queueMessageBody } from '#shared/workers/queue-message.ts';
import type { EventMessage } from './event-message.ts';

/**
 * Puts a verified event on `events`, its correlation id beside it for the worker's logs. Throws
 * `UnqueueableMessageError` when SQS can never take it, anything else when a retry may succeed.
 */
export function sqsEventsQueue(options: {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
}): (message: EventMessage) => Promise<void> {
  const { sqs, queueUrl } = options;
  return async (message) => {
    const body = queueMessageBody(message);
    await sqs
      .send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: body,
          MessageAttributes: {
            correlationId: { DataType: 'String', StringValue: message.correlationId },
          },
        }),
      )
      .catch(classifySendError);
  };
}
