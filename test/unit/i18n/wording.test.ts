/**
 * The wording a native speaker expects, written out by hand: each expectation is the sentence
 * as a Polish, Russian, Chinese or American speaker would say it, not copied from a catalog.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Locale, type MessageRef, supportedLocales } from '#shared/conversation/types.ts';
import { catalogs, type MessageKey } from '#shared/i18n/catalogs/index.ts';
import { render } from '#shared/i18n/index.ts';

/** Tuesday 2025-06-10, 10:00 in Warsaw. */
const now = Date.parse('2025-06-10T08:00:00Z');
const voice = { now };
const typed = { now, inputMode: 'text' } as const;
const say = (locale: Locale, ref: MessageRef, options: Parameters<typeof render>[2] = voice) =>
  render(locale, ref, options).text;

beforeAll(() => {
  for (const locale of supportedLocales)
    say(locale, { key: 'loyalty.balance', params: { points: 2 } });
}, 60_000);

describe('money in words', () => {
  const paid = (amount: number, currency: string): MessageRef => ({
    key: 'payment.smsBody',
    params: { amount, currency, orderNumber: '30003', url: 'https://pay.example/l' },
  });

  it.each([
    ['en-US', 12900, 'PLN', 'Pay 129 zlotys for order 30003: https://pay.example/l'],
    ['en-US', 100, 'USD', 'Pay 1 dollar for order 30003: https://pay.example/l'],
    ['en-US', 4950, 'USD', 'Pay 49.50 dollars for order 30003: https://pay.example/l'],
    ['pl-PL', 12900, 'PLN', 'Zapłać 129 złotych za zamówienie 30003: https://pay.example/l'],
    ['pl-PL', 100, 'PLN', 'Zapłać 1 złoty za zamówienie 30003: https://pay.example/l'],
    ['pl-PL', 2200, 'PLN', 'Zapłać 22 złote za zamówienie 30003: https://pay.example/l'],
    ['pl-PL', 12950, 'PLN', 'Zapłać 129,50 złotego za zamówienie 30003: https://pay.example/l'],
    ['pl-PL', 1000, 'EUR', 'Zapłać 10 euro za zamówienie 30003: https://pay.example/l'],
    ['ru-RU', 12900, 'PLN', 'Оплата заказа 30003 (129 злотых): https://pay.example/l'],
    ['ru-RU', 2100, 'PLN', 'Оплата заказа 30003 (21 злотый): https://pay.example/l'],
    ['ru-RU', 300, 'RUB', 'Оплата заказа 30003 (3 рубля): https://pay.example/l'],
    ['zh-CN', 12900, 'PLN', '订单30003待付款129兹罗提：https://pay.example/l'],
    ['zh-CN', 12950, 'CNY', '订单30003待付款129.50元：https://pay.example/l'],
  ] as const)('%s says %i %s in words', (locale, amount, currency, words) => {
    expect(say(locale, paid(amount, currency))).toBe(words);
  });

  it('puts the amount in the genitive after "do zapłaty", "w wysokości", "на оплату", "в размере"', () => {
    const sent = (amount: number): MessageRef => ({
      key: 'payment.sent',
      params: { orderNumber: '30003', amount, currency: 'PLN', phoneEnding: '00' },
    });
    const received = (amount: number): MessageRef => ({
      key: 'news.payment.received',
      params: { orderNumber: '30003', amount, currency: 'PLN' },
    });
    expect(say('pl-PL', sent(100))).toContain('link do zapłaty 1 złotego za zamówienie');
    expect(say('pl-PL', received(200))).toContain('płatność w wysokości 2 złotych za');
    expect(say('ru-RU', sent(100))).toContain('ссылку на оплату 1 злотого за заказ');
    expect(say('ru-RU', received(500))).toContain('оплату в размере 5 злотых за заказ');
  });
});

describe("the issue's lines", () => {
  it('pl: the payment SMS number comes first, and money is in words', () => {
    expect(
      say('pl-PL', {
        key: 'payment.sent',
        params: { orderNumber: '30003', amount: 12900, currency: 'PLN', phoneEnding: '00' },
      }),
    ).toBe(
      'Wysłaliśmy SMS-em na numer kończący się na 00 link do zapłaty 129 złotych za zamówienie 30003.',
    );
  });

  it('pl: three wrong PINs, a taken slot, and when a closed store opens again', () => {
    expect(say('pl-PL', { key: 'loyalty.lockedNow' })).toBe(
      'Trzy razy podano nieprawidłowy PIN, więc sprawdzanie PIN-u jest wstrzymane na 15 minut. Łączę Cię z konsultantem.',
    );
    expect(
      say('pl-PL', {
        key: 'appointment.timeUnavailable',
        params: { start: '2025-06-11T12:00:00Z', alternatives: '2025-06-11T13:00:00Z' },
      }),
    ).toBe(
      'Niestety termin jutro o 14:00 jest już zajęty, ale mogę zaproponować 15:00. Która godzina Ci pasuje?',
    );
    expect(
      say('pl-PL', {
        key: 'storeHours.closed',
        params: {
          address: 'ul. Floriańska 12, 31-019 Kraków',
          date: '2025-06-10',
          nextOpenDate: '2025-06-11',
          opens: '09:00',
          closes: '19:00',
        },
      }),
    ).toBe(
      'Sklep pod adresem ul. Floriańska 12, 31-019 Kraków jest dzisiaj zamknięty. Otwieramy ponownie jutro, w godzinach 9:00–19:00.',
    );
  });

  it('ru: "завтра в 16:00 уже занято" and the genitive after "не нахожу"', () => {
    expect(
      say('ru-RU', {
        key: 'appointment.timeUnavailable',
        params: {
          start: '2025-06-11T14:00:00Z',
          alternatives: '2025-06-11T13:00:00Z,2025-06-11T15:00:00Z',
        },
      }),
    ).toBe(
      'К сожалению, завтра в 16:00 уже занято, но могу предложить 15:00 или 17:00. Какое время вам подходит?',
    );
    expect(say('ru-RU', { key: 'loyalty.unknownCaller' })).toBe(
      'Не нахожу бонусного счёта для номера, с которого вы звоните.',
    );
  });

  it('zh: a measure word for points, and the address as the Chinese write it', () => {
    expect(say('zh-CN', { key: 'loyalty.balance', params: { points: 320 } })).toBe(
      '您有320个积分，可以兑换折扣或免运费。',
    );
    expect(
      say('zh-CN', {
        key: 'storeHours.open',
        params: {
          address: '上海市南京东路300号',
          date: '2025-06-10',
          opens: '10:00',
          closes: '22:00',
        },
      }),
    ).toBe('位于上海市南京东路300号的门店今天营业时间为10:00至22:00。');
  });
});

describe('a parcel past its expected date', () => {
  const late: MessageRef = {
    key: 'order.shipped',
    params: { orderNumber: '12345', carrier: 'DHL', expectedDelivery: '2025-06-09' },
  };

  it.each([
    [
      'en-US',
      "Order 12345 has shipped with DHL. It was due yesterday and is running late, but it's on its way.",
    ],
    [
      'pl-PL',
      'Zamówienie 12345 zostało wysłane przez DHL. Miało dotrzeć wczoraj – przesyłka się opóźnia, ale jest już w drodze.',
    ],
    [
      'ru-RU',
      'Заказ 12345 отправлен службой DHL. Он должен был прийти вчера — доставка задерживается, но заказ уже в пути.',
    ],
    ['zh-CN', '订单12345已由DHL发货，原定昨天送达，目前有所延误，但仍在运送途中。'],
  ] as const)('is late, not "should arrive yesterday" (%s)', (locale, words) => {
    expect(say(locale, late)).toBe(words);
  });

  it('says news of a late parcel without "good news"', () => {
    expect(
      say('en-US', {
        key: 'news.order.shipped',
        params: { orderNumber: '12345', expectedDelivery: '2025-06-05' },
      }),
    ).toBe(
      "Your order 12345 has shipped. It was due on June 5 and is running late, but it's on its way.",
    );
  });

  it.each([
    ['en-US', 'Order 12345 has shipped with DHL and should arrive on Friday.'],
    ['pl-PL', 'Zamówienie 12345 zostało wysłane przez DHL i powinno dotrzeć w piątek.'],
    ['ru-RU', 'Заказ 12345 отправлен службой DHL и должен прийти в пятницу.'],
    ['zh-CN', '订单12345已由DHL发货，预计周五送达。'],
  ] as const)('names the weekday of a delivery within the week (%s)', (locale, words) => {
    expect(
      say(locale, {
        key: 'order.shipped',
        params: { orderNumber: '12345', carrier: 'DHL', expectedDelivery: '2025-06-13' },
      }),
    ).toBe(words);
  });
});

describe('store hours for the day asked about', () => {
  it.each([
    [
      'en-US',
      'Our store at A is closed on Sunday. It opens again on Monday from 9:00 AM to 7:00 PM.',
    ],
    [
      'pl-PL',
      'Sklep pod adresem A jest w niedzielę zamknięty. Otwieramy ponownie w poniedziałek, w godzinach 9:00–19:00.',
    ],
    [
      'ru-RU',
      'Магазин по адресу A в воскресенье не работает. Откроемся снова в понедельник, с 9:00 до 19:00.',
    ],
    ['zh-CN', '位于A的门店周日不营业。下次营业是周一，营业时间为9:00至19:00。'],
  ] as const)('%s', (locale, words) => {
    expect(
      say(locale, {
        key: 'storeHours.closed',
        params: {
          address: 'A',
          date: '2025-06-15',
          nextOpenDate: '2025-06-16',
          opens: '09:00',
          closes: '19:00',
        },
      }),
    ).toBe(words);
  });

  it("says a Saturday's hours", () => {
    const ref: MessageRef = {
      key: 'storeHours.open',
      params: { address: 'A', date: '2025-06-14', opens: '10:00', closes: '16:00' },
    };
    expect(say('en-US', ref)).toBe('Our store at A is open on Saturday from 10:00 AM to 4:00 PM.');
    expect(say('pl-PL', ref)).toBe('Sklep pod adresem A jest czynny w sobotę od 10:00 do 16:00.');
    expect(say('ru-RU', ref)).toBe('Магазин по адресу A в субботу работает с 10:00 до 16:00.');
  });
});

describe('typed and spoken variants', () => {
  it.each([
    ['en-US', 'Thanks for calling. Goodbye!', 'Thanks for chatting with us. Goodbye!'],
    ['pl-PL', 'Dziękuję za telefon. Do widzenia!', 'Dziękuję za rozmowę. Do widzenia!'],
    ['ru-RU', 'Спасибо за звонок. До свидания!', 'Спасибо за обращение. До свидания!'],
    ['zh-CN', '感谢您的来电，再见！', '感谢您的咨询，再见！'],
  ] as const)('%s says goodbye to a caller and to a chat user', (locale, spoken, written) => {
    expect(say(locale, { key: 'common.goodbye' })).toBe(spoken);
    expect(say(locale, { key: 'common.goodbye' }, typed)).toBe(written);
  });

  it('tells a chat user about their phone number, not the one they are calling from', () => {
    expect(say('en-US', { key: 'loyalty.unknownCaller' }, typed)).toBe(
      "I couldn't find a loyalty account for your phone number.",
    );
    expect(say('en-US', { key: 'payment.needPhone' }, typed)).toBe(
      "I can only text a payment link to the phone number on your account, and I don't have it in this chat.",
    );
    expect(say('ru-RU', { key: 'loyalty.askPin' }, typed)).toBe(
      'Для защиты вашего аккаунта введите, пожалуйста, ПИН-код.',
    );
  });

  // "For calling", "the number you're calling from", "say or enter": voice-only wording.
  const voiceWords =
    /calling|say or|dzwonisz|za telefon|вы звоните|за звонок|назовите или|来电号码|您的来电|说出|再说/i;

  it.each(supportedLocales)('never says voice words to a chat user in %s', (locale) => {
    const params = {
      attemptsLeft: 2,
      points: 3,
      orderNumber: '12345',
      amount: 100,
      currency: 'PLN',
      phoneEnding: '00',
      ticketId: 'TCK-1',
      start: '2025-06-11T09:00:00Z',
      alternatives: '2025-06-11T10:00:00Z',
      date: '2025-06-11',
      expectedDelivery: '2025-06-11',
      address: 'A',
      city: 'X',
      opens: '09:00',
      closes: '17:00',
      url: 'u',
    };
    for (const key of Object.keys(catalogs[locale]) as MessageKey[]) {
      expect(say(locale, { key, params }, typed), key).not.toMatch(voiceWords);
    }
  });
});
