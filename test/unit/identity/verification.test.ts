import { describe, expect, it } from 'vitest';
import { defaultIdentityLimits } from '#shared/identity/limits.ts';
import {
  checkVerificationSlots,
  codeDigest,
  type VerificationDeps,
  verifyCaller,
} from '#shared/identity/verification.ts';
import { memoryVerificationStore } from '../../support/memory-verification-store.ts';
import { failed, fakePartners, now, ok, skillContext } from '../skills/fakes.ts';

const anna = {
  id: 'C-1001',
  name: 'Anna Kowalska',
  locale: 'pl-PL',
  loyalty: { points: 320, tier: 'silver', updatedAt: '2025-06-01T00:00:00Z' },
};
const annasPhone = '+48500100200';
const rightPin = '4321';
const session = 'session-ref';

function crm() {
  return fakePartners({
    'crm.findCustomerByPhone': (input) =>
      (input as { phone: string }).phone === annasPhone ? ok(anna) : failed('not-found'),
    'crm.verifyPin': (input) => ok({ verified: (input as { pin: string }).pin === rightPin }),
    'sms.send': () => ok({ sid: 'SM1', status: 'queued', segments: 1 }),
  });
}

function deps(): VerificationDeps & { store: ReturnType<typeof memoryVerificationStore> } {
  return {
    store: memoryVerificationStore(),
    limits: defaultIdentityLimits,
    newCode: () => '246810',
  };
}

const said = (value: unknown) => JSON.stringify(value);

describe('verifyCaller', () => {
  it('asks for a PIN and offers a code, calling no one', async () => {
    const partners = crm();
    const outcome = await verifyCaller(
      skillContext({ callPartner: partners.callPartner }),
      session,
      deps(),
    );
    expect(outcome).toMatchObject({
      verified: false,
      result: {
        outcome: 'elicit',
        slotToElicit: 'pin',
        messages: [{ key: 'loyalty.askPin' }, { key: 'identity.offerCode' }],
      },
    });
    expect(partners.calls).toEqual([]);
  });

  it('verifies the right PIN and clears the wrong attempts before it', async () => {
    const partners = crm();
    const d = deps();
    await verifyCaller(
      skillContext({ slots: { pin: '1111' }, callPartner: partners.callPartner }),
      session,
      d,
    );
    const outcome = await verifyCaller(
      skillContext({ slots: { pin: rightPin }, callPartner: partners.callPartner }),
      session,
      d,
    );
    expect(outcome).toEqual({ verified: true, method: 'pin', phone: annasPhone, crmId: 'C-1001' });
    expect(d.store.attempts.has(annasPhone)).toBe(false);
  });

  it('answers an unknown number exactly like a wrong PIN, and counts it', async () => {
    const d = deps();
    const stranger = await verifyCaller(
      skillContext({
        phone: '+15550000000',
        slots: { pin: '1111' },
        callPartner: crm().callPartner,
      }),
      session,
      d,
    );
    const customer = await verifyCaller(
      skillContext({ slots: { pin: '1111' }, callPartner: crm().callPartner }),
      session,
      d,
    );
    expect(said(stranger)).toBe(said(customer));
    expect(stranger).toMatchObject({
      result: { messages: [{ key: 'loyalty.wrongPin', params: { attemptsLeft: 2 } }] },
    });
  });

  it('locks after three wrong PINs and then refuses even the right one without asking the CRM', async () => {
    const partners = crm();
    const d = deps();
    const outcomes = [];
    for (const pin of ['1111', '2222', '3333', rightPin]) {
      outcomes.push(
        await verifyCaller(
          skillContext({ slots: { pin }, callPartner: partners.callPartner }),
          session,
          d,
        ),
      );
    }
    expect(outcomes.map((o) => (o.verified ? 'verified' : o.result.outcome))).toEqual([
      'elicit',
      'elicit',
      'handoff',
      'handoff',
    ]);
    expect(outcomes[3]).toMatchObject({ result: { messages: [{ key: 'loyalty.locked' }] } });
    expect(partners.calls.filter((call) => call.operation === 'verifyPin')).toHaveLength(3);
    expect(outcomes.some((o) => said(o).includes('1111') || said(o).includes(rightPin))).toBe(
      false,
    );
  });

  it('gives the attempt back when the CRM does not answer', async () => {
    const d = deps();
    const partners = fakePartners({
      'crm.findCustomerByPhone': () => ok(anna),
      'crm.verifyPin': () => failed('timeout'),
    });
    const outcome = await verifyCaller(
      skillContext({ slots: { pin: rightPin }, callPartner: partners.callPartner }),
      session,
      d,
    );
    expect(outcome).toMatchObject({ result: { messages: [{ key: 'common.partnerUnavailable' }] } });
    expect(d.store.attempts.get(annasPhone)?.count).toBe(0);
  });

  it('texts a one-time code on request and accepts it once, in the same session only', async () => {
    const partners = crm();
    const d = deps();
    const sent = await verifyCaller(
      skillContext({ slots: { pin: 'send me a code' }, callPartner: partners.callPartner }),
      session,
      d,
    );
    expect(sent).toMatchObject({ result: { outcome: 'elicit', slotToElicit: 'code' } });
    const sms = partners.calls.find((call) => call.operation === 'send');
    expect(JSON.stringify(sms?.input)).toContain('246810');
    expect(said(sent)).not.toContain('246810');
    expect(d.store.codes.get(annasPhone)?.digest).toBe(codeDigest(session, '246810'));

    const elsewhere = await verifyCaller(
      skillContext({ slots: { code: '246810' }, callPartner: partners.callPartner }),
      'another-session',
      d,
    );
    expect(elsewhere.verified).toBe(false);
    const here = await verifyCaller(
      skillContext({ slots: { code: '246810' }, callPartner: partners.callPartner }),
      session,
      d,
    );
    expect(here).toEqual({ verified: true, method: 'code', phone: annasPhone });
    const again = await verifyCaller(
      skillContext({ slots: { code: '246810' }, callPartner: partners.callPartner }),
      session,
      d,
    );
    expect(again.verified).toBe(false);
  });

  it('refuses a code after it expires', async () => {
    const partners = crm();
    const d = deps();
    await verifyCaller(
      skillContext({ slots: { pin: 'code' }, callPartner: partners.callPartner }),
      session,
      d,
    );
    const late = skillContext({ slots: { code: '246810' }, callPartner: partners.callPartner });
    const outcome = await verifyCaller(
      { ...late, now: now + defaultIdentityLimits.codeTtlMs + 1 },
      session,
      d,
    );
    expect(outcome).toMatchObject({ verified: false, result: { slotToElicit: 'code' } });
  });

  it('says the same about an unknown number asking for a code, and texts nothing', async () => {
    const partners = crm();
    const outcome = await verifyCaller(
      skillContext({
        phone: '+15550000000',
        slots: { pin: 'kod' },
        callPartner: partners.callPartner,
      }),
      session,
      deps(),
    );
    expect(outcome).toMatchObject({ result: { messages: [{ key: 'identity.codeSent' }] } });
    expect(partners.calls.map((call) => call.operation)).not.toContain('send');
  });

  it('limits how many codes one number gets', async () => {
    const partners = crm();
    const d = deps();
    const keys = [];
    for (let i = 0; i < 4; i++) {
      const outcome = await verifyCaller(
        skillContext({ slots: { pin: 'code' }, callPartner: partners.callPartner }),
        session,
        d,
      );
      keys.push(outcome.verified ? 'verified' : outcome.result.messages[0]?.key);
    }
    expect(keys).toEqual([
      'identity.codeSent',
      'identity.codeSent',
      'identity.codeSent',
      'identity.codeLimit',
    ]);
    expect(partners.calls.filter((call) => call.operation === 'send')).toHaveLength(3);
  });

  it('needs a number to verify against', async () => {
    const outcome = await verifyCaller(skillContext({ phone: null }), session, deps());
    expect(outcome).toMatchObject({ result: { messages: [{ key: 'identity.needPhone' }] } });
  });
});

describe('checkVerificationSlots (dialog phase)', () => {
  it('judges only the shape of a PIN or code', () => {
    const dialog = (slots: Record<string, string>) =>
      checkVerificationSlots(skillContext({ phase: 'dialog', slots }));
    expect(dialog({})).toMatchObject({ slotToElicit: 'pin' });
    expect(dialog({ pin: '12' })).toMatchObject({ messages: [{ key: 'loyalty.pinFormat' }] });
    expect(dialog({ pin: '4321' })).toBeUndefined();
    expect(dialog({ pin: 'код' })).toBeUndefined();
    expect(dialog({ code: '12345' })).toMatchObject({ slotToElicit: 'code' });
    expect(dialog({ code: '123 456' })).toBeUndefined();
  });
});
