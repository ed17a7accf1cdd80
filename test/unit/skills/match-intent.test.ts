import { beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '#shared/conversation/types.ts';
import { matchIntent, skills } from '#shared/skills/index.ts';
import { parseDate } from '#shared/skills/parse-date.ts';
import { parseTime } from '#shared/skills/parse-time.ts';
import { now } from './fakes.ts';

// Loading ICU's data once can take seconds on a busy machine; tests then take ms.
beforeAll(() => {
  matchIntent('where is my order 12345', 'pl-PL', skills);
  parseDate('jutro', now, 'Europe/Warsaw');
}, 60_000);

describe('matchIntent', () => {
  it.each([
    ['en-US', 'where is my order 12345', 'CheckOrderStatus', { orderNumber: '12345' }],
    ['en-US', 'Where is my ORDER #12345?!', 'CheckOrderStatus', { orderNumber: '12345' }],
    ['pl-PL', 'gdzie jest moje zamówienie 12345', 'CheckOrderStatus', { orderNumber: '12345' }],
    ['pl-PL', 'Gdzie jest moje zamowienie 12345', 'CheckOrderStatus', { orderNumber: '12345' }],
    ['ru-RU', 'где мой заказ 12345', 'CheckOrderStatus', { orderNumber: '12345' }],
    ['zh-CN', '我的订单12345在哪里', 'CheckOrderStatus', { orderNumber: '12345' }],
    ['ru-RU', 'Во сколько открыт магазин в Кракове?', 'CheckStoreHours', { city: 'Kraków' }],
    ['pl-PL', 'O której otwarty jest sklep w Krakowie?', 'CheckStoreHours', { city: 'Kraków' }],
    ['en-US', 'what are your opening hours in London', 'CheckStoreHours', { city: 'London' }],
    ['en-US', 'when is the store in Springfield open', 'CheckStoreHours', { city: 'Springfield' }],
    ['zh-CN', '上海的门店几点开门', 'CheckStoreHours', { city: '上海' }],
    ['pl-PL', 'ile mam punktów', 'CheckLoyaltyBalance', {}],
    ['ru-RU', 'сколько у меня баллов', 'CheckLoyaltyBalance', {}],
    ['zh-CN', '我有多少积分', 'CheckLoyaltyBalance', {}],
    [
      'en-US',
      'book an appointment tomorrow at 10',
      'BookAppointment',
      { date: 'tomorrow', time: '10' },
    ],
    [
      'ru-RU',
      'запишите меня на завтра в 11:00',
      'BookAppointment',
      { date: 'завтра', time: '11:00' },
    ],
    ['zh-CN', '帮我预约明天下午2点', 'BookAppointment', { date: '明天', time: '下午2点' }],
    [
      'en-US',
      'book an appointment for tomorrow at 2 pm',
      'BookAppointment',
      { date: 'tomorrow', time: '2 pm' },
    ],
    [
      'en-US',
      'book an appointment tomorrow at 3 p.m.',
      'BookAppointment',
      { date: 'tomorrow', time: '3 p.m.' },
    ],
    [
      'pl-PL',
      'umów mnie na wizytę jutro na czternastą',
      'BookAppointment',
      { date: 'jutro', time: 'czternasta' },
    ],
    [
      'ru-RU',
      'запишите меня на завтра на два часа дня',
      'BookAppointment',
      { date: 'завтра', time: 'два часа дня' },
    ],
    [
      'ru-RU',
      'запишите меня на 12 июня в 10:00',
      'BookAppointment',
      { date: '12 июня', time: '10:00' },
    ],
    ['zh-CN', '帮我预约明天下午两点', 'BookAppointment', { date: '明天', time: '下午两点' }],
    [
      'en-US',
      'is the Warsaw store open on Sunday',
      'CheckStoreHours',
      { city: 'Warszawa', date: 'sunday' },
    ],
    [
      'pl-PL',
      'czy sklep w Warszawie jest otwarty w niedzielę',
      'CheckStoreHours',
      { city: 'Warszawa', date: 'niedziele' },
    ],
    [
      'ru-RU',
      'работает ли магазин в Москве в воскресенье',
      'CheckStoreHours',
      { city: 'Москва', date: 'воскресенье' },
    ],
    ['zh-CN', '上海的门店周日营业吗', 'CheckStoreHours', { city: '上海', date: '周日' }],
    ['en-US', 'I want to speak to a human', 'TalkToAgent', {}],
    ['zh-CN', '转人工', 'TalkToAgent', {}],
    ['pl-PL', 'wyślij mi link do płatności', 'SendPaymentLink', {}],
    ['zh-CN', '门店几点开门', 'CheckStoreHours', {}],
  ] as const)('%s "%s" → %s', (locale: Locale, text, intent, slots) => {
    expect(matchIntent(text, locale, skills)).toMatchObject({ intent, slots });
  });

  it.each([
    ['en-US', 'please send me a payment link'],
    ['pl-PL', 'Poproszę, połącz mnie z człowiekiem'],
    ['ru-RU', 'пожалуйста, пришлите ссылку на оплату'],
    ['zh-CN', '请帮我转接客服'],
    ['en-US', 'book an appointment for tomorrow at 2 pm'],
    ['en-US', 'could you book me an appointment tomorrow at 3 p.m. please'],
    ['pl-PL', 'umów mnie na wizytę jutro na czternastą'],
    ['ru-RU', 'запишите меня на завтра на два часа дня'],
    ['zh-CN', '帮我预约明天下午两点'],
  ] as const)('%s "%s" is a clear match despite the courtesies', (locale: Locale, text) => {
    expect(matchIntent(text, locale, skills)?.clear).toBe(true);
  });

  it.each([
    ['en-US', 'I want to cancel my order 30003'],
    ['ru-RU', 'хочу отменить заказ 30003'],
    ['zh-CN', '我想取消订单12345'],
    ['zh-CN', '我想退货'],
    ['pl-PL', 'mój numer zamówienia to 12345'],
    ['en-US', 'I want a refund'],
    ['en-US', 'I want a large pizza'],
  ] as const)('%s "%s" is at best an unclear match', (locale: Locale, text) => {
    expect(matchIntent(text, locale, skills)?.clear ?? false).toBe(false);
  });

  it.each(['banana smoothie recipe', 'hello', ''])('matches nothing for "%s"', (text) => {
    expect(matchIntent(text, 'en-US', skills)).toBeUndefined();
  });
});

describe('slot parsing', () => {
  it.each([
    ['tomorrow', '2025-06-11'],
    ['jutro', '2025-06-11'],
    ['послезавтра', '2025-06-12'],
    ['明天', '2025-06-11'],
    ['2025-06-20', '2025-06-20'],
    ['20.06', '2025-06-20'],
    ['6月20日', '2025-06-20'],
    ['05.01', '2026-01-05'],
    ['31.02', undefined],
    ['pojutrze', '2025-06-12'],
    ['后天', '2025-06-12'],
    ['on Sunday', '2025-06-15'],
    ['w niedzielę', '2025-06-15'],
    ['в воскресенье', '2025-06-15'],
    ['周日', '2025-06-15'],
    ['星期天', '2025-06-15'],
    ['Tuesday', '2025-06-10'],
    ['next Monday', '2025-06-16'],
    ['w przyszły poniedziałek', '2025-06-16'],
    ['в следующую среду', '2025-06-18'],
    ['下周一', '2025-06-16'],
    ['June 20', '2025-06-20'],
    ['the 20th of June', '2025-06-20'],
    ['20 czerwca', '2025-06-20'],
    ['20 июня', '2025-06-20'],
    ['六月二十号', '2025-06-20'],
    ['3 stycznia', '2026-01-03'],
    ['whenever', undefined],
  ])('date %s → %s', (raw, expected) => {
    expect(parseDate(raw, now, 'Europe/Warsaw')).toBe(expected);
  });

  it.each([
    ['14:00', '14:00'],
    ['10', '10:00'],
    ['2 pm', '14:00'],
    ['12 am', '00:00'],
    ['o 14.30', '14:30'],
    ['下午2点半', '14:30'],
    ['3 p.m.', '15:00'],
    ['4pm', '16:00'],
    ['at 2 pm', '14:00'],
    ['2:30 PM', '14:30'],
    ['10 in the morning', '10:00'],
    ["7 o'clock in the evening", '19:00'],
    ['at two pm', '14:00'],
    ['noon', '12:00'],
    ['14:00:00', '14:00'],
    ['na czternastą', '14:00'],
    ['o czternastej', '14:00'],
    ['czternasta trzydzieści', '14:30'],
    ['o dwudziestej pierwszej', '21:00'],
    ['o drugiej po południu', '14:00'],
    ['o ósmej wieczorem', '20:00'],
    ['wpół do trzeciej po południu', '14:30'],
    ['w południe', '12:00'],
    ['в два часа дня', '14:00'],
    ['на два часа дня', '14:00'],
    ['в час дня', '13:00'],
    ['в десять утра', '10:00'],
    ['в одиннадцать ночи', '23:00'],
    ['в 14 часов 30 минут', '14:30'],
    ['в половине третьего дня', '14:30'],
    ['в полдень', '12:00'],
    ['下午两点', '14:00'],
    ['十四点', '14:00'],
    ['晚上八点', '20:00'],
    ['三点一刻', '03:15'],
    ['上午十点半', '10:30'],
    ['中午十二点', '12:00'],
    ['25:00', undefined],
    ['EV', undefined],
  ])('time %s → %s', (raw, expected) => {
    expect(parseTime(raw)).toBe(expected);
  });

  it.each([
    ['at 2', '14:00'],
    ['2', '14:00'],
    ['o drugiej', '14:00'],
    ['в два часа', '14:00'],
    ['两点', '14:00'],
    ['02:00', '02:00'],
    ['9', '09:00'],
    ['2 am', '02:00'],
  ])('time %s for an appointment (afternoon preferred) → %s', (raw, expected) => {
    expect(parseTime(raw, { preferAfternoon: true })).toBe(expected);
  });

  it('finds no time in numbers that are not times, nor a date in "na 12.06" as a time', () => {
    expect(matchIntent('book 2 appointments', 'en-US', skills)?.slots.time).toBeUndefined();
    expect(matchIntent('zarezerwuj wizytę na 12.06', 'pl-PL', skills)?.slots).toEqual({
      date: '12.06',
    });
  });
});
