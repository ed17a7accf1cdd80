import { beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '#shared/conversation/types.ts';
import { matchIntent, skills } from '#shared/skills/index.ts';
import { parseDate, parseTime } from '#shared/skills/text.ts';
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
    ['en-US', 'I want to speak to a human', 'TalkToAgent', {}],
    ['zh-CN', '转人工', 'TalkToAgent', {}],
    ['pl-PL', 'wyślij mi link do płatności', 'SendPaymentLink', {}],
  ] as const)('%s "%s" → %s', (locale: Locale, text, intent, slots) => {
    expect(matchIntent(text, locale, skills)).toEqual({ intent, slots });
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
    ['25:00', undefined],
    ['EV', undefined],
  ])('time %s → %s', (raw, expected) => {
    expect(parseTime(raw)).toBe(expected);
  });
});
