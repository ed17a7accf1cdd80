/**
 * What goes on an SQS queue. SQS refuses characters outside #x9 | #xA | #xD | #x20–#xD7FF |
 * #xE000–#xFFFD (emulators also refuse everything above U+FFFF), and valid JSON may hold any of
 * them. Written as JSON with every character outside printable ASCII as a `\u` escape, any value
 * is sendable, and `JSON.parse` reads it back unchanged.
 */
import { SwitchboardError } from '#shared/errors.ts';

/** SQS's long-standing message size limit, body and attributes together; valid for every queue. */
export const maxQueueMessageBytes = 256 * 1024;

/** SQS will never accept this message, however often it is sent. */
export class UnqueueableMessageError extends SwitchboardError {
  override readonly name = 'UnqueueableMessageError';
  readonly reason: 'too-large' | 'invalid-contents';

  constructor(reason: 'too-large' | 'invalid-contents', message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

export function queueMessageBody(value: unknown): string {
  const body = JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (body.length > maxQueueMessageBytes) {
    throw new UnqueueableMessageError(
      'too-large',
      `The message is ${body.length} bytes as queued; the limit is ${maxQueueMessageBytes}.`,
    );
  }
  return body;
}

/**
 * Re-throws SQS's refusals of the message itself as `UnqueueableMessageError`, anything else
 * (throttling, network, our own misconfiguration) as it is, so that stays retryable.
 */
export function classifySendError(error: unknown): never {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  if (name === 'InvalidMessageContents') {
    throw new UnqueueableMessageError('invalid-contents', 'SQS refused the message contents', {
      cause: error,
    });
  }
  const tooLong =
    name === 'MessageTooLong' ||
    (name === 'InvalidParameterValue' &&
      typeof message === 'string' &&
      /must be shorter than/i.test(message));
  if (tooLong) {
    throw new UnqueueableMessageError('too-large', 'SQS refused the message as too large', {
      cause: error,
    });
  }
  throw error;
}
