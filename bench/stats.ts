/**
 * Small statistics helpers for the benchmarks. Nearest-rank percentiles: with few samples
 * (`--quick`) p99 is close to the maximum, which is the honest reading of a short run.
 */

export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
  };
}

/** Milliseconds with a precision that suits the magnitude. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) < 1) return `${(value * 1000).toFixed(0)} µs`;
  if (Math.abs(value) < 10) return `${value.toFixed(2)} ms`;
  return `${value.toFixed(1)} ms`;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * CPU time of this thread since `start`, in milliseconds (user + system). The thread's, not the
 * process's: the local runtime's function environments are worker threads of this process, and
 * their pollers and workers would otherwise land in whichever turn was being measured.
 */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const delta = process.threadCpuUsage(start);
  return (delta.user + delta.system) / 1000;
}
