import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { classifySendError, queueMessageBody } from '#shared/workers/queue-message.ts';
import type { JobStore, JobSubmitter } from './job.ts';

/**
 * Writes the pending record, then puts the job on `jobs`. Submitting the same job id again
 * (a retry after a crash half-way) queues it again, which is safe: the worker runs each job id
 * once.
 */
export function queuedJobSubmitter(options: {
  readonly jobs: Pick<JobStore, 'createPending'>;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
}): JobSubmitter {
  return {
    async submit(job) {
      const body = queueMessageBody(job);
      await options.jobs.createPending(job);
      await options.sqs
        .send(
          new SendMessageCommand({
            QueueUrl: options.queueUrl,
            MessageBody: body,
            MessageAttributes: {
              correlationId: { DataType: 'String', StringValue: job.correlationId },
            },
          }),
        )
        .catch(classifySendError);
    },
  };
}
