import { beforeAll, describe, expect, it } from 'vitest';
import { type MessageRef, supportedLocales } from '#shared/conversation/types.ts';
import { catalogs, type MessageKey, type NewsKind } from '#shared/i18n/catalogs/index.ts';
import { hasMessage, joinSpeech, render, renderMessages } from '#shared/i18n/index.ts';

/** 2025-06-10 10:00 in Warsaw. */
const now = Date.parse('2025-06-10T08:00:00Z');
const options = { now };

// Loading ICU's locale and zone data once can take seconds on a busy machine; tests then take ms.
beforeAll(() => {
  for (const locale of supportedLocales)
    render(
      locale,
      { key: 'appointment.confirm', params: { start: '2025-06-11T09:00:00Z' } },
      options,
    );
}, 60_000);

describe('catalogs', () => {
  it('has every English key in every locale, and no others', () => {
    const keys = Object.keys(catalogs['en-US']).sort();
    for (const locale of supportedLocales) {
      expect(Object.keys(catalogs[locale]).sort()).toEqual(keys);
    }
  });

  it.each<NewsKind>([
    'order.shipped',
    'order.out_for_delivery',
    'order.delivered',
    'order.cancelled',
    'payment.received',
    'ticket.resolved',
    'appointment.confirmed',
    'appointment.cancelled',
  ])('words the event-worker news kind %s in every locale', (kind) => {
    const params = {
      orderNumber: '12345',
      expectedDelivery: '2025-06-11',
      carrier: 'DHL',
      amount: 12900,
      currency: 'PLN',
      ticketId: 'TCK-1001',
      start: '2025-06-11T09:00:00Z',
    };
    for (const locale of supportedLocales) {
      const speech = render(locale, { key: `news.${kind}`, params }, options);
      expect(speech.text).not.toBe(render(locale, { key: 'common.apology' }, options).text);
    }
    expect(hasMessage(`news.${kind}`)).toBe(true);
  });
});

describe('render', () => {
  it('says an order number digit by digit in SSML and plainly in text', () => {
    const speech = render(
      'en-US',
      { key: 'order.shipped', params: { orderNumber: '12345', expectedDelivery: '2025-06-11' } },
      options,
    );
    expect(speech.text).toBe('Order 12345 has shipped and should arrive tomorrow.');
    expect(speech.ssml).toBe(
      '<speak>Order <say-as interpret-as="digits">12345</say-as> has shipped and should arrive tomorrow.</speak>',
    );
  });

  it.each([
    ['en-US', 'tomorrow'],
    ['pl-PL', 'jutro'],
    ['ru-RU', 'завтра'],
    ['zh-CN', '明天'],
  ] as const)('says "tomorrow" in %s', (locale, word) => {
    const speech = render(
      locale,
      { key: 'order.shipped', params: { orderNumber: '12345', expectedDelivery: '2025-06-11' } },
      options,
    );
    expect(speech.text).toContain(word);
  });

  it.each([
    ['en-US', '2025-06-10', 'today'],
    ['en-US', '2025-06-09', 'yesterday'],
    ['pl-PL', '2025-06-10', 'dzisiaj'],
    ['ru-RU', '2025-06-09', 'вчера'],
    ['zh-CN', '2025-06-10', '今天'],
    ['en-US', '2025-06-20', 'on June 20'],
    ['pl-PL', '2025-06-20', '20 czerwca'],
    ['ru-RU', '2025-06-20', '20 июня'],
    ['zh-CN', '2025-06-20', '6月20日'],
  ] as const)('words a day relative to now (%s, %s)', (locale, deliveredAt, words) => {
    const speech = render(
      locale,
      { key: 'order.delivered', params: { orderNumber: '1', deliveredAt } },
      options,
    );
    expect(speech.text).toContain(words);
  });

  it('places "tomorrow" in the business time zone, which is an option', () => {
    // 23:30 UTC on the 10th is already the 11th in Warsaw, still the 10th in New York.
    const late = Date.parse('2025-06-10T23:30:00Z');
    const ref: MessageRef = {
      key: 'order.shipped',
      params: { orderNumber: '1', expectedDelivery: '2025-06-12' },
    };
    expect(render('en-US', ref, { now: late }).text).toContain('tomorrow');
    // Two days ahead in New York: within the coming week the weekday is what people say.
    expect(render('en-US', ref, { now: late, timeZone: 'America/New_York' }).text).toContain(
      'on Thursday',
    );
  });

  it('formats appointment times in the business time zone', () => {
    const ref: MessageRef = {
      key: 'appointment.confirm',
      params: { start: '2025-06-11T09:00:00Z' },
    };
    expect(render('en-US', ref, options).text).toBe('Shall I book you in tomorrow at 11:00 AM?');
    expect(render('pl-PL', ref, options).text).toBe(
      'Czy mam zarezerwować wizytę na jutro o 11:00?',
    );
    expect(render('ru-RU', ref, options).text).toBe('Записать вас на завтра в 11:00?');
    expect(render('zh-CN', ref, options).text).toBe('要为您预约明天11:00吗？');
  });

  it.each([
    [1, '1 punkt'],
    [2, '2 punkty'],
    [4, '4 punkty'],
    [5, '5 punktów'],
    [12, '12 punktów'],
    [22, '22 punkty'],
    [320, '320 punktów'],
  ])('uses Polish plural forms: %i', (points, words) => {
    expect(render('pl-PL', { key: 'loyalty.balance', params: { points } }, options).text).toBe(
      `Masz ${words}. Możesz je wymienić na rabat albo darmową dostawę.`,
    );
  });

  it.each([
    [1, '1 балл'],
    [2, '2 балла'],
    [5, '5 баллов'],
    [11, '11 баллов'],
    [21, '21 балл'],
    [320, '320 баллов'],
  ])('uses Russian plural forms: %i', (points, words) => {
    expect(render('ru-RU', { key: 'loyalty.balance', params: { points } }, options).text).toBe(
      `У вас ${words} — их можно обменять на скидку или бесплатную доставку.`,
    );
  });

  it('says the loyalty balance from the issue in English and Chinese', () => {
    const ref: MessageRef = { key: 'loyalty.balance', params: { points: 320 } };
    expect(render('en-US', ref, options).text).toBe(
      'You have 320 points; you can exchange them for a discount or free delivery.',
    );
    expect(
      render('en-US', { key: 'loyalty.balance', params: { points: 1 } }, options).text,
    ).toContain('You have 1 point;');
    expect(render('zh-CN', ref, options).text).toBe('您有320个积分，可以兑换折扣或免运费。');
  });

  it('counts the remaining PIN attempts with plural forms', () => {
    const wrongPin = (locale: 'pl-PL' | 'ru-RU', attemptsLeft: number) =>
      render(locale, { key: 'loyalty.wrongPin', params: { attemptsLeft } }, options).text;
    expect(wrongPin('pl-PL', 1)).toContain('Została jeszcze 1 próba.');
    expect(wrongPin('pl-PL', 2)).toContain('Zostały jeszcze 2 próby.');
    expect(wrongPin('ru-RU', 1)).toContain('Осталась ещё 1 попытка.');
    expect(wrongPin('ru-RU', 2)).toContain('Остались ещё 2 попытки.');
  });

  it('formats money from minor units per locale', () => {
    const ref: MessageRef = {
      key: 'payment.sent',
      params: { orderNumber: '30003', amount: 12900, currency: 'PLN', phoneEnding: '00' },
    };
    expect(render('pl-PL', ref, options).text).toContain('link do zapłaty 129 złotych');
    expect(render('en-US', ref, options).text).toContain('a link to pay 129 zlotys');
    expect(render('en-US', ref, options).ssml).toContain(
      'ending in <say-as interpret-as="digits">00</say-as>',
    );
  });

  it('escapes parameters and literal text for SSML, but not for text', () => {
    const speech = render(
      'en-US',
      {
        key: 'storeHours.open',
        params: {
          address: 'Rock & Roll <Street> "5"',
          date: '2025-06-10',
          opens: '09:00',
          closes: '17:00',
        },
      },
      options,
    );
    expect(speech.text).toContain('Rock & Roll <Street> "5"');
    expect(speech.ssml).toContain('Rock &amp; Roll &lt;Street&gt; &quot;5&quot;');
    expect(speech.ssml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
    const apostrophe = render('en-US', { key: 'order.askNumber' }, options);
    expect(apostrophe.ssml).toBe('<speak>What&apos;s your order number?</speak>');
  });

  it('spells ticket references character by character', () => {
    const speech = render(
      'en-US',
      { key: 'agent.transfer', params: { ticketId: 'TCK-1002' } },
      options,
    );
    expect(speech.ssml).toContain('<say-as interpret-as="characters">TCK-1002</say-as>');
  });

  it('lists alternative times as a localized "or" list', () => {
    const ref: MessageRef = {
      key: 'appointment.timeUnavailable',
      params: {
        start: '2025-06-11T09:00:00Z',
        alternatives: '2025-06-11T10:00:00Z,2025-06-11T11:00:00Z,2025-06-11T12:00:00Z',
      },
    };
    expect(render('pl-PL', ref, options).text).toContain('12:00, 13:00 lub 14:00');
    expect(render('ru-RU', ref, options).text).toContain('12:00, 13:00 или 14:00');
  });

  it('falls back to English when a key is missing in the locale', () => {
    const polish = { ...catalogs['pl-PL'] };
    expect(Object.keys(polish).length).toBeGreaterThan(0);
    // Keys unknown everywhere (from an older build's stored state) end in the apology of the
    // caller's language.
    const unknownKey = 'no.such.key' as MessageKey;
    expect(render('pl-PL', { key: unknownKey }, options).text).toBe(
      'Przepraszam, coś poszło nie tak. Spróbuj ponownie później.',
    );
  });

  it('never throws on missing or malformed parameters', () => {
    for (const locale of supportedLocales) {
      for (const key of Object.keys(catalogs[locale]) as MessageKey[]) {
        const variants: Readonly<Record<string, string>>[] = [
          {},
          { orderNumber: '', start: 'not a date', points: 'many' },
        ];
        for (const params of variants) {
          const speech = render(locale, { key, params }, options);
          expect(speech.ssml.startsWith('<speak>')).toBe(true);
          expect(speech.text.length).toBeGreaterThan(0);
        }
      }
    }
    expect(render('en-US', { key: 'order.shipped' }, options).text).toBe(
      'Sorry, something went wrong. Please try again later.',
    );
    expect(
      render(
        'en-US',
        {
          key: 'payment.sent',
          params: { orderNumber: '1', amount: 1, currency: 'nope', phoneEnding: '1' },
        },
        options,
      ).text,
    ).toBe('Sorry, something went wrong. Please try again later.');
    expect(render('en-US', { key: 'common.pending' }, { now, timeZone: 'Mars/Olympus' }).text).toBe(
      "One moment, I'm checking.",
    );
  });

  it('renders a list of refs and joins speeches into one document', () => {
    const speeches = renderMessages(
      'en-US',
      [{ key: 'common.pending' }, { key: 'order.notFound', params: { orderNumber: '42' } }],
      options,
    );
    expect(speeches).toHaveLength(2);
    const joined = joinSpeech(speeches);
    expect(joined.text).toBe(
      "One moment, I'm checking. I couldn't find order 42. Please check the number and tell me again.",
    );
    expect(joined.ssml).toMatch(
      /^<speak>One moment.*<say-as interpret-as="digits">42<\/say-as>.*<\/speak>$/,
    );
    expect(joined.ssml.match(/<speak>/g)).toHaveLength(1);
  });
});
