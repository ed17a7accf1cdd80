import * as path from 'node:path';
import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type * as z from 'zod';
import type { PartnerDefinition } from '#shared/connectors/types.ts';
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

export interface ReferenceFileOptions {
  /** Default: the file's name without extension (`store-hours.csv` → `store-hours`). */
  readonly dataset?: string;
  /** The key column, for a dataset no data-table partner reads. */
  readonly keyColumn?: string;
}

/**
 * Validates a CSV/JSON file against the data-table operation that reads its dataset and writes
 * it to the table; returns the dataset and the number of rows.
 */
export async function loadReferenceFile(
  client: DynamoDBClient,
  tableName: string,
  fileName: string,
  text: string,
  partners: Readonly<Record<string, PartnerDefinition>>,
  options: ReferenceFileOptions = {},
): Promise<{ dataset: string; rows: number }> {
  const dataset = options.dataset ?? path.basename(fileName).replace(/\.(csv|json)$/i, '');
  const operation = Object.values(partners)
    .flatMap((partner) => Object.values(partner.operations))
    .find(
      (candidate) =>
        candidate.kind === 'table' && candidate.partition === referencePartition(dataset),
    );
  if (!operation && !options.keyColumn) {
    throw new Error(
      `No data-table partner reads "${dataset}"; give its key column to load it anyway.`,
    );
  }
  const keyColumn =
    options.keyColumn ??
    Object.keys((operation?.input as { shape?: object } | undefined)?.shape ?? {})[0] ??
    'id';
  const items = referenceItems(
    dataset,
    parseReferenceFile(fileName, text),
    keyColumn,
    operation?.response,
  );
  await writeReferenceItems(client, tableName, items);
  return { dataset, rows: items.length };
}
