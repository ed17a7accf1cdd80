/**
 * Load: the four channels' turns and shop webhooks together, at a fixed arrival rate from the
 * generator's process, against the local runtime (gateway, function environments, DynamoDB
 * Local, SQS, the event worker draining the webhooks). Steps up the rate and stops at the first
 * step that is not sustained: a step is sustained when every request is answered without error,
 * no arrival found the generator's in-flight limit full, and the turn p99 is within 300 ms.
 */
import type { LocalServices } from './local.ts';
import { describeShares, runGenerator } from './processes.ts';
import type { Row } from './report.ts';
import { channelKinds, shopInboundSecret } from './requests.ts';
import { untilShopAnswers } from './slow-partner.ts';
import { ms, summarize } from './stats.ts';

const turnP99TargetMs = 300;
const designRatePerSecond = 200;

export async function benchLoad(
  services: LocalServices,
  options: { readonly ratesPerSecond: readonly number[]; readonly stepMs: number },
): Promise<Row[]> {
  const rows: Row[] = [];
  const shopSecret = shopInboundSecret(services.secrets);
  let highestSustained = 0;
  let limit = 'every step sustained';
  let probe = 0;
  await untilShopAnswers(services.runtime.url, () => {
    probe += 1;
    return `8${Date.now().toString().slice(-6)}${probe}`;
  });
  for (const rate of options.ratesPerSecond) {
    const { result, cpu } = await runGenerator({
      mode: 'open',
      base: services.runtime.url,
      // `rate` turns/s spread over the channels, plus `rate` webhooks/s.
      mix: [
        ...channelKinds.map((kind) => ({ kind, weight: 1 })),
        { kind: 'webhook' as const, weight: channelKinds.length },
      ],
      ratePerSecond: rate * 2,
      maxInFlight: 256,
      count: Math.ceil((rate * 2 * options.stepMs) / 1000),
      durationMs: options.stepMs,
      shopSecret,
      runTag: `load-${rate}-${Date.now().toString(36)}`,
    });
    const turnLatencies = channelKinds.flatMap((kind) => result.kinds[kind]?.latenciesMs ?? []);
    const turns = summarize(turnLatencies);
    const webhooks = summarize(result.kinds.webhook?.latenciesMs ?? []);
    const errors: Record<string, number> = {};
    for (const kind of Object.values(result.kinds)) {
      for (const [answer, count] of Object.entries(kind.answers)) {
        if (answer !== 'ok') errors[answer] = (errors[answer] ?? 0) + count;
      }
    }
    const errorCount = Object.values(errors).reduce((sum, count) => sum + count, 0);
    const achievedTurns = (turnLatencies.length / result.elapsedMs) * 1000;
    const sustained =
      errorCount === 0 && result.skipped === 0 && turns.p99 <= turnP99TargetMs && turns.n > 0;
    const label = `load ${rate}+${rate}/s for ${options.stepMs / 1000} s`;
    rows.push(
      {
        figure: `${label}: turn p50 / p99 (n=${turns.n})`,
        measured: `${ms(turns.p50)} / ${ms(turns.p99)}`,
        floor: `webhook p99 ${ms(webhooks.p99)}`,
        value: turns.p99,
        unit: 'ms',
        target: `p99 ≤ ${turnP99TargetMs} ms`,
        within: turns.p99 <= turnP99TargetMs,
      },
      {
        figure: `${label}: errors, arrivals skipped`,
        measured: `${errorCount} ${JSON.stringify(errors)}, ${result.skipped}`,
        floor: `${achievedTurns.toFixed(0)} turns/s answered`,
        value: errorCount + result.skipped,
        unit: 'count',
        target: '0',
        within: errorCount === 0 && result.skipped === 0,
      },
      {
        figure: `${label}: CPU`,
        measured: describeShares(cpu),
        floor: '',
        target: '(context)',
      },
    );
    if (!sustained) {
      limit = describeLimit(
        cpu.machineBusy,
        errorCount,
        result.skipped,
        turns.p99,
        describeShares(cpu),
      );
      break;
    }
    highestSustained = rate;
  }
  rows.push({
    figure: 'load: highest sustained turns/s (+ as many webhooks/s)',
    measured: String(highestSustained),
    floor: limit,
    value: highestSustained,
    unit: 'turns/s',
    target: `≥ ${designRatePerSecond}`,
    within: highestSustained >= designRatePerSecond,
  });
  return rows;
}

/** The first thing that gave: a saturated machine, the answers, or the tail alone. */
function describeLimit(
  machineBusy: number | undefined,
  errors: number,
  skipped: number,
  p99: number,
  shares: string,
): string {
  const symptom =
    errors > 0
      ? `${errors} errors`
      : skipped > 0
        ? `${skipped} arrivals found 256 in flight`
        : `turn p99 ${ms(p99)}`;
  const cause =
    machineBusy !== undefined && machineBusy > 0.9 ? 'CPU-bound' : 'not CPU-bound (waits)';
  return `${symptom}; ${cause}: ${shares}`;
}
