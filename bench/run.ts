/**
 * `npm run bench [-- --quick]`: Switchboard's performance targets, each as a ratio against a floor measured
 * in the same run on the same local services. A report, not a test: it exits 0 whatever the
 * figures, and non-zero only when the bench itself could not run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { benchBreaker } from './breaker.ts';
import { benchBundles } from './bundles.ts';
import { benchLoad } from './load.ts';
import { type LocalServices, startLocalServices } from './local.ts';
import { printTable, type Row } from './report.ts';
import { writeResults } from './results.ts';
import { benchSlowPartner } from './slow-partner.ts';
import { benchTurns } from './turn.ts';
import { makeTurnRig, type TurnRig } from './turn-rig.ts';
import { benchWebhookAcks } from './webhook.ts';

const quick = process.argv.includes('--quick');
/**
 * `--only=turn,breaker`: just the sections whose name contains one of these words (case
 * ignored), e.g. to profile one with `node --cpu-prof bench/run.ts --quick --only=turn`.
 * Partial runs do not replace `bench/results/`.
 */
const only = process.argv
  .find((argument) => argument.startsWith('--only='))
  ?.slice('--only='.length)
  .toLowerCase()
  .split(',')
  .filter(Boolean);
/** A p99 wants ≥ 1,000 samples; `--quick` trades that for a short run. */
const sizes = quick
  ? {
      importSamples: 3,
      turnSamples: 200,
      warmUp: 30,
      acks: { requestsPerRound: 200, rounds: 2, concurrency: 16 },
      slowPartner: { latencies: [200, 3000, 'hang'] as const, deliveryWaitMs: 60_000 },
      load: { ratesPerSecond: [10, 25], stepMs: 8_000 },
    }
  : {
      importSamples: 20,
      turnSamples: 1500,
      warmUp: 100,
      acks: { requestsPerRound: 1000, rounds: 4, concurrency: 16 },
      slowPartner: {
        latencies: [200, 1500, 3000, 7500, 30_000, 'hang'] as const,
        deliveryWaitMs: 120_000,
      },
      load: { ratesPerSecond: [25, 50, 100, 200], stepMs: 60_000 },
    };
const resultsDirectory = new URL('./results/', import.meta.url).pathname;

const progress = (line: string) => console.error(line);

let services: LocalServices | undefined;
let rig: TurnRig | undefined;
let workDir: string | undefined;
let cleaned = false;
/** Module-level so an interrupted run still reports what it measured. */
const rows: Row[] = [];

async function cleanUp(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  rig?.close();
  await services?.stop().catch((error: unknown) => {
    progress(`stopping the local services: ${(error as Error).message}`);
  });
  if (workDir) await rm(workDir, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping; figures so far:`);
    printTable(rows, (line) => console.log(line));
    void cleanUp().finally(() => process.exit(130));
  });
}

/** Sections that failed; the others still report. */
const failures: string[] = [];

async function section(name: string, work: () => Promise<Row[]>): Promise<void> {
  if (only && !only.some((word) => name.toLowerCase().includes(word))) return;
  progress(`${name}…`);
  try {
    rows.push(...(await work()));
  } catch (error) {
    failures.push(name);
    progress(`${name} failed: ${(error as Error).stack ?? String(error)}`);
    rows.push({
      figure: `${name}: FAILED`,
      measured: (error as Error).message.slice(0, 80),
      floor: '',
      target: '',
    });
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  progress(`bench (${quick ? 'quick' : 'full'}): starting DynamoDB Local, SQS, demo partner…`);
  const local = await startLocalServices();
  services = local;
  workDir = await mkdtemp(path.join(tmpdir(), 'switchboard-bench-'));
  const bundleDir = workDir;
  progress(`  services ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  await section('G2 bundle size and import time', () =>
    benchBundles({ services: local, workDir: bundleDir, samples: sizes.importSamples, progress }),
  );
  const turnRig = makeTurnRig(local);
  rig = turnRig;
  const turnOptions = { samples: sizes.turnSamples, warmUp: sizes.warmUp };
  await section('G1 turn overhead', () => benchTurns(turnRig, turnOptions));
  await section('G5 breaker open', () => benchBreaker(turnRig, local, turnOptions));
  await section('G3 webhook acks', () => benchWebhookAcks(local, sizes.acks));
  // Load before the slow partner: its hung calls and open breakers would linger into the load.
  await section('load', () => benchLoad(local, sizes.load));
  await section('G4 slow partner', () => benchSlowPartner(local, sizes.slowPartner));
  progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

let exitCode = 0;
try {
  await main();
  if (failures.length > 0) exitCode = 1;
  console.log('');
  printTable(rows, (line) => console.log(line));
  console.log(
    '\nRatios compare with a floor measured in this run on the same local services; a busy machine moves both.',
  );
  if (only) {
    console.log('a partial run (--only): bench/results/ left as it was');
  } else {
    await writeResults(
      rows,
      resultsDirectory,
      `\`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}). Ratios compare with floors measured in the same run.`,
    );
    console.log(`results: ${resultsDirectory}latest.json, latest.md, latency.svg`);
  }
} catch (error) {
  exitCode = 1;
  console.error(`bench failed: ${(error as Error).stack ?? String(error)}`);
  const log = services?.log.slice(-20) ?? [];
  if (log.length > 0) console.error(`last local runtime log lines:\n${log.join('\n')}`);
} finally {
  await cleanUp();
}
// Keep-alive sockets or SDK timers must not hold the process after the report.
process.exit(exitCode);
