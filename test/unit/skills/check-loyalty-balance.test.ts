import { describe, expect, it } from 'vitest';
import type { CustomerRecord, SkillResult } from '#shared/conversation/types.ts';
import { render } from '#shared/i18n/index.ts';
import { checkLoyaltyBalance, pinLockMs } from '#shared/skills/check-loyalty-balance.ts';
import { failed, fakePartners, now, ok, skillContext } from './fakes.ts';

const anna = {
  id: 'C-1001',
  name: 'Anna Kowalska',
  locale: 'pl-PL',
  loyalty: { points: 320, tier: 'silver', updatedAt: '2025-06-01T00:00:00Z' },
};
const rightPin = '4321';

function crm() {
  return fakePartners({
    'crm.findCustomerByPhone': (input) =>
      (input as { phone: string }).phone === '+48500100200' ? ok(anna) : failed('not-found'),
    'crm.verifyPin': (input) => ok({ verified: (input as { pin: string }).pin === rightPin }),
    'crm.getLoyalty': () =>
      ok({ customerId: 'C-1001', points: 320, tier: 'silver', updatedAt: 'x' }),
  });
}

const customer = (extra: Partial<CustomerRecord> = {}): CustomerRecord => ({
  phone: '+48500100200',
  pinFailures: 0,
  ...extra,
});

/** Whatever a result carries that could be stored or said: the PIN must be in none of it. */
const leaks = (result: SkillResult, pin: string): boolean =>
  JSON.stringify({ ...result, slots: result.slots ?? {} }).includes(pin);

describe('CheckLoyaltyBalance', () => {
  it('asks for the PIN in the dialog phase without calling anyone', () => {
    const result = checkLoyaltyBalance.validate(skillContext({ phase: 'dialog' }));
    expect(result).toMatchObject({
      outcome: 'elicit',
      slotToElicit: 'pin',
      messages: [{ key: 'loyalty.askPin' }],
    });
    expect(
      checkLoyaltyBalance.validate(skillContext({ phase: 'dialog', slots: { pin: '12' } })),
    ).toMatchObject({
      outcome: 'elicit',
      slotToElicit: 'pin',
      messages: [{ key: 'loyalty.pinFormat' }],
    });
  });

  it('identifies the caller by phone, asks for the PIN before saying any account data', async () => {
    const partners = crm();
    const result = await checkLoyaltyBalance.run(
      skillContext({ callPartner: partners.callPartner }),
    );
    expect(result).toMatchObject({
      outcome: 'elicit',
      slotToElicit: 'pin',
      customer: { crmId: 'C-1001' },
    });
    expect(partners.calls.map((call) => call.operation)).toEqual(['findCustomerByPhone']);
  });

  it('says the balance after the right PIN, resets failures and remembers the verification', async () => {
    const partners = crm();
    const result = await checkLoyaltyBalance.run(
      skillContext({
        locale: 'pl-PL',
        slots: { pin: rightPin },
        customer: customer({ pinFailures: 2 }),
        callPartner: partners.callPartner,
      }),
    );
    expect(result.outcome).toBe('fulfilled');
    expect(result.customer).toEqual({ crmId: 'C-1001', pinFailures: 0 });
    expect(result.memory).toEqual({ verifiedCustomerId: 'C-1001', verifiedAt: now });
    expect(partners.calls.map((call) => call.operation)).toEqual([
      'findCustomerByPhone',
      'verifyPin',
      'getLoyalty',
    ]);
    const [message] = result.messages;
    expect(message && render('pl-PL', message, { now }).text).toBe(
      'Masz 320 punktów. Możesz je wymienić na rabat albo darmową dostawę.',
    );
    expect(leaks(result, rightPin)).toBe(false);
  });

  it('skips the PIN once verified in this session', async () => {
    const partners = crm();
    const result = await checkLoyaltyBalance.run(
      skillContext({ memory: { verifiedCustomerId: 'C-1001' }, callPartner: partners.callPartner }),
    );
    expect(result.outcome).toBe('fulfilled');
    expect(partners.calls.map((call) => call.operation)).toEqual(['getLoyalty']);
  });

  it('re-asks after a wrong PIN, counting the failure, without keeping the PIN', async () => {
    const partners = crm();
    const result = await checkLoyaltyBalance.run(
      skillContext({
        slots: { pin: '9999' },
        customer: customer(),
        callPartner: partners.callPartner,
      }),
    );
    expect(result).toMatchObject({
      outcome: 'elicit',
      slotToElicit: 'pin',
      messages: [{ key: 'loyalty.wrongPin', params: { attemptsLeft: 2 } }],
      customer: { pinFailures: 1 },
      slots: {},
    });
    expect(leaks(result, '9999')).toBe(false);
    expect(partners.calls.map((call) => call.operation)).not.toContain('getLoyalty');
  });

  it('locks for 15 minutes and hands off after three consecutive failures', async () => {
    const partners = crm();
    let record = customer();
    const results: SkillResult[] = [];
    for (const pin of ['1111', '2222', '3333']) {
      const result = await checkLoyaltyBalance.run(
        skillContext({ slots: { pin }, customer: record, callPartner: partners.callPartner }),
      );
      results.push(result);
      record = { ...record, ...result.customer };
    }
    expect(results.map((result) => result.outcome)).toEqual(['elicit', 'elicit', 'handoff']);
    expect(results[2]?.messages).toEqual([{ key: 'loyalty.lockedNow' }]);
    expect(record.lockedUntil).toBe(now + pinLockMs);
    expect(results.some((result) => leaks(result, '1111') || leaks(result, '3333'))).toBe(false);
  });

  it('hands off without checking while locked, even with the right PIN', async () => {
    const partners = crm();
    const locked = customer({ lockedUntil: now + 60_000 });
    const result = await checkLoyaltyBalance.run(
      skillContext({
        slots: { pin: rightPin },
        customer: locked,
        callPartner: partners.callPartner,
      }),
    );
    expect(result).toMatchObject({ outcome: 'handoff', messages: [{ key: 'loyalty.locked' }] });
    expect(partners.calls).toEqual([]);
    expect(
      checkLoyaltyBalance.validate(skillContext({ phase: 'dialog', customer: locked })).outcome,
    ).toBe('handoff');
  });

  it('fails politely with no phone number or an unknown caller', async () => {
    const noPhone = await checkLoyaltyBalance.run(
      skillContext({ phone: null, callPartner: crm().callPartner }),
    );
    expect(noPhone).toMatchObject({ outcome: 'failed', messages: [{ key: 'loyalty.noPhone' }] });
    const stranger = await checkLoyaltyBalance.run(
      skillContext({
        phone: '+15550000000',
        slots: { pin: rightPin },
        callPartner: crm().callPartner,
      }),
    );
    expect(stranger).toMatchObject({
      outcome: 'failed',
      messages: [{ key: 'loyalty.unknownCaller' }],
    });
  });

  it('does not count a CRM outage as a wrong PIN', async () => {
    const partners = fakePartners({
      'crm.findCustomerByPhone': () => ok(anna),
      'crm.verifyPin': () => failed('timeout'),
    });
    const result = await checkLoyaltyBalance.run(
      skillContext({
        slots: { pin: rightPin },
        customer: customer({ pinFailures: 2 }),
        callPartner: partners.callPartner,
      }),
    );
    expect(result).toMatchObject({
      outcome: 'failed',
      messages: [{ key: 'common.partnerUnavailable' }],
    });
    expect(result.customer?.pinFailures).toBeUndefined();
    expect(result.customer?.lockedUntil).toBeUndefined();
  });
});
