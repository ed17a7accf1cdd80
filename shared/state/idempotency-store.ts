import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Powertools idempotency records, in the table laid out as Powertools expects by default. */
export function idempotencyStore(table: {
  readonly dynamo: DynamoDBClient;
  /** The Idempotency table's physical name (`IDEMPOTENCY_TABLE`). */
  readonly tableName: string;
}): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({ tableName: table.tableName, awsSdkV3Client: table.dynamo });
}
