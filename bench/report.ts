/**
 * The bench's output: one row per figure. A row is a report, never an assertion: `within` says
 * whether the figure meets its target, and the process exits 0 either way.
 */

export interface Row {
  readonly figure: string;
  readonly measured: string;
  readonly floor: string;
  /** The figure as a number, for `bench/results/latest.json` and the chart. */
  readonly value?: number;
  readonly floorValue?: number;
  readonly unit?: string;
  /** measured ÷ floor; absent when the target is absolute (a size, a count, a CPU budget). */
  readonly ratio?: number;
  readonly target: string;
  /** Absent when there is no target to compare with (context rows). */
  readonly within?: boolean;
}

export function printTable(rows: readonly Row[], write: (line: string) => void): void {
  const header = ['figure', 'measured', 'floor', 'ratio', 'target', 'verdict'];
  const cells = rows.map((row) => [
    row.figure,
    row.measured,
    row.floor,
    row.ratio === undefined || !Number.isFinite(row.ratio) ? '—' : `${row.ratio.toFixed(2)}×`,
    row.target,
    row.within === undefined ? '—' : row.within ? 'within' : 'OVER',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const format = (line: readonly string[]) =>
    line
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  write(format(header));
  write(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of cells) write(format(line));
}
