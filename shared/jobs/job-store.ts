import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PartnerError } from '#shared/connectors/types.ts';
import {
  type JobMessage,
  type JobRecord,
  jobPartitionKey,
  jobRecordSchema,
  jobRecordTtlSeconds,
  jobSortKey,
} from './job.ts';

export interface JobSubmitter {
  /** Writes the pending record, then queues the work; both succeed or the call fails. */
  submit(job: JobMessage): Promise<void>;
}

export type JobOutcome =
  | { readonly status: 'succeeded'; readonly result: unknown; readonly attempts: number }
  | { readonly status: 'failed'; readonly error: PartnerError; readonly attempts: number };

export interface JobStore {
  get(jobId: string): Promise<JobRecord | undefined>;
  complete(jobId: string, outcome: JobOutcome, nowMs: number): Promise<void>;
}

const key = (jobId: string) => marshall({ pk: jobPartitionKey(jobId), sk: jobSortKey });

export function dynamoJobStore(client: DynamoDBClient, tableName: string): JobStore {
  return {
    async get(jobId) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: key(jobId), ConsistentRead: true }),
      );
      if (!Item) return undefined;
      const { result, ...rest } = unmarshall(Item);
      return jobRecordSchema.parse({
        ...rest,
        ...(typeof result === 'string' && { result: JSON.parse(result) }),
      });
    },
    async complete(jobId, outcome, nowMs) {
      const values =
        outcome.status === 'succeeded'
          ? { ':status': 'succeeded', ':payload': JSON.stringify(outcome.result ?? null) }
          : { ':status': 'failed', ':payload': outcome.error };
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key(jobId),
          // The result is stored as JSON text: partner payloads may hold types DynamoDB rejects.
          UpdateExpression: `SET #status = :status, ${outcome.status === 'succeeded' ? '#result' : '#error'} = :payload, completedAt = :now, attempts = :attempts`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: {
            '#status': 'status',
            ...(outcome.status === 'succeeded' ? { '#result': 'result' } : { '#error': 'error' }),
          },
          ExpressionAttributeValues: marshall(
            { ...values, ':now': nowMs, ':attempts': outcome.attempts },
            { removeUndefinedValues: true },
          ),
        }),
      );
    },
  };
}

export function dynamoSqsJobSubmitter(options: {
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
}): JobSubmitter {
  return {
    async submit(job) {
      await options.dynamo.send(
        new PutItemCommand({
          TableName: options.tableName,
          Item: marshall({
            pk: jobPartitionKey(job.jobId),
            sk: jobSortKey,
            jobId: job.jobId,
            partner: job.partner,
            operation: job.operation,
            correlationId: job.correlationId,
            status: 'pending',
            createdAt: job.createdAt,
            expiresAt: Math.floor(job.createdAt / 1000) + jobRecordTtlSeconds,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      await options.sqs.send(
        new SendMessageCommand({
          QueueUrl: options.queueUrl,
          MessageBody: JSON.stringify(job),
          MessageAttributes: {
            correlationId: { DataType: 'String', StringValue: job.correlationId },
          },
        }),
      );
    },
  };
}
