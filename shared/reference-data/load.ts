import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type * as z from 'zod';
import { parseCsv } from './csv.ts';
import { referenceKey, referencePartition } from './keys.ts';

export { referenceKey, referencePartition };

/** Rows from a CSV or JSON (array of objects) file's text. */
export function parseReferenceFile(fileName: string, text: string): Record<string, unknown>[] {
  if (fileName.toLowerCase().endsWith('.json')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) throw new Error(`${fileName}: expected a JSON array of rows`);
    return parsed as Record<string, unknown>[];
  }
  return parseCsv(text);
}

export interface ReferenceItem {
  readonly pk: string;
  readonly sk: string;
  readonly [column: string]: unknown;
}

/**
 * Validates every row (reporting all bad rows at once, by line) and keys it by `keyColumn`.
 * Nothing is written unless the whole file is valid: a half-loaded table would answer some
 * callers with yesterday's hours and others with today's.
 */
export function referenceItems(
  dataset: string,
  rows: readonly Record<string, unknown>[],
  keyColumn: string,
  rowSchema?: z.ZodType,
): ReferenceItem[] {
  const problems: string[] = [];
  const items: ReferenceItem[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const line = index + 2;
    const keyValue = row[keyColumn];
    if (typeof keyValue !== 'string' || keyValue.trim() === '') {
      problems.push(`row ${line}: "${keyColumn}" is empty`);
      return;
    }
    const sk = referenceKey(keyValue);
    if (seen.has(sk)) problems.push(`row ${line}: "${keyValue}" appears twice`);
    seen.add(sk);
    const parsed = rowSchema?.safeParse(row);
    if (parsed && !parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      problems.push(`row ${line}: invalid ${fields}`);
      return;
    }
    items.push({
      ...((parsed?.data as object | undefined) ?? row),
      pk: referencePartition(dataset),
      sk,
    });
  });
  if (problems.length > 0)
    throw new Error(`Reference data "${dataset}" rejected:\n- ${problems.join('\n- ')}`);
  return items;
}

export async function writeReferenceItems(
  client: DynamoDBClient,
  tableName: string,
  items: readonly ReferenceItem[],
): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let pending = items.slice(start, start + 25).map((item) => ({
      PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) },
    }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt === 5) throw new Error('DynamoDB kept items unprocessed after 5 attempts');
      const { UnprocessedItems } = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
      if (pending.length > 0)
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}
