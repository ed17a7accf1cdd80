/**
 * The per-turn metrics every fulfillment function emits (CloudWatch EMF through Powertools), with
 * the names the stack's dashboard and alarms read.
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { PartnerMetrics } from '#shared/connectors/call-partner.ts';
import type { ChannelName, Reply } from '#shared/conversation/types.ts';

/** Counts with their own dimensions, each on its own EMF line (see `recordTurn`). */
export const breakdownMetricNames = {
  /** Per partner, operation and result (`ok`, `pending` or the error code). */
  partnerCalls: 'PartnerCalls',
  /** Per partner and answer (`accepted`, `duplicate` or the refusal's code). */
  webhookDeliveries: 'WebhookDeliveries',
} as const;

export const turnMetricNames = {
  /** Count per channel, skill (`intent`) and outcome. */
  turns: 'Turns',
  /** Milliseconds from the request to the rendered answer, per channel. */
  duration: 'TurnDuration',
  channels: ['lex', 'connect', 'dialogflow-cx', 'chat'] as const satisfies readonly ChannelName[],
} as const;

/** Records one answered turn; its own EMF line, so its dimensions never leak onto other metrics. */
export function recordTurn(
  metrics: Metrics,
  channel: ChannelName,
  reply: Pick<Reply, 'outcome' | 'intent'>,
  durationMs: number,
): void {
  const byChannel = metrics.singleMetric();
  byChannel.addDimension('channel', channel);
  byChannel.addMetric(turnMetricNames.duration, MetricUnit.Milliseconds, durationMs);
  const byOutcome = metrics.singleMetric();
  byOutcome.addDimensions({ channel, intent: reply.intent ?? 'none', outcome: reply.outcome });
  byOutcome.addMetric(turnMetricNames.turns, MetricUnit.Count, 1);
}

/** A count, with dimensions of its own when given (so they never leak onto other metrics). */
export function countMetric(
  metrics: Metrics,
  name: string,
  value = 1,
  dimensions?: Readonly<Record<string, string>>,
): void {
  if (!dimensions) {
    metrics.addMetric(name, MetricUnit.Count, value);
    return;
  }
  const single = metrics.singleMetric();
  single.addDimensions({ ...dimensions });
  single.addMetric(name, MetricUnit.Count, value);
}

/** What `callPartner` counts with, on a Powertools `Metrics`. */
export const partnerMetrics = (metrics: Metrics): PartnerMetrics => ({
  count: (name, value, dimensions) => countMetric(metrics, name, value, dimensions),
});
