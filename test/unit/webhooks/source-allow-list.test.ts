import { describe, expect, it } from 'vitest';
import { sourceAllowList, webhookSourceCidrsFromEnv } from '#shared/webhooks/source-allow-list.ts';

describe('the webhook source allow-list', () => {
  const allowed = sourceAllowList({ payments: ['203.0.113.0/24', '2001:db8::/32'] });

  it('lets a listed partner deliver only from its blocks, IPv4 and IPv6', () => {
    expect(allowed('payments', '203.0.113.7')).toBe(true);
    expect(allowed('payments', '2001:db8:1::5')).toBe(true);
    expect(allowed('payments', '198.51.100.7')).toBe(false);
    expect(allowed('payments', '2001:db9::1')).toBe(false);
  });

  it('refuses a listed partner when the source is unknown or not an address', () => {
    expect(allowed('payments', undefined)).toBe(false);
    expect(allowed('payments', 'localhost')).toBe(false);
  });

  it('lets a partner without a list deliver from anywhere', () => {
    expect(allowed('shop', '198.51.100.7')).toBe(true);
  });

  it('reads WEBHOOK_SOURCE_CIDRS, and refuses a bad value naming the variable', () => {
    expect(webhookSourceCidrsFromEnv({})).toEqual({});
    expect(webhookSourceCidrsFromEnv({ WEBHOOK_SOURCE_CIDRS: '{"sms":["54.0.0.0/8"]}' })).toEqual({
      sms: ['54.0.0.0/8'],
    });
    expect(() =>
      webhookSourceCidrsFromEnv({ WEBHOOK_SOURCE_CIDRS: '{"sms":["54.0.0.0"]}' }),
    ).toThrow(/WEBHOOK_SOURCE_CIDRS.*not a CIDR block/s);
    expect(() => webhookSourceCidrsFromEnv({ WEBHOOK_SOURCE_CIDRS: 'sms' })).toThrow(
      /WEBHOOK_SOURCE_CIDRS must be JSON/,
    );
  });
});
