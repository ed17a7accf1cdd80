/**
 * The per-turn metrics every fulfillment function emits (CloudWatch EMF through Powertools), with
 * the names the stack's dashboard and alarms read.
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ChannelName, Reply } from '#shared/conversation/types.ts';

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
