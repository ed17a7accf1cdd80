/**
 * Vitest setup for every tier: records each log line a test file produces, including those a
 * test captures to assert on, and fails the file if any holds a secret or personal data.
 */
import { afterAll } from 'vitest';
import { recordLogLine, scanLogLines, seenLogLines } from './log-scan.ts';

for (const method of ['debug', 'info', 'warn', 'error', 'log'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    recordLogLine(args[0]);
    original(...args);
  };
}
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
  recordLogLine(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
  return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;

afterAll(() => {
  const findings = scanLogLines(seenLogLines);
  if (findings.length > 0) {
    throw new Error(
      `personal or secret data in ${findings.length} log lines:\n${findings.join('\n')}`,
    );
  }
});
