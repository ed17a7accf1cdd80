import { describe, expect, it } from 'vitest';
import { render } from '#shared/i18n/index.ts';
import { checkStoreHours } from '#shared/skills/check-store-hours.ts';
import { fallbackIntent } from '#shared/skills/fallback-intent.ts';
import { sendPaymentLink } from '#shared/skills/send-payment-link.ts';
import { talkToAgent } from '#shared/skills/talk-to-agent.ts';
import { failed, fakePartners, now, ok, skillContext } from './fakes.ts';

const krakow = {
  city: 'Kraków',
  address: 'ul. Floriańska 12, 31-019 Kraków',
  timeZone: 'Europe/Warsaw',
  mon: '09:00-19:00',
  tue: '09:00-19:00',
  wed: '09:00-19:00',
  thu: '09:00-19:00',
  fri: '09:00-19:00',
  sat: '10:00-16:00',
  sun: 'closed',
};

describe('SendPaymentLink', () => {
  const dueOrder = {
    orderNumber: '30003',
    status: 'pending_payment',
    total: { amount: 12900, currency: 'PLN' },
  };

  it('texts a link for the order awaiting payment and says only the last two digits', async () => {
    const partners = fakePartners({
      'shop.listOrders': () =>
        ok({ orders: [{ orderNumber: '20002', status: 'delivered' }, dueOrder] }),
      'payments.createPaymentLink': () =>
        ok({
          id: 'pl_1',
          url: 'https://pay.example/pl_1',
          status: 'active',
          amount: 12900,
          currency: 'PLN',
          expiresAt: 'x',
        }),
      'sms.send': () => ok({ sid: 'SM1', status: 'queued', segments: 1 }),
    });
    const result = await sendPaymentLink.run(
      skillContext({ locale: 'pl-PL', callPartner: partners.callPartner }),
    );
    expect(result.outcome).toBe('fulfilled');
    const sms = partners.calls.find((call) => call.operation === 'send')?.input as {
      to: string;
      body: string;
    };
    expect(sms.to).toBe('+48500100200');
    expect(sms.body).toBe('Zapłać 129 złotych za zamówienie 30003: https://pay.example/pl_1');
    const [message] = result.messages;
    const speech = message && render('pl-PL', message, { now });
    expect(speech?.text).toContain('kończący się na 00');
    expect(JSON.stringify(result)).not.toContain('500100200');
  });

  it('says when nothing is due, needs a phone, and apologises when the SMS fails', async () => {
    const nothing = fakePartners({ 'shop.listOrders': () => ok({ orders: [] }) });
    expect(
      await sendPaymentLink.run(skillContext({ callPartner: nothing.callPartner })),
    ).toMatchObject({
      messages: [{ key: 'payment.nothingDue' }],
    });
    expect(
      await sendPaymentLink.run(skillContext({ phone: null, callPartner: nothing.callPartner })),
    ).toMatchObject({
      outcome: 'failed',
      messages: [{ key: 'payment.needPhone' }],
    });
    const smsDown = fakePartners({
      'shop.listOrders': () => ok({ orders: [dueOrder] }),
      'payments.createPaymentLink': () => ok({ url: 'u', amount: 12900, currency: 'PLN' }),
      'sms.send': () => failed('unavailable'),
    });
    expect(
      await sendPaymentLink.run(skillContext({ callPartner: smsDown.callPartner })),
    ).toMatchObject({
      outcome: 'failed',
      messages: [{ key: 'common.partnerUnavailable' }],
    });
  });
});

describe('TalkToAgent', () => {
  it('creates a ticket with a summary free of personal data, and hands off', async () => {
    const partners = fakePartners({
      'tickets.create': () => ok({ id: 'TCK-1002', status: 'new', priority: 'normal' }),
    });
    const result = await talkToAgent.run(
      skillContext({
        intentsHandled: ['CheckOrderStatus', 'CheckLoyaltyBalance'],
        callPartner: partners.callPartner,
      }),
    );
    expect(result).toMatchObject({
      outcome: 'handoff',
      messages: [{ key: 'agent.transfer', params: { ticketId: 'TCK-1002' } }],
    });
    const ticket = partners.calls[0]?.input as { summary: string };
    expect(ticket.summary).toContain('CheckOrderStatus, CheckLoyaltyBalance');
    expect(result.events?.[0]).toMatchObject({
      type: 'handoff.requested',
      data: { summary: ticket.summary, ticketId: 'TCK-1002' },
    });
    expect(JSON.stringify([partners.calls, result])).not.toContain('500100200');
  });

  it('still hands off when the ticket cannot be created', async () => {
    const partners = fakePartners({ 'tickets.create': () => failed('unavailable') });
    const result = await talkToAgent.run(skillContext({ callPartner: partners.callPartner }));
    expect(result).toMatchObject({ outcome: 'handoff', messages: [{ key: 'agent.transfer' }] });
    expect(result.events?.[0]?.type).toBe('handoff.requested');
  });
});

describe('CheckStoreHours', () => {
  it("looks up the city as the table names it, and says today's hours", async () => {
    const partners = fakePartners({ 'store-hours.getStoreHours': () => ok(krakow) });
    const result = await checkStoreHours.run(
      skillContext({
        locale: 'ru-RU',
        slots: { city: 'Кракове' },
        callPartner: partners.callPartner,
      }),
    );
    expect(partners.calls[0]?.input).toEqual({ city: 'Kraków' });
    const [message] = result.messages;
    expect(message && render('ru-RU', message, { now }).text).toBe(
      'Магазин по адресу ul. Floriańska 12, 31-019 Kraków сегодня работает с 9:00 до 19:00.',
    );
  });

  it('says when a closed store opens next', async () => {
    const partners = fakePartners({ 'store-hours.getStoreHours': () => ok(krakow) });
    const sunday = Date.parse('2025-06-15T10:00:00Z');
    const result = await checkStoreHours.run({
      ...skillContext({ slots: { city: 'Krakow' }, callPartner: partners.callPartner }),
      now: sunday,
    });
    const [message] = result.messages;
    expect(message && render('en-US', message, { now: sunday }).text).toBe(
      'Our store at ul. Floriańska 12, 31-019 Kraków is closed today. It opens again tomorrow from 9:00 AM to 7:00 PM.',
    );
  });

  it.each([
    [
      'en-US',
      'on Sunday',
      'Our store at ul. Floriańska 12, 31-019 Kraków is closed on Sunday. It opens again on Monday from 9:00 AM to 7:00 PM.',
    ],
    [
      'pl-PL',
      'w sobotę',
      'Sklep pod adresem ul. Floriańska 12, 31-019 Kraków jest czynny w sobotę od 10:00 do 16:00.',
    ],
    [
      'ru-RU',
      'завтра',
      'Магазин по адресу ul. Floriańska 12, 31-019 Kraków завтра работает с 9:00 до 19:00.',
    ],
    ['zh-CN', '周六', '位于ul. Floriańska 12, 31-019 Kraków的门店周六营业时间为10:00至16:00。'],
  ] as const)(
    '%s answers for the day asked about ("%s"), not today',
    async (locale, date, words) => {
      const partners = fakePartners({ 'store-hours.getStoreHours': () => ok(krakow) });
      const result = await checkStoreHours.run(
        skillContext({
          locale,
          slots: { city: 'Krakow', date },
          callPartner: partners.callPartner,
        }),
      );
      expect(result.outcome).toBe('fulfilled');
      const [message] = result.messages;
      expect(message && render(locale, message, { now }).text).toBe(words);
    },
  );

  it('asks again for a day that is not one, or is past', async () => {
    const partners = fakePartners({ 'store-hours.getStoreHours': () => ok(krakow) });
    for (const date of ['someday', 'yesterday']) {
      expect(
        await checkStoreHours.run(
          skillContext({ slots: { city: 'Krakow', date }, callPartner: partners.callPartner }),
        ),
      ).toMatchObject({
        outcome: 'elicit',
        slotToElicit: 'date',
        messages: [{ key: 'storeHours.invalidDate' }],
        slots: { city: 'Kraków' },
      });
    }
    expect(
      checkStoreHours.validate(
        skillContext({ phase: 'dialog', slots: { city: 'Kraków', date: 'someday' } }),
      ),
    ).toMatchObject({ outcome: 'elicit', slotToElicit: 'date' });
  });

  it('asks for the city, re-asks for an unknown one, and apologises on failure', async () => {
    expect(checkStoreHours.validate(skillContext({ phase: 'dialog' }))).toMatchObject({
      outcome: 'elicit',
      slotToElicit: 'city',
    });
    const unknown = fakePartners({ 'store-hours.getStoreHours': () => failed('not-found') });
    expect(
      await checkStoreHours.run(
        skillContext({ slots: { city: 'Springfield' }, callPartner: unknown.callPartner }),
      ),
    ).toMatchObject({
      outcome: 'elicit',
      slotToElicit: 'city',
      messages: [{ key: 'storeHours.unknownCity' }],
    });
    const down = fakePartners({ 'store-hours.getStoreHours': () => failed('timeout') });
    expect(
      await checkStoreHours.run(
        skillContext({ slots: { city: 'London' }, callPartner: down.callPartner }),
      ),
    ).toMatchObject({ outcome: 'failed', messages: [{ key: 'common.partnerUnavailable' }] });
  });
});

describe('FallbackIntent', () => {
  it('says what the bot can do and asks again, with no slot', async () => {
    const result = await fallbackIntent.run(skillContext());
    expect(result).toEqual({ outcome: 'elicit', messages: [{ key: 'fallback.didNotUnderstand' }] });
    const [message] = result.messages;
    expect(message && render('zh-CN', message, { now }).text).toContain('转接人工客服');
  });
});
