/** The key layout is a contract with every item already stored: a change here strands data. */
import { describe, expect, it } from 'vitest';
import {
  breakerKey,
  customerSortKeys,
  entityKey,
  entityStateKey,
  expiresAt,
  jobKey,
  newsKey,
  outboundEndpointKey,
  profileKey,
  referenceKey,
  referencePartition,
  referenceRowKey,
  sessionKey,
  timelineKey,
} from '#shared/state/table-design.ts';

describe('ConversationState key layout', () => {
  it('keeps every aggregate under its own prefix', () => {
    expect(sessionKey('lex', 's-1')).toEqual({ pk: 'session#lex#s-1', sk: 'state' });
    expect(profileKey('+48500100200')).toEqual({ pk: 'customer#+48500100200', sk: 'profile' });
    expect(newsKey('+48500100200', 'order#1')).toEqual({
      pk: 'customer#+48500100200',
      sk: 'news#order#1',
    });
    expect(timelineKey('+48500100200', '2026-11-21T09:00:00Z', 'evt-1')).toEqual({
      pk: 'customer#+48500100200',
      sk: 'timeline#2026-11-21T09:00:00Z#evt-1',
    });
    expect(entityStateKey(entityKey('order', '12345'))).toEqual({ pk: 'order#12345', sk: 'state' });
    expect(jobKey('j-1')).toEqual({ pk: 'job#j-1', sk: 'job' });
    expect(breakerKey({ partner: 'shop', operation: 'getOrder' })).toEqual({
      pk: 'breaker#shop',
      sk: 'getOrder',
    });
    expect(referenceRowKey(referencePartition('store-hours'), referenceKey('Kraków'))).toEqual({
      pk: 'reference#store-hours',
      sk: 'krakow',
    });
    expect(outboundEndpointKey('crm')).toEqual({ pk: 'outbound#crm', sk: 'subscription' });
  });

  it('sorts news before the profile and the timeline after it, so one range reads both', () => {
    const sortKeys = [
      timelineKey('+1', '2026-01-01T00:00:00Z', 'e').sk,
      customerSortKeys.profile,
      newsKey('+1', 'order#1').sk,
    ].sort();
    expect(sortKeys).toEqual(['news#order#1', 'profile', 'timeline#2026-01-01T00:00:00Z#e']);
  });

  it('expresses expiry in epoch seconds, as DynamoDB TTL reads it', () => {
    expect(expiresAt(1_000_999, 60)).toBe(1060);
  });
});
