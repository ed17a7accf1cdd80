/**
 * Breaker open: with the shop.getOrder breaker open (the demo partner answering 503), how
 * much of our time a turn costs, how fast `callPartner` fails, and how many calls still reach
 * the partner (target: none).
 */
import { randomUUID } from 'node:crypto';
import { callPartner } from '#shared/connectors/call-partner.ts';
import { control, type LocalServices } from './local.ts';
import type { Row } from './report.ts';
import { ms, summarize } from './stats.ts';
import { cpuTailRow, ourCpu, runPhase } from './turn.ts';
import { orderNumber, type Timed, type TurnRig, timed } from './turn-rig.ts';

const breakerKey = { partner: 'shop', operation: 'getOrder' } as const;
const fastFailP99TargetMs = 1;

async function shopGetOrderCalls(services: LocalServices): Promise<number> {
  const calls = await control(services, 'GET', 'calls');
  const count =
    typeof calls === 'object' && calls !== null
      ? (calls as Record<string, unknown>)['shop.getOrder']
      : undefined;
  if (typeof count !== 'number') throw new Error('demo partner: no shop.getOrder call count');
  return count;
}

/** Fails turns until the breaker opens (5 failures in 30 s; each turn tries up to 3 times). */
async function openBreaker(rig: TurnRig, services: LocalServices): Promise<void> {
  await control(services, 'POST', 'faults', { target: 'shop.getOrder', status: 503 });
  for (let i = 0; i < 10; i += 1) {
    if (rig.partners.breakers.peek(breakerKey) === 'open') return;
    rig.partners.state.cache.clear();
    await rig.turn(`bench-open-${Date.now().toString(36)}-${i}`);
  }
  throw new Error('the shop.getOrder breaker did not open');
}

export async function benchBreaker(
  rig: TurnRig,
  services: LocalServices,
  options: { readonly samples: number; readonly warmUp: number },
): Promise<Row[]> {
  await openBreaker(rig, services);
  try {
    const callsBefore = await shopGetOrderCalls(services);

    // callPartner alone: the fast-fail path, against an empty async function.
    const fastFail: Timed[] = [];
    const empty: Timed[] = [];
    const nothing = async () => {};
    for (let i = 0; i < options.warmUp + options.samples * 4; i += 1) {
      rig.partners.state.cache.clear();
      let code = '';
      const measured = await timed(async () => {
        const result = await callPartner(rig.partners, {
          ...breakerKey,
          input: { orderNumber },
          deadline: { at: Date.now() + 3000 },
          correlationId: randomUUID(),
        });
        code = result.kind === 'failed' ? result.error.code : result.kind;
      });
      if (code !== 'circuit-open') throw new Error(`breaker phase: callPartner gave '${code}'`);
      const bare = await timed(nothing);
      if (i < options.warmUp) continue;
      fastFail.push(measured);
      empty.push(bare);
    }

    // Whole turns: the answer is the fallback; the floor is the DynamoDB calls alone.
    const phase = await runPhase(rig, {
      label: 'breaker',
      ...options,
      clearCache: true,
      floorCallsPartner: false,
      expect: (outcome) => outcome === 'failed',
    });
    if (rig.partners.breakers.peek(breakerKey) !== 'open') {
      throw new Error('the breaker closed during the breaker phase');
    }
    const partnerCalls = (await shopGetOrderCalls(services)) - callsBefore;

    const call = summarize(fastFail.map((sample) => sample.wallMs));
    const floorCall = summarize(empty.map((sample) => sample.wallMs));
    const cpu = ourCpu(phase);
    const wall = summarize(phase.turn.map((sample) => sample.wallMs));
    const floorWall = summarize(phase.floor.map((sample) => sample.wallMs));
    return [
      {
        figure: `G5 callPartner fast-fail p99 (n=${call.n})`,
        measured: ms(call.p99),
        floor: `${ms(floorCall.p99)} (empty async fn)`,
        value: call.p99,
        floorValue: floorCall.p99,
        unit: 'ms',
        ratio: call.p99 / floorCall.p99,
        target: `≤ ${fastFailP99TargetMs} ms`,
        within: call.p99 <= fastFailP99TargetMs,
      },
      {
        figure: `G5 breaker-open turn p50 (n=${wall.n})`,
        measured: ms(wall.p50),
        floor: ms(floorWall.p50),
        value: wall.p50,
        floorValue: floorWall.p50,
        unit: 'ms',
        ratio: wall.p50 / floorWall.p50,
        target: '(context)',
      },
      {
        figure: 'G5 breaker-open our CPU/turn p50 / p99',
        measured: `${ms(cpu.p50)} / ${ms(cpu.p99)}`,
        floor: `${ms(cpu.floorP50)} (floor CPU p50, subtracted)`,
        value: cpu.p99,
        unit: 'ms CPU',
        target: `p99 ≤ ${fastFailP99TargetMs} ms`,
        within: cpu.p99 <= fastFailP99TargetMs,
      },
      cpuTailRow('G5 breaker-open', phase, fastFailP99TargetMs),
      {
        figure: 'G5 partner calls while open',
        measured: String(partnerCalls),
        floor: '0',
        value: partnerCalls,
        unit: 'calls',
        target: '0',
        within: partnerCalls === 0,
      },
    ];
  } finally {
    await control(services, 'DELETE', 'faults');
  }
}
