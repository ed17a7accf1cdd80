import * as path from 'node:path';
import type * as z from 'zod';
import type { ConnectorDefinition } from '#shared/connectors/types.ts';
import type { ReferenceRowsStore } from '#shared/state/reference-rows-store.ts';
import {
  type ReferenceItem,
  referenceKey,
  referencePartition,
  referenceRowKey,
} from '#shared/state/table-design.ts';
import { parseCsv } from './csv.ts';

/** Rows from a CSV or JSON (array of objects) file's text. */
function parseReferenceFile(fileName: string, text: string): Record<string, unknown>[] {
  if (fileName.toLowerCase().endsWith('.json')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) throw new Error(`${fileName}: expected a JSON array of rows`);
    return parsed as Record<string, unknown>[];
  }
  return parseCsv(text);
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
      ...referenceRowKey(referencePartition(dataset), sk),
    });
  });
  if (problems.length > 0)
    throw new Error(`Reference data "${dataset}" rejected:\n- ${problems.join('\n- ')}`);
  return items;
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
  rows: Pick<ReferenceRowsStore, 'putAll'>,
  fileName: string,
  text: string,
  partners: Readonly<Record<string, ConnectorDefinition>>,
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
  await rows.putAll(items);
  return { dataset, rows: items.length };
}
