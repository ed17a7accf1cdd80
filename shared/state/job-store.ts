import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type JobStore, jobRecordSchema } from '#shared/jobs/job.ts';
import type { StateTable } from './table-access.ts';
import { expiresAt, jobKey, jobRecordTtlSeconds } from './table-design.ts';

/** A deferred partner call's record: `pending`, then `succeeded` or `failed`. */
export function jobStore(table: StateTable): JobStore {
  const { dynamo, tableName } = table;
  const key = (jobId: string) => marshall(jobKey(jobId));
  return {
    async get(jobId) {
      const { Item } = await dynamo.send(
        new GetItemCommand({ TableName: tableName, Key: key(jobId), ConsistentRead: true }),
      );
      if (!Item) return undefined;
      const { result, ...rest } = unmarshall(Item);
      return jobRecordSchema.parse({
        ...rest,
        ...(typeof result === 'string' && { result: JSON.parse(result) }),
      });
    },
    async createPending(job) {
      try {
        await dynamo.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall({
              ...jobKey(job.jobId),
              jobId: job.jobId,
              partner: job.partner,
              operation: job.operation,
              correlationId: job.correlationId,
              status: 'pending',
              createdAt: job.createdAt,
              ...(job.answerBy !== undefined && { answerBy: job.answerBy }),
              expiresAt: expiresAt(job.createdAt, jobRecordTtlSeconds),
            }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
    async complete(jobId, outcome, nowMs) {
      const values =
        outcome.status === 'succeeded'
          ? { ':status': 'succeeded', ':payload': JSON.stringify(outcome.result ?? null) }
          : { ':status': 'failed', ':payload': outcome.error };
      await dynamo.send(
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
