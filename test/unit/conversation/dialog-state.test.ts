import { describe, expect, it } from 'vitest';
import { handleTurn } from '#shared/conversation/engine.ts';
import type { SkillContext } from '#shared/conversation/types.ts';
import { readYesNo } from '#shared/conversation/yes-no.ts';
import { engineDeps, fakeSkill, said, turn } from './fakes.ts';

const orderStatus = () =>
  fakeSkill('CheckOrderStatus', {
    slots: ['orderNumber'],
    run: (context) =>
      context.slots.orderNumber
        ? { outcome: 'fulfilled', messages: [{ key: 'order.shipped' }] }
        : {
            outcome: 'elicit',
            slotToElicit: 'orderNumber',
            messages: [{ key: 'order.askNumber' }],
          },
  });

const storeHours = () =>
  fakeSkill('CheckStoreHours', {
    slots: ['city'],
    run: (context) =>
      context.slots.city
        ? { outcome: 'fulfilled', messages: [{ key: 'storeHours.open' }] }
        : { outcome: 'elicit', slotToElicit: 'city', messages: [{ key: 'storeHours.askCity' }] },
  });

const booking = () =>
  fakeSkill('BookAppointment', {
    run: (context) =>
      context.turn.confirmation === 'confirmed'
        ? { outcome: 'fulfilled', messages: [{ key: 'appointment.booked' }] }
        : { outcome: 'confirm', messages: [{ key: 'appointment.confirm' }] },
  });

const paymentLink = () => {
  const skill = fakeSkill('SendPaymentLink', {
    run: () => ({ outcome: 'fulfilled', messages: [{ key: 'payment.sent' }] }),
  });
  return Object.assign(skill, {
    sideEffect: { confirmFirst: 'routing.confirmPaymentLink' as const },
  });
};

const runs = (contexts: readonly SkillContext[]) => contexts.length;

describe('free text continues the dialog', () => {
  it('fills the slot the bot asked for, and names the intent', async () => {
    const skill = orderStatus();
    const { deps } = engineDeps({ skills: [skill] });
    await handleTurn(deps, turn({ intent: 'CheckOrderStatus' }));
    const reply = await handleTurn(deps, turn({ text: '10001' }));
    expect(reply).toMatchObject({ outcome: 'fulfilled', intent: 'CheckOrderStatus' });
    expect(skill.contexts.at(-1)?.slots).toEqual({ orderNumber: '10001' });
  });

  it('takes a city as said, but not a clear new request', async () => {
    const hours = storeHours();
    const { deps } = engineDeps({ skills: [hours, orderStatus()] });
    await handleTurn(deps, turn({ intent: 'CheckStoreHours', locale: 'pl-PL' }));
    const city = await handleTurn(deps, turn({ text: 'Kraków.', locale: 'pl-PL' }));
    expect(city.intent).toBe('CheckStoreHours');
    expect(hours.contexts.at(-1)?.slots).toEqual({ city: 'Kraków' });

    await handleTurn(deps, turn({ intent: 'CheckStoreHours' }));
    const other = await handleTurn(deps, turn({ text: 'CheckOrderStatus' }));
    expect(other.intent).toBe('CheckOrderStatus');
  });

  it.each(['yes please', 'sure', 'ok', 'Да.', '是的。', 'Tak, poproszę'])(
    'answers "Shall I book…?" with "%s"',
    async (text) => {
      const skill = booking();
      const { deps } = engineDeps({ skills: [skill] });
      await handleTurn(deps, turn({ intent: 'BookAppointment' }));
      const reply = await handleTurn(deps, turn({ text }));
      expect(reply).toMatchObject({ outcome: 'fulfilled', intent: 'BookAppointment' });
      expect(said(reply)).toEqual(['en-US:appointment.booked']);
    },
  );

  it.each([
    ['no thanks', 'denied'],
    ['Nie, dziękuję.', 'denied'],
    ['нет', 'denied'],
    ['不用了，谢谢', 'denied'],
    ['yes, but on Friday', 'none'],
    ['what time is it', 'none'],
  ] as const)('reads "%s" as %s', (text, expected) => {
    expect(readYesNo(text)).toBe(expected);
  });
});

describe('safe routing', () => {
  it('asks before acting on free text, and acts only on a yes', async () => {
    const skill = paymentLink();
    const { deps } = engineDeps({ skills: [skill] });
    const asked = await handleTurn(deps, turn({ text: 'SendPaymentLink' }));
    expect(asked).toMatchObject({ outcome: 'confirm', intent: 'SendPaymentLink' });
    expect(said(asked)).toEqual(['en-US:routing.confirmPaymentLink']);
    expect(runs(skill.contexts)).toBe(0);

    const declined = await handleTurn(deps, turn({ text: 'no' }));
    expect(declined.outcome).toBe('elicit');
    expect(said(declined)).toEqual(['en-US:routing.declined']);
    expect(runs(skill.contexts)).toBe(0);

    await handleTurn(deps, turn({ text: 'SendPaymentLink' }));
    const done = await handleTurn(deps, turn({ text: 'yes please' }));
    expect(said(done)).toEqual(['en-US:payment.sent']);
    expect(runs(skill.contexts)).toBe(1);
  });

  it('a platform intent acts without the extra question', async () => {
    const skill = paymentLink();
    const { deps } = engineDeps({ skills: [skill] });
    const reply = await handleTurn(deps, turn({ intent: 'SendPaymentLink' }));
    expect(said(reply)).toEqual(['en-US:payment.sent']);
  });

  it('an unclear match with a side effect gets the fallback, never the skill', async () => {
    const skill = paymentLink();
    const { deps, fallback } = engineDeps({ skills: [skill] });
    const reply = await handleTurn(deps, turn({ text: 'maybe SendPaymentLink' }));
    expect(said(reply)).toEqual(['en-US:fallback.didNotUnderstand']);
    expect(runs(skill.contexts)).toBe(0);
    expect(fallback.contexts).toHaveLength(1);
  });

  it('takes a PIN from text only when the bot asked for one', async () => {
    const loyalty = Object.assign(
      fakeSkill('CheckLoyaltyBalance', {
        slots: ['pin'],
        run: (context) =>
          context.slots.pin
            ? { outcome: 'fulfilled', messages: [] }
            : { outcome: 'elicit', slotToElicit: 'pin', messages: [{ key: 'loyalty.askPin' }] },
      }),
      { sideEffect: {} },
    );
    const engine = engineDeps({ skills: [loyalty] });
    const deps = {
      ...engine.deps,
      matchIntent: () => ({ intent: 'CheckLoyaltyBalance', slots: { pin: '12345' }, clear: true }),
    };
    await handleTurn(deps, turn({ text: 'my order number is 12345' }));
    expect(loyalty.contexts.at(-1)?.slots).toEqual({});
    await handleTurn(deps, turn({ text: '4321' }));
    expect(loyalty.contexts.at(-1)?.slots).toEqual({ pin: '4321' });
  });
});
