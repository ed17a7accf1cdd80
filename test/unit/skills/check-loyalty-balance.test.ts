import { describe, expect, it } from 'vitest';
import { render } from '#shared/i18n/index.ts';
import { checkLoyaltyBalance } from '#shared/skills/check-loyalty-balance.ts';
import { failed, fakePartners, now, ok, skillContext } from './fakes.ts';

const anna = {
  id: 'C-1001',
  name: 'Anna Kowalska',
  locale: 'pl-PL',
  loyalty: { points: 320, tier: 'silver', updatedAt: '2025-06-01T00:00:00Z' },
};

function crm() {
  return fakePartners({
    'crm.findCustomerByPhone': (input) =>
      (input as { phone: string }).phone === '+48500100200' ? ok(anna) : failed('not-found'),
    'crm.getLoyalty': () =>
      ok({ customerId: 'C-1001', points: 320, tier: 'silver', updatedAt: 'x' }),
  });
}

// The PIN and code dialog that comes first is the identity policy's (test/unit/identity/).
describe('CheckLoyaltyBalance', () => {
  it('is for verified customers only', () => {
    expect(checkLoyaltyBalance.audience).toBe('verified-customer');
  });

  it('says the verified caller’s balance in their language and remembers their CRM id', async () => {
    const partners = crm();
    const result = await checkLoyaltyBalance.run(
      skillContext({ locale: 'pl-PL', callPartner: partners.callPartner }),
    );
    expect(result.outcome).toBe('fulfilled');
    expect(result.customer).toEqual({ crmId: 'C-1001' });
    expect(partners.calls.map((call) => call.operation)).toEqual([
      'findCustomerByPhone',
      'getLoyalty',
    ]);
    const [message] = result.messages;
    expect(message && render('pl-PL', message, { now }).text).toBe(
      'Masz 320 punktów. Możesz je wymienić na rabat albo darmową dostawę.',
    );
  });

  it('skips the lookup when the CRM id is already known', async () => {
    const partners = crm();
    const result = await checkLoyaltyBalance.run(
      skillContext({
        customer: { phone: '+48500100200', crmId: 'C-1001' },
        callPartner: partners.callPartner,
      }),
    );
    expect(result.outcome).toBe('fulfilled');
    expect(partners.calls.map((call) => call.operation)).toEqual(['getLoyalty']);
  });

  it('tells a verified caller the CRM has no account for their number', async () => {
    const result = await checkLoyaltyBalance.run(
      skillContext({ phone: '+15550000000', callPartner: crm().callPartner }),
    );
    expect(result).toMatchObject({
      outcome: 'failed',
      messages: [{ key: 'loyalty.unknownCaller' }],
    });
  });

  it('answers a CRM outage with the partner apology', async () => {
    const partners = fakePartners({
      'crm.findCustomerByPhone': () => ok(anna),
      'crm.getLoyalty': () => failed('timeout'),
    });
    const result = await checkLoyaltyBalance.run(
      skillContext({ callPartner: partners.callPartner }),
    );
    expect(result).toMatchObject({
      outcome: 'failed',
      messages: [{ key: 'common.partnerUnavailable' }],
    });
  });
});
