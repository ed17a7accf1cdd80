/**
 * Bundles and cold start: per function of the topology, the minified bundle size and the time to import
 * the bundle in a fresh `node`, against a floor bundle that only loads the same `@aws-sdk/*`
 * packages and constructs the same clients. Both are built with the CDK wrapper's settings
 * (infra/stack/switchboard-function.ts), so the SDK stays external as the Lambda runtime
 * provides it; a `node_modules` link next to the bundles lets Node find it.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { projectRoot } from '#infra/local/config.ts';
import { switchboardTopology } from '#infra/topology/switchboard.ts';
import type { FunctionSpec } from '#infra/topology/types.ts';
import type { LocalServices } from './local.ts';
import type { Row } from './report.ts';
import { kb, ms, summarize } from './stats.ts';

/** Targets: a fulfillment bundle that fits a fast cold start, and a load near the SDK's own. */
const fulfillmentBudgetBytes = 500 * 1024;
const loadRatioTarget = 1.3;
const fulfillmentFunctions = new Set([
  'lex-fulfillment',
  'connect-fulfillment',
  'http-fulfillment',
]);

interface Built {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** `@aws-sdk/*` packages the bundle leaves to the runtime. */
  readonly sdkPackages: readonly string[];
}

/** The same settings as the `NodejsFunction` bundling of `SwitchboardFunction`. */
async function build(entry: string, outfile: string): Promise<Built> {
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    absWorkingDir: projectRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    sourcemap: true,
    keepNames: true,
    metafile: true,
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    logLevel: 'silent',
  });
  const sdkPackages = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external && imported.path.startsWith('@aws-sdk/')) {
        sdkPackages.add(imported.path.split('/').slice(0, 2).join('/'));
      }
    }
  }
  const content = await readFile(outfile);
  return {
    file: outfile,
    bytes: (await stat(outfile)).size,
    gzipBytes: gzipSync(content).length,
    sdkPackages: [...sdkPackages].sort(),
  };
}

/** `import { XClient } …; new XClient({})` for each client package, a bare import for the rest. */
async function floorSource(sdkPackages: readonly string[]): Promise<string> {
  const lines: string[] = [];
  const constructs: string[] = [];
  for (const [index, name] of sdkPackages.entries()) {
    if (!name.startsWith('@aws-sdk/client-')) {
      lines.push(`import '${name}';`);
      continue;
    }
    const module: Record<string, unknown> = await import(name);
    const clientName = Object.keys(module).find(
      (key) => /^[A-Z]\w*Client$/.test(key) && typeof module[key] === 'function',
    );
    if (!clientName) throw new Error(`no client class exported by ${name}`);
    lines.push(`import { ${clientName} as C${index} } from '${name}';`);
    constructs.push(`new C${index}({})`);
  }
  lines.push(`export const clients = [${constructs.join(', ')}];`);
  return `${lines.join('\n')}\n`;
}

/** Imports `file` in a fresh `node` (with the source-map flag the stack sets) and times it. */
function timeImport(
  loader: string,
  file: string,
  env: Record<string, string>,
): Promise<{ ok: true; ms: number } | { ok: false; problem: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', loader, file], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    // A bundle whose init hangs must not hang the bench.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const match = /BENCH_IMPORT_MS (\d+(?:\.\d+)?)/.exec(stdout);
      if (code === 0 && match?.[1]) resolve({ ok: true, ms: Number(match[1]) });
      else {
        const lastLine = stderr.trim().split('\n').at(-1) ?? '';
        resolve({ ok: false, problem: `exit ${code}: ${lastLine.slice(0, 160)}` });
      }
    });
  });
}

const loaderSource = `const started = performance.now();
await import(process.argv[2]);
const elapsed = performance.now() - started;
process.stdout.write('\\nBENCH_IMPORT_MS ' + elapsed.toFixed(3) + '\\n');
// SDK keep-alive sockets opened by an init warm-up would keep the process alive.
process.exit(0);
`;

export async function benchBundles(options: {
  readonly services: LocalServices;
  readonly workDir: string;
  readonly samples: number;
  readonly progress: (line: string) => void;
}): Promise<Row[]> {
  const { services, workDir, samples, progress } = options;
  await symlink(path.join(projectRoot, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');
  const loader = path.join(workDir, 'load.mjs');
  await writeFile(loader, loaderSource);

  const rows: Row[] = [];
  const floors = new Map<string, Built>();
  for (const spec of switchboardTopology.functions) {
    const target = await build(
      path.join(projectRoot, spec.entry),
      path.join(workDir, spec.name, 'index.mjs'),
    );
    const floorKey = target.sdkPackages.join(',');
    let floor = floors.get(floorKey);
    if (!floor) {
      const floorDir = path.join(workDir, `floor-${floors.size}`);
      await mkdir(floorDir, { recursive: true });
      const entry = path.join(floorDir, 'entry.mjs');
      await writeFile(entry, await floorSource(target.sdkPackages));
      floor = await build(entry, path.join(floorDir, 'index.mjs'));
      floors.set(floorKey, floor);
    }
    rows.push(sizeRow(spec, target, floor));
    rows.push(await loadRow(spec, target, floor, loader, services, samples));
    if (spec.name === phasedFunction) {
      rows.push(...(await initPhaseRows(spec, target, floor, loader, services, samples, workDir)));
    }
    progress(`  bundles: ${spec.name} done`);
  }
  return rows;
}

/** The three fulfillment functions share their init; one of them is broken down. */
const phasedFunction = 'lex-fulfillment';

/**
 * Where a fulfillment function's init goes: bundles that each add one phase to the one before,
 * from the SDK-only floor to the real handler, each imported in a fresh `node`. A phase's cost
 * is the difference of two medians, so on a busy machine a small one can come out negative.
 */
function initPhases(sdkFloorSource: string): ReadonlyArray<{ name: string; source: string }> {
  const file = (relative: string) => JSON.stringify(path.join(projectRoot, relative));
  const powertools = `${sdkFloorSource}
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
export const powertools = [new Logger(), new Metrics(), middy];
`;
  const zod = `${powertools}
import * as z from 'zod';
export const schema = z.object({ a: z.string() }).parse({ a: '' });
`;
  const modules = `${zod}
export * as handlerModule from ${file('shared/channels/fulfillment-handler.ts')};
export * as lexModule from ${file('shared/channels/lex.ts')};
import { makeFulfillment } from ${file('shared/channels/fulfillment.ts')};
`;
  const built = `${modules}
export const fulfillment = makeFulfillment();
`;
  return [
    { name: 'Powertools Logger, Metrics and middy', source: powertools },
    { name: 'zod', source: zod },
    { name: 'our modules evaluated (schemas, catalogs, skills, partners)', source: modules },
    { name: 'makeFulfillment() (clients, engine, connectors)', source: built },
  ];
}

async function initPhaseRows(
  spec: FunctionSpec,
  target: Built,
  floor: Built,
  loader: string,
  services: LocalServices,
  samples: number,
  workDir: string,
): Promise<Row[]> {
  const env = services.functionEnv(spec);
  const sdkOnlySource = await floorSource(target.sdkPackages);
  const steps: Array<{ name: string; file: string }> = [
    { name: 'SDK clients (the floor)', file: floor.file },
  ];
  for (const [index, phase] of initPhases(sdkOnlySource).entries()) {
    const directory = path.join(workDir, `phase-${index}`);
    await mkdir(directory, { recursive: true });
    const entry = path.join(directory, 'entry.mjs');
    await writeFile(entry, phase.source);
    steps.push({
      name: phase.name,
      file: (await build(entry, path.join(directory, 'index.mjs'))).file,
    });
  }
  steps.push({
    name: 'warm-up in init (locale data, first DynamoDB/SQS calls, secrets)',
    file: target.file,
  });
  const times = steps.map(() => [] as number[]);
  // Interleaved, the first round unrecorded, as in the load rows.
  for (let round = 0; round < samples + 1; round += 1) {
    for (const [index, step] of steps.entries()) {
      const measured = await timeImport(loader, step.file, env);
      if (!measured.ok) throw new Error(`init phase '${step.name}' failed: ${measured.problem}`);
      if (round > 0) times[index]?.push(measured.ms);
    }
  }
  const medians = times.map((samplesOfStep) => summarize(samplesOfStep).p50);
  const total = (medians.at(-1) ?? Number.NaN) - (medians[0] ?? Number.NaN);
  return steps.slice(1).map((step, index) => {
    const cost = (medians[index + 1] ?? Number.NaN) - (medians[index] ?? Number.NaN);
    return {
      figure: `${spec.name} init: + ${step.name}`,
      measured: ms(cost),
      floor: `${ms(medians[0] ?? Number.NaN)} SDK-only load`,
      value: cost,
      unit: 'ms',
      target: `${((cost / total) * 100).toFixed(0)}% of our init`,
    };
  });
}

function sizeRow(spec: FunctionSpec, target: Built, floor: Built): Row {
  const budgeted = fulfillmentFunctions.has(spec.name);
  return {
    figure: `${spec.name} bundle (min, gzip)`,
    measured: `${kb(target.bytes)}, ${kb(target.gzipBytes)}`,
    floor: kb(floor.bytes),
    value: target.bytes / 1024,
    floorValue: floor.bytes / 1024,
    unit: 'KB',
    target: budgeted ? '≤ 500 KB' : '(none)',
    ...(budgeted && { within: target.bytes <= fulfillmentBudgetBytes }),
  };
}

async function loadRow(
  spec: FunctionSpec,
  target: Built,
  floor: Built,
  loader: string,
  services: LocalServices,
  samples: number,
): Promise<Row> {
  const env = services.functionEnv(spec);
  const figure = `${spec.name} import p50 (incl. init)`;
  const targetMs: number[] = [];
  const floorMs: number[] = [];
  // Interleaved, so a busy moment on the machine hits both sides alike.
  for (let i = 0; i < samples + 1; i += 1) {
    const measured = await timeImport(loader, target.file, env);
    if (!measured.ok) {
      return {
        figure,
        measured: `failed: ${measured.problem}`,
        floor: '',
        target: '≤ 1.3×',
        within: false,
      };
    }
    const bare = await timeImport(loader, floor.file, env);
    if (!bare.ok) throw new Error(`floor bundle for ${spec.name} failed to load: ${bare.problem}`);
    // The first pair warms the OS file cache; it is not a sample.
    if (i === 0) continue;
    targetMs.push(measured.ms);
    floorMs.push(bare.ms);
  }
  const t = summarize(targetMs);
  const f = summarize(floorMs);
  const ratio = t.p50 / f.p50;
  return {
    figure,
    measured: ms(t.p50),
    floor: ms(f.p50),
    value: t.p50,
    floorValue: f.p50,
    unit: 'ms',
    ratio,
    target: `≤ ${loadRatioTarget}×`,
    within: ratio <= loadRatioTarget,
  };
}
