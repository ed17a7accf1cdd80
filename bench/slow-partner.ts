/**
 * Slow partner: a CheckOrderStatus turn on every channel, through the local runtime as the
 * platforms call it, while the shop answers after 0.2 … 30 s or never. The first reply must
 * come within the channel's budget (+50 ms), and a turn that went `pending` must have its result
 * delivered later: once the shop is healthy again, the caller's next turn (a poll where the
 * channel has one) speaks it. The order numbers are unknown to the shop, one per turn, so no
 * cached answer short-cuts the partner and the result ("I couldn't find order N") names it.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { localCredentials, localRegion } from '#infra/local/services/aws-local.ts';
import { channelBudgets } from '#shared/channels/budgets.ts';
import { jobKey } from '#shared/state/table-design.ts';
import { control, type LocalServices } from './local.ts';
import type { Row } from './report.ts';
import {
  type ChannelKind,
  channelKinds,
  readAnswer,
  type TurnInput,
  turnRequest,
} from './requests.ts';
import { ms } from './stats.ts';

const overBudgetAllowanceMs = 50;
const hang = 'hang';
type Latency = number | typeof hang;

async function send(base: string, kind: ChannelKind, turn: TurnInput) {
  const { url, headers, body } = turnRequest(kind, base, turn);
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  if (response.status !== 200 || response.headers.get('x-amz-function-error')) {
    return { elapsedMs, outcome: `error ${response.status}`, text: '' };
  }
  return { elapsedMs, ...readAnswer(kind, text) };
}

/** SSML and digit-by-digit reading split the number; its digits in order still name it. */
const speaksOrder = (text: string, orderNumber: string) =>
  text.replaceAll(/\D/g, '').includes(orderNumber);

/** Lex and CX have no poll: their next turn asks something that needs no partner. */
const followUp = (kind: ChannelKind, sessionId: string): TurnInput =>
  kind === 'chat' || kind === 'connect'
    ? { sessionId, intent: 'CheckOrderStatus', slots: {}, action: 'poll' as const }
    : { sessionId, intent: 'CheckStoreHours', slots: { city: 'Boston' } };

async function deliveredLater(
  base: string,
  kind: ChannelKind,
  sessionId: string,
  orderNumber: string,
  waitMs: number,
): Promise<boolean> {
  const until = Date.now() + waitMs;
  while (Date.now() < until) {
    const answer = await send(base, kind, followUp(kind, sessionId));
    if (speaksOrder(answer.text, orderNumber)) return true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}

/**
 * Turns on every channel until each reaches the shop again. The shop's breaker state is shared
 * through DynamoDB, so an earlier section's failures (or the previous latency level's timeouts)
 * leave it open for its 15 s and the next turns would measure the fast-fail instead.
 */
export async function untilShopAnswers(base: string, orderFor: () => string): Promise<void> {
  const until = Date.now() + 90_000;
  for (const kind of channelKinds) {
    for (;;) {
      const orderNumber = orderFor();
      const answer = await send(base, kind, {
        sessionId: `slow-health-${kind}-${orderNumber}`,
        intent: 'CheckOrderStatus',
        slots: { orderNumber },
      }).catch(() => undefined);
      if (answer && speaksOrder(answer.text, orderNumber)) break;
      if (Date.now() > until) throw new Error(`the shop stayed unreachable through ${kind}`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** How the deferred call ended, from its job record: `succeeded`, or `failed (<code>)`. */
async function jobOutcome(dynamo: DynamoDBClient, jobId: string): Promise<string> {
  const { pk, sk } = jobKey(jobId);
  const { Item } = await dynamo.send(
    new GetItemCommand({
      TableName: 'ConversationState',
      Key: { pk: { S: pk }, sk: { S: sk } },
      ConsistentRead: true,
    }),
  );
  const status = Item?.status?.S ?? 'no record';
  const code = Item?.error?.M?.code?.S;
  return code ? `${status} (${code})` : status;
}

export async function benchSlowPartner(
  services: LocalServices,
  options: { readonly latencies: readonly Latency[]; readonly deliveryWaitMs: number },
): Promise<Row[]> {
  const base = services.runtime.url;
  const budgets = channelBudgets({});
  const runTag = Date.now().toString().slice(-6);
  let turnIndex = 0;
  const orderFor = () => {
    turnIndex += 1;
    return `9${runTag}${String(turnIndex).padStart(3, '0')}`;
  };

  // The first environment of each function starts outside the measurement.
  await control(services, 'DELETE', 'faults');
  await untilShopAnswers(base, orderFor);

  const rows: Row[] = [];
  let pendingTurns = 0;
  let delivered = 0;
  const jobOutcomes = new Map<string, number>();
  const dynamo = new DynamoDBClient({
    region: localRegion,
    credentials: localCredentials,
    endpoint: services.runtime.dynamoDbEndpoint,
  });
  for (const latency of options.latencies) {
    await untilShopAnswers(base, orderFor);
    await control(services, 'POST', 'faults', {
      target: 'shop.getOrder',
      ...(latency === hang ? { hang: true } : { latencyMs: latency }),
    });
    const turns = channelKinds.map((kind) => ({
      kind,
      sessionId: `slow-${kind}-${latency}-${runTag}`,
      orderNumber: orderFor(),
    }));
    const answers = await Promise.all(
      turns.map((turn) =>
        send(base, turn.kind, {
          sessionId: turn.sessionId,
          intent: 'CheckOrderStatus',
          slots: { orderNumber: turn.orderNumber },
        }),
      ),
    );
    // The shop recovers; what was deferred must now reach the caller.
    await control(services, 'DELETE', 'faults');
    const deferredJobs = answers.flatMap((answer) => (answer.jobId ? [answer.jobId] : []));
    const checks = await Promise.all(
      turns.map(async (turn, index) => {
        const answer = answers[index];
        if (answer?.outcome !== 'pending') return speaksOrder(answer?.text ?? '', turn.orderNumber);
        pendingTurns += 1;
        return deliveredLater(
          base,
          turn.kind,
          turn.sessionId,
          turn.orderNumber,
          options.deliveryWaitMs,
        );
      }),
    );
    for (const jobId of deferredJobs) {
      const outcome = await jobOutcome(dynamo, jobId);
      jobOutcomes.set(outcome, (jobOutcomes.get(outcome) ?? 0) + 1);
    }
    const label = latency === hang ? 'hanging' : `${latency / 1000} s`;
    turns.forEach((turn, index) => {
      const answer = answers[index];
      const budget = budgets[turn.kind];
      const elapsed = answer?.elapsedMs ?? Number.NaN;
      if (checks[index] && answer?.outcome === 'pending') delivered += 1;
      rows.push({
        figure: `slow partner ${label}: ${turn.kind} first reply (${answer?.outcome})`,
        measured: ms(elapsed),
        floor: `${budget} ms budget`,
        value: elapsed,
        floorValue: budget,
        unit: 'ms',
        ratio: elapsed / budget,
        target: `≤ budget + ${overBudgetAllowanceMs} ms`,
        within: elapsed <= budget + overBudgetAllowanceMs,
      });
    });
  }
  dynamo.destroy();
  rows.push({
    figure: 'slow partner: pending results delivered later',
    measured: `${delivered}/${pendingTurns}`,
    floor: `deferred jobs: ${[...jobOutcomes].map(([outcome, count]) => `${count} ${outcome}`).join(', ') || 'none'}`,
    value: pendingTurns === 0 ? 100 : (delivered / pendingTurns) * 100,
    unit: '%',
    target: '100%',
    within: delivered === pendingTurns,
  });
  return rows;
}
