import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import {
  breakdownMetricNames,
  partnerMetrics,
  recordTurn,
  turnMetricNames,
} from '#shared/observability/metrics.ts';

/**
 * The EMF documents Powertools writes, as CloudWatch would read them. POWERTOOLS_DEV (set for
 * every test) writes them with the global console, and mutes them unless told otherwise.
 */
function emitted(record: (metrics: Metrics) => void): Record<string, unknown>[] {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    record(new Metrics({ namespace: 'Switchboard', serviceName: 'lex-fulfillment' }));
    return log.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
  } finally {
    log.mockRestore();
    vi.unstubAllEnvs();
  }
}

describe('recordTurn', () => {
  it('emits the turn count by channel, intent and outcome, and its duration by channel', () => {
    const documents = emitted((metrics) =>
      recordTurn(metrics, 'lex', { outcome: 'pending', intent: 'CheckOrderStatus' }, 812),
    );
    expect(documents).toHaveLength(2);
    expect(documents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          [turnMetricNames.duration]: 812,
          channel: 'lex',
          service: 'lex-fulfillment',
        }),
        expect.objectContaining({
          [turnMetricNames.turns]: 1,
          channel: 'lex',
          intent: 'CheckOrderStatus',
          outcome: 'pending',
        }),
      ]),
    );
    const durationDocument = documents.find((document) => turnMetricNames.duration in document);
    expect(durationDocument).not.toHaveProperty('intent');
  });

  it('names the fallback turn that matched no skill', () => {
    const [, turns] = emitted((metrics) => recordTurn(metrics, 'chat', { outcome: 'elicit' }, 5));
    expect(turns).toMatchObject({ intent: 'none', outcome: 'elicit', channel: 'chat' });
  });
});

describe('partnerMetrics', () => {
  it('puts a broken-down count on its own line, and a plain count on the shared one', () => {
    const documents = emitted((metrics) => {
      const counter = partnerMetrics(metrics);
      counter.count(breakdownMetricNames.partnerCalls, 1, {
        partner: 'shop',
        operation: 'getOrder',
        result: 'timeout',
      });
      counter.count('PartnerCall');
      metrics.publishStoredMetrics();
    });
    const breakdown = documents.find((document) => breakdownMetricNames.partnerCalls in document);
    expect(breakdown).toMatchObject({ partner: 'shop', operation: 'getOrder', result: 'timeout' });
    const plain = documents.find((document) => 'PartnerCall' in document);
    expect(plain).toBeDefined();
    expect(plain).not.toHaveProperty('operation');
  });
});
