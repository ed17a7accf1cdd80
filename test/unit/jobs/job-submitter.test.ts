import type { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import type { JobMessage } from '#shared/jobs/job.ts';
import { queuedJobSubmitter } from '#shared/jobs/job-submitter.ts';

const job: JobMessage = {
  jobId: 'notify-shop-evt-1-0',
  partner: 'sms',
  operation: 'sendMessage',
  input: { to: '+48500100200' },
  correlationId: 'corr-1',
  idempotencyKey: 'notify-shop-evt-1-0',
  createdAt: 1_000_000,
};

describe('queuedJobSubmitter', () => {
  it('records the job as pending before queuing it, and queues a repeat again', async () => {
    const steps: string[] = [];
    const sent: SendMessageCommand[] = [];
    const submitter = queuedJobSubmitter({
      jobs: {
        createPending: async (pending) => {
          steps.push(`pending ${pending.jobId}`);
        },
      },
      sqs: {
        send: async (command: SendMessageCommand) => {
          steps.push('queued');
          sent.push(command);
          return {};
        },
      } as unknown as SQSClient,
      queueUrl: 'http://sqs.test/jobs',
    });
    await submitter.submit(job);
    await submitter.submit(job);
    expect(steps).toEqual([
      'pending notify-shop-evt-1-0',
      'queued',
      'pending notify-shop-evt-1-0',
      'queued',
    ]);
    expect(sent[0]?.input).toMatchObject({
      QueueUrl: 'http://sqs.test/jobs',
      MessageAttributes: { correlationId: { DataType: 'String', StringValue: 'corr-1' } },
    });
    expect(JSON.parse(sent[0]?.input.MessageBody ?? '')).toEqual(job);
  });

  it('queues nothing when the record cannot be written', async () => {
    const sent: unknown[] = [];
    const submitter = queuedJobSubmitter({
      jobs: {
        createPending: async () => {
          throw new Error('throttled');
        },
      },
      sqs: { send: async (command: unknown) => sent.push(command) } as unknown as SQSClient,
      queueUrl: 'http://sqs.test/jobs',
    });
    await expect(submitter.submit(job)).rejects.toThrow('throttled');
    expect(sent).toEqual([]);
  });
});
