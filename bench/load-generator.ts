/**
 * The load generator, run as its own process (`node bench/load-generator.ts '<plan json>'`) so
 * its CPU is not counted as Switchboard's and can be read apart. It only talks to loopback
 * addresses, and stops at `count` requests or `durationMs`, whichever comes first; requests
 * still in flight after the drain time are abandoned and counted as errors.
 *
 * Modes: `closed` keeps `concurrency` requests in flight (throughput); `open` sends at
 * `ratePerSecond` whatever the answers (latency under a fixed arrival rate), never more than
 * `maxInFlight` at once: an arrival that finds them all busy is counted as `skipped`, the sign
 * that the server cannot keep up.
 */
import {
  type BenchRequest,
  type ChannelKind,
  type RequestKind,
  readAnswer,
  signedShopWebhook,
  turnRequest,
} from './requests.ts';

export interface LoadPlan {
  readonly mode: 'closed' | 'open';
  readonly base: string;
  /** Request kinds and their share of the traffic. */
  readonly mix: ReadonlyArray<{ readonly kind: RequestKind; readonly weight: number }>;
  readonly concurrency?: number;
  readonly ratePerSecond?: number;
  readonly maxInFlight?: number;
  readonly count: number;
  readonly durationMs: number;
  readonly shopSecret: string;
  /** Makes session ids and event ids unique across runs on the same services. */
  readonly runTag: string;
}

export interface KindResult {
  readonly latenciesMs: number[];
  /** `ok`, `http <status>`, `function-error`, `network`, `outcome <x>` (a turn that failed). */
  readonly answers: Record<string, number>;
}

export interface LoadResult {
  readonly sent: number;
  readonly skipped: number;
  readonly elapsedMs: number;
  readonly kinds: Record<string, KindResult>;
}

const drainMs = 15_000;
const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

function request(plan: LoadPlan, kind: RequestKind, index: number): BenchRequest {
  const id = `${plan.runTag}-${index}`;
  if (kind === 'webhook') {
    return signedShopWebhook({
      base: plan.base,
      secret: plan.shopSecret,
      eventId: `evt_${id}`,
      orderNumber: `L${id}`,
      status: 'shipped',
      changedAt: new Date(),
    });
  }
  return turnRequest(kind, plan.base, {
    sessionId: `load-${id}`,
    intent: 'CheckOrderStatus',
    slots: { orderNumber: '12345' },
  });
}

function classify(kind: RequestKind, status: number, headers: Headers, body: string): string {
  if (kind === 'webhook') return status === 202 || status === 200 ? 'ok' : `http ${status}`;
  if (status !== 200) return `http ${status}`;
  if (headers.get('x-amz-function-error')) return 'function-error';
  const outcome = readAnswer(kind as ChannelKind, body).outcome;
  return outcome === 'failed' ? `outcome ${outcome}` : 'ok';
}

export async function runPlan(plan: LoadPlan): Promise<LoadResult> {
  if (!loopback.has(new URL(plan.base).hostname)) {
    throw new Error(`the load generator only targets loopback, not ${plan.base}`);
  }
  const totalWeight = plan.mix.reduce((sum, entry) => sum + entry.weight, 0);
  const kindAt = (index: number): RequestKind => {
    // Deterministic interleaving by weight, so every window of the run has the same mix.
    let slot = (index * 0.618_033_988_75 * totalWeight) % totalWeight;
    for (const entry of plan.mix) {
      if (slot < entry.weight) return entry.kind;
      slot -= entry.weight;
    }
    return plan.mix[0]?.kind ?? 'chat';
  };
  const kinds: Record<string, KindResult> = {};
  const record = (kind: RequestKind, latency: number | undefined, answer: string) => {
    kinds[kind] ??= { latenciesMs: [], answers: {} };
    const result = kinds[kind];
    if (latency !== undefined) result.latenciesMs.push(latency);
    result.answers[answer] = (result.answers[answer] ?? 0) + 1;
  };
  const started = performance.now();
  const stopAt = started + plan.durationMs;
  const abandon = AbortSignal.timeout(plan.durationMs + drainMs);
  let sent = 0;
  let skipped = 0;
  let inFlight = 0;

  const one = async (index: number) => {
    const kind = kindAt(index);
    const { url, headers, body } = request(plan, kind, index);
    const begun = performance.now();
    inFlight += 1;
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: abandon });
      const text = await response.text();
      record(
        kind,
        performance.now() - begun,
        classify(kind, response.status, response.headers, text),
      );
    } catch {
      record(kind, undefined, 'network');
    } finally {
      inFlight -= 1;
    }
  };

  if (plan.mode === 'closed') {
    const workers = Array.from({ length: plan.concurrency ?? 1 }, async () => {
      while (sent < plan.count && performance.now() < stopAt) {
        const index = sent;
        sent += 1;
        await one(index);
      }
    });
    await Promise.all(workers);
  } else {
    const intervalMs = 1000 / (plan.ratePerSecond ?? 1);
    const maxInFlight = plan.maxInFlight ?? 256;
    const pending = new Set<Promise<void>>();
    for (let index = 0; index < plan.count; index += 1) {
      const due = started + index * intervalMs;
      if (due >= stopAt) break;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      if (inFlight >= maxInFlight) {
        skipped += 1;
        continue;
      }
      sent += 1;
      const call = one(index).finally(() => pending.delete(call));
      pending.add(call);
    }
    await Promise.all(pending);
  }
  return { sent, skipped, elapsedMs: performance.now() - started, kinds };
}

if (import.meta.main) {
  const plan = JSON.parse(process.argv[2] ?? '') as LoadPlan;
  const result = await runPlan(plan);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
