/**
 * The bench's files in `bench/results/`: `latest.json` (one object per figure), `latest.md`
 * (the table the README links to) and `latency.svg` (every millisecond figure beside its floor).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Row } from './report.ts';

export interface ResultEntry {
  readonly name: string;
  readonly value: number | string;
  readonly unit: string;
  readonly floor: number | string | null;
  readonly ratio: number | null;
  readonly target: string;
  /** null: a context row with nothing to pass or fail. */
  readonly pass: boolean | null;
}

const rounded = (value: number) => Math.round(value * 1000) / 1000;

export function resultEntries(rows: readonly Row[]): ResultEntry[] {
  return rows.map((row) => ({
    name: row.figure,
    value: row.value === undefined ? row.measured : rounded(row.value),
    unit: row.unit ?? '',
    floor: row.floorValue === undefined ? row.floor || null : rounded(row.floorValue),
    ratio: row.ratio === undefined || !Number.isFinite(row.ratio) ? null : rounded(row.ratio),
    target: row.target,
    pass: row.within ?? null,
  }));
}

function markdown(rows: readonly Row[], heading: string): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const lines = [
    `# Benchmark results`,
    '',
    heading,
    '',
    '![latency percentiles against their floors](latency.svg)',
    '',
    '| Figure | Measured | Floor | Ratio | Target | Verdict |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) =>
      [
        row.figure,
        row.measured,
        row.floor,
        row.ratio === undefined || !Number.isFinite(row.ratio) ? '—' : `${row.ratio.toFixed(2)}×`,
        row.target,
        row.within === undefined ? '—' : row.within ? 'within' : '**over**',
      ]
        .map(cell)
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    ),
    '',
  ];
  return lines.join('\n');
}

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Horizontal bars on a log scale: a floor spans 0.1 ms to seconds across the figures. */
function chart(rows: readonly Row[]): string {
  const bars = rows.filter(
    (row) =>
      row.unit === 'ms' &&
      row.value !== undefined &&
      row.floorValue !== undefined &&
      row.value > 0 &&
      row.floorValue > 0,
  );
  const labelWidth = 360;
  const plotWidth = 520;
  const rowHeight = 34;
  const top = 40;
  const height = top + bars.length * rowHeight + 40;
  const values = bars.flatMap((row) => [row.value ?? 1, row.floorValue ?? 1]);
  const low = Math.log10(Math.min(0.1, ...values));
  const high = Math.log10(Math.max(10, ...values) * 1.2);
  const x = (value: number) =>
    Math.round(labelWidth + ((Math.log10(value) - low) / (high - low)) * plotWidth);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plotWidth + 120}" height="${height}" font-family="sans-serif" font-size="12">`,
    '<title>Latency of each figure against its floor, log scale</title>',
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="10" y="20" font-size="14">Latency (ms, log scale): measured (dark) against its floor (light)</text>`,
  ];
  for (let decade = Math.ceil(low); decade <= Math.floor(high); decade += 1) {
    const at = x(10 ** decade);
    parts.push(
      `<line x1="${at}" y1="${top - 8}" x2="${at}" y2="${height - 30}" stroke="#ddd"/>`,
      `<text x="${at}" y="${height - 14}" text-anchor="middle" fill="#555">${10 ** decade}</text>`,
    );
  }
  bars.forEach((row, index) => {
    const y = top + index * rowHeight;
    const value = row.value ?? 0;
    const floor = row.floorValue ?? 0;
    const colour = row.within === false ? '#c0392b' : '#2c3e50';
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escapeXml(row.figure)}</text>`,
      `<rect x="${labelWidth}" y="${y + 2}" width="${Math.max(1, x(floor) - labelWidth)}" height="12" fill="#aab7c4"/>`,
      `<rect x="${labelWidth}" y="${y + 15}" width="${Math.max(1, x(value) - labelWidth)}" height="12" fill="${colour}"/>`,
      `<text x="${x(Math.max(value, floor)) + 6}" y="${y + 22}" fill="#333">${value.toFixed(1)} / ${floor.toFixed(1)}${row.ratio === undefined ? '' : ` (${row.ratio.toFixed(2)}×)`}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

export async function writeResults(
  rows: readonly Row[],
  directory: string,
  heading: string,
): Promise<void> {
  await mkdir(directory, { recursive: true });
  await Promise.all([
    writeFile(
      path.join(directory, 'latest.json'),
      `${JSON.stringify(resultEntries(rows), null, 2)}\n`,
    ),
    writeFile(path.join(directory, 'latest.md'), markdown(rows, heading)),
    writeFile(path.join(directory, 'latency.svg'), chart(rows)),
  ]);
}
