import { describe, expect, it } from 'vitest';
import { parseActivity } from '#infra/local/console/activity.ts';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 'INFO', timestamp: '2031-05-14T10:00:00.000Z', ...fields });

describe('the console reads activity from function log lines', () => {
  it('reads a partner call audit line with its latency, result and breaker state', () => {
    expect(
      parseActivity(
        line({
          message: 'partner call',
          audit: 'partner-call',
          partner: 'shop',
          operation: 'getOrder',
          status: 'pending',
          latencyMs: 3012,
          attempts: 2,
          breakerState: 'closed',
          cacheHit: false,
          jobId: 'job-1',
          correlationId: 'c-1',
        }),
      ),
    ).toEqual({
      kind: 'partner-call',
      partner: 'shop',
      operation: 'getOrder',
      status: 'pending',
      latencyMs: 3012,
      attempts: 2,
      breakerState: 'closed',
      cacheHit: false,
      jobId: 'job-1',
    });
  });

  it('reads a breaker transition', () => {
    expect(
      parseActivity(
        line({
          message: 'circuit breaker transition',
          audit: 'breaker',
          partner: 'crm',
          operation: 'getLoyalty',
          from: 'closed',
          to: 'open',
        }),
      ),
    ).toEqual({
      kind: 'breaker',
      partner: 'crm',
      operation: 'getLoyalty',
      from: 'closed',
      to: 'open',
    });
  });

  it('tells accepted, duplicate and rejected webhooks apart, with the rejection reason', () => {
    const accepted = { message: 'webhook accepted', partner: 'shop', eventId: 'msg_1' };
    expect(parseActivity(line({ ...accepted, outcome: 'new' }))).toMatchObject({
      kind: 'webhook-in',
      answer: 'accepted',
    });
    expect(parseActivity(line({ ...accepted, outcome: 'duplicate' }))).toMatchObject({
      answer: 'duplicate',
    });
    expect(
      parseActivity(
        line({ message: 'webhook rejected', partner: 'shop', reason: 'bad-signature' }),
      ),
    ).toEqual({ kind: 'webhook-in', partner: 'shop', answer: 'rejected', reason: 'bad-signature' });
    expect(
      parseActivity(line({ message: 'webhook payload invalid', partner: 'crm', type: 'x' })),
    ).toMatchObject({ answer: 'rejected', reason: 'payload does not match its schema' });
  });

  it('reads finished jobs and outbound delivery attempts', () => {
    expect(
      parseActivity(
        line({
          message: 'job finished',
          jobId: 'j',
          partner: 'shop',
          operation: 'getOrder',
          status: 'succeeded',
        }),
      ),
    ).toEqual({
      kind: 'job',
      jobId: 'j',
      partner: 'shop',
      operation: 'getOrder',
      status: 'succeeded',
    });
    expect(
      parseActivity(
        line({
          message: 'outbound webhook retry scheduled',
          endpoint: 'tickets',
          attempt: 1,
          status: 503,
        }),
      ),
    ).toEqual({
      kind: 'outbound',
      endpoint: 'tickets',
      attempt: 1,
      result: 'retry scheduled',
      status: 503,
    });
  });

  it('ignores every other line, JSON or not', () => {
    expect(parseActivity(line({ message: 'turn failed' }))).toBeUndefined();
    expect(parseActivity('Cold start took 80 ms')).toBeUndefined();
    expect(parseActivity('{not json')).toBeUndefined();
    expect(parseActivity('[1,2]')).toBeUndefined();
  });
});
