/**
 * The load generator's process, and where the machine's CPU went while it ran: this process
 * (the local runtime: gateway, function worker threads, the SQS emulator, the demo partner), the
 * DynamoDB Local JVM, the generator, and the machine as a whole. Read from /proc, so on other
 * systems the shares are simply absent.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { LoadPlan, LoadResult } from './load-generator.ts';

const clockTicksPerSecond = 100;

function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]);
    const system = Number(fields[12]);
    return (user + system) / clockTicksPerSecond;
  } catch {
    return undefined;
  }
}

function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((sum, value) => sum + value, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** DynamoDB Local: the `java` child of this process. */
function javaChild(): number | undefined {
  try {
    for (const task of readdirSync(`/proc/${process.pid}/task`)) {
      const children = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8');
      for (const pid of children.trim().split(/\s+/).filter(Boolean).map(Number)) {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'java') return pid;
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export interface CpuShares {
  /** Cores used on average while the generator ran. */
  readonly switchboard?: number;
  readonly dynamoDbLocal?: number;
  readonly generator?: number;
  /** Busy share of every core of the machine, 0–1 (other users' work included). */
  readonly machineBusy?: number;
  readonly cores: number;
}

export function describeShares(shares: CpuShares): string {
  const cores = (value: number | undefined) => (value === undefined ? '?' : value.toFixed(2));
  const machine =
    shares.machineBusy === undefined ? '?' : `${(shares.machineBusy * 100).toFixed(0)}%`;
  return `machine ${machine} busy of ${shares.cores} cores; runtime ${cores(shares.switchboard)}, DynamoDB Local ${cores(shares.dynamoDbLocal)}, generator ${cores(shares.generator)} cores`;
}

/** Runs one plan in a fresh generator process and measures the CPU around it. */
export function runGenerator(plan: LoadPlan): Promise<{ result: LoadResult; cpu: CpuShares }> {
  const generator = new URL('./load-generator.ts', import.meta.url).pathname;
  const java = javaChild();
  const before = {
    self: processCpuSeconds(process.pid),
    java: java === undefined ? undefined : processCpuSeconds(java),
    machine: machineTicks(),
    at: performance.now(),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [generator, JSON.stringify(plan)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let generatorCpu: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    // Sampled while it is alive: /proc forgets an exited child.
    const sampler = setInterval(() => {
      if (child.pid !== undefined) generatorCpu = processCpuSeconds(child.pid) ?? generatorCpu;
    }, 250);
    child.once('exit', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - before.at) / 1000;
      const delta = (now: number | undefined, then: number | undefined) =>
        now === undefined || then === undefined ? undefined : (now - then) / seconds;
      const machine = machineTicks();
      const cpu: CpuShares = {
        cores: cpus().length,
        switchboard: delta(processCpuSeconds(process.pid), before.self),
        dynamoDbLocal: java === undefined ? undefined : delta(processCpuSeconds(java), before.java),
        generator: generatorCpu === undefined ? undefined : generatorCpu / seconds,
        machineBusy:
          machine && before.machine
            ? (machine.busy - before.machine.busy) / (machine.total - before.machine.total)
            : undefined,
      };
      if (code !== 0) {
        reject(new Error(`load generator exit ${code}: ${stderr.trim().split('\n').at(-1)}`));
        return;
      }
      try {
        resolve({ result: JSON.parse(stdout) as LoadResult, cpu });
      } catch (error) {
        reject(new Error(`load generator output unreadable: ${(error as Error).message}`));
      }
    });
  });
}
