/**
 * Turn overhead: a CheckOrderStatus Lex turn run in-process, partner at 0 ms, against the bare
 * calls it needs. Uncached: the response cache is emptied before each turn (outside the timed
 * part), so every turn reaches the partner, as the floor does. Cached: the same order again,
 * answered from the cache, against a floor without the HTTP call.
 */
import type { Row } from './report.ts';
import { ms, summarize } from './stats.ts';
import { type Timed, type TurnRig, timed } from './turn-rig.ts';

const targets = { p50: 1.2, p99: 1.5, cpuP99Ms: 2, dynamoCallsPerTurn: 3, logLinesPerTurn: 2 };

export interface Phase {
  readonly turn: Timed[];
  readonly floor: Timed[];
  readonly dynamoCallsPerTurn: number;
  readonly logLinesPerTurn: number;
  /** Turns that took another path (e.g. 'pending' when a busy machine made the call time out). */
  readonly offPath: number;
}

/** Turn and floor interleaved, each on a session of its own, after `warmUp` unrecorded pairs. */
export async function runPhase(
  rig: TurnRig,
  options: {
    readonly label: string;
    readonly samples: number;
    readonly warmUp: number;
    readonly clearCache: boolean;
    readonly floorCallsPartner: boolean;
    readonly expect: (outcome: string) => boolean;
  },
): Promise<Phase> {
  const turn: Timed[] = [];
  const floor: Timed[] = [];
  const runTag = `${options.label}-${Date.now().toString(36)}`;
  let dynamoCalls = 0;
  let logLines = 0;
  let offPath = 0;
  let adopted = false;
  const total = options.warmUp + options.samples;
  for (let i = 0; turn.length < options.samples; i += 1) {
    if (options.clearCache) rig.partners.state.cache.clear();
    const callsBefore = rig.dynamoCalls();
    const linesBefore = rig.logLines();
    const errorsBefore = rig.loggedErrors();
    let outcome = '';
    const sessionId = `bench-${runTag}-t${i}`;
    const measured = await timed(async () => {
      outcome = await rig.turn(sessionId);
    });
    if (!options.expect(outcome) || rig.loggedErrors() > errorsBefore) {
      // Not timed, but reported: a few are a busy machine, many are a broken path.
      offPath += 1;
      if (offPath > Math.max(5, total / 10)) {
        throw new Error(
          `${options.label}: ${offPath} turns off the path (last: '${outcome}', partner call: ${rig.lastPartnerCall()})`,
        );
      }
      continue;
    }
    if (!adopted) {
      await rig.adoptSessionPayload(sessionId);
      adopted = true;
    }
    const bare = await timed(() => rig.floor(`bench-${runTag}-f${i}`, options.floorCallsPartner));
    if (i < options.warmUp) continue;
    turn.push(measured);
    floor.push(bare);
    dynamoCalls += rig.dynamoCalls() - callsBefore;
    logLines += rig.logLines() - linesBefore;
  }
  return {
    turn,
    floor,
    dynamoCallsPerTurn: dynamoCalls / options.samples,
    logLinesPerTurn: logLines / options.samples,
    offPath,
  };
}

/** Our CPU: the turn's thread CPU minus the floor's typical CPU for the same I/O. */
export function ourCpu(phase: Phase) {
  const turnCpu = summarize(phase.turn.map((sample) => sample.cpuMs));
  const floorCpu = summarize(phase.floor.map((sample) => sample.cpuMs));
  const withoutGc = summarize(phase.turn.map((sample) => sample.cpuMs - sample.gcMs));
  const turnsWithGc = phase.turn.filter((sample) => sample.gcMs > 0).length;
  return {
    p50: turnCpu.p50 - floorCpu.p50,
    p99: turnCpu.p99 - floorCpu.p50,
    p99WithoutGc: withoutGc.p99 - floorCpu.p50,
    /** Tail against tail, as the wall-clock p99 ratio compares them. */
    p99AgainstFloorP99: turnCpu.p99 - floorCpu.p99,
    floorP99: floorCpu.p99,
    /** The floor's own tail: the same I/O stack, none of our code. */
    floorSpread: floorCpu.p99 - floorCpu.p50,
    turnsWithGc,
    floorP50: floorCpu.p50,
    n: turnCpu.n,
  };
}

/**
 * What the CPU tail is made of. The p99 above subtracts the floor's median, so it charges us
 * with the I/O stack's own tail (SDK, HTTP, loopback syscalls); this row compares tail with
 * tail, and shows how much of it is garbage collection.
 */
export function cpuTailRow(name: string, phase: Phase, targetMs: number): Row {
  const cpu = ourCpu(phase);
  return {
    figure: `${name} our CPU/turn p99, turn p99 − floor p99`,
    measured: `${ms(cpu.p99AgainstFloorP99)} (GC in ${cpu.turnsWithGc}/${cpu.n} turns; without it the p99 above is ${ms(cpu.p99WithoutGc)})`,
    floor: `floor CPU p99 ${ms(cpu.floorP99)}, its own p99 − p50 ${ms(cpu.floorSpread)}`,
    value: cpu.p99AgainstFloorP99,
    unit: 'ms CPU',
    target: `(context for p99 ≤ ${targetMs} ms)`,
  };
}

function phaseRows(name: string, phase: Phase): Row[] {
  const wall = summarize(phase.turn.map((sample) => sample.wallMs));
  const floorWall = summarize(phase.floor.map((sample) => sample.wallMs));
  const cpu = ourCpu(phase);
  const p50 = wall.p50 / floorWall.p50;
  const p99 = wall.p99 / floorWall.p99;
  return [
    {
      figure: `${name} turn p50 (n=${wall.n})`,
      measured: ms(wall.p50),
      floor: ms(floorWall.p50),
      value: wall.p50,
      floorValue: floorWall.p50,
      unit: 'ms',
      ratio: p50,
      target: `≤ ${targets.p50}×`,
      within: p50 <= targets.p50,
    },
    {
      figure: `${name} turn p99`,
      measured: ms(wall.p99),
      floor: ms(floorWall.p99),
      value: wall.p99,
      floorValue: floorWall.p99,
      unit: 'ms',
      ratio: p99,
      target: `≤ ${targets.p99}×`,
      within: p99 <= targets.p99,
    },
    {
      figure: `${name} our CPU/turn p50 / p99`,
      measured: `${ms(cpu.p50)} / ${ms(cpu.p99)}`,
      floor: `${ms(cpu.floorP50)} (floor CPU p50, subtracted)`,
      value: cpu.p99,
      unit: 'ms CPU',
      target: `p99 ≤ ${targets.cpuP99Ms} ms`,
      within: cpu.p99 <= targets.cpuP99Ms,
    },
    cpuTailRow(name, phase, targets.cpuP99Ms),
    {
      figure: `${name} turns off the path (not timed)`,
      measured: String(phase.offPath),
      floor: '0',
      value: phase.offPath,
      unit: 'count',
      target: '0',
      within: phase.offPath === 0,
    },
  ];
}

export async function benchTurns(
  rig: TurnRig,
  options: { readonly samples: number; readonly warmUp: number },
): Promise<Row[]> {
  const fulfilled = (outcome: string) => outcome === 'fulfilled';
  const uncached = await runPhase(rig, {
    label: 'uncached',
    ...options,
    clearCache: true,
    floorCallsPartner: true,
    expect: fulfilled,
  });
  const cached = await runPhase(rig, {
    label: 'cached',
    ...options,
    clearCache: false,
    floorCallsPartner: false,
    expect: fulfilled,
  });
  return [
    ...phaseRows('G1 uncached', uncached),
    ...phaseRows('G1 cached', cached),
    {
      figure: 'G1 DynamoDB calls/turn (uncached)',
      measured: uncached.dynamoCallsPerTurn.toFixed(2),
      value: uncached.dynamoCallsPerTurn,
      unit: 'calls',
      floor: '3 (Get, Query, TransactWrite)',
      target: `≤ ${targets.dynamoCallsPerTurn}`,
      within: uncached.dynamoCallsPerTurn <= targets.dynamoCallsPerTurn,
    },
    {
      figure: 'G1 log lines/turn (uncached)',
      measured: uncached.logLinesPerTurn.toFixed(2),
      value: uncached.logLinesPerTurn,
      unit: 'lines',
      floor: '0',
      target: `≤ ${targets.logLinesPerTurn}`,
      within: uncached.logLinesPerTurn <= targets.logLinesPerTurn,
    },
  ];
}
