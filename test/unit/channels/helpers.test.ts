import { describe, expect, it } from 'vitest';
import { channelBudgetMs, channelBudgets } from '#shared/channels/budgets.ts';
import { normalizeLocale } from '#shared/channels/locale.ts';
import { normalizePhone } from '#shared/channels/phone.ts';
import { joinSsml, truncate } from '#shared/channels/speech.ts';

describe('normalizeLocale', () => {
  it.each([
    ['pl_PL', 'pl-PL'],
    ['pl-PL', 'pl-PL'],
    ['pl', 'pl-PL'],
    ['PL-pl', 'pl-PL'],
    ['en_US', 'en-US'],
    ['en-GB', 'en-US'],
    ['ru', 'ru-RU'],
    ['zh', 'zh-CN'],
    ['zh_CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['de-DE', 'en-US'],
    ['', 'en-US'],
    [null, 'en-US'],
    [42, 'en-US'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeLocale(input)).toBe(expected);
  });
});

describe('normalizePhone', () => {
  it.each([
    ['+48500100200', '+48500100200'],
    ['+48 500 100 200', '+48500100200'],
    ['+1 (555) 555-0123', '+15555550123'],
    ['0048500100200', '+48500100200'],
    ['tel:+48500100200', '+48500100200'],
  ])('%s is normalised', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each([
    ['500100200'],
    ['+0123456789'],
    ['+48 500 abc'],
    ['+1234'],
    [''],
    [48500100200],
    [null],
  ])('%s is dropped', (input) => {
    expect(normalizePhone(input)).toBeUndefined();
  });
});

describe('channel budgets', () => {
  it('defaults to 3 s for voice and chat, and the CX timeout less 1 s', () => {
    expect(channelBudgets({})).toEqual({
      lex: 3000,
      connect: 3000,
      'dialogflow-cx': 4000,
      chat: 3000,
    });
  });

  it('reads overrides, and the CX budget is the webhook timeout less a second', () => {
    expect(
      channelBudgets({
        LEX_BUDGET_MS: '2500',
        CONNECT_BUDGET_MS: ' 6000 ',
        DIALOGFLOW_CX_TIMEOUT_MS: '10000',
        CHAT_BUDGET_MS: '1500',
      }),
    ).toEqual({ lex: 2500, connect: 6000, 'dialogflow-cx': 9000, chat: 1500 });
  });

  it('ignores overrides that are not whole milliseconds', () => {
    for (const value of ['', 'abc', '3s', '-100', '1e4', '2.5', 'Infinity', '99999999999']) {
      expect(channelBudgetMs('lex', { LEX_BUDGET_MS: value })).toBe(3000);
    }
  });

  it('keeps every budget at least 500 ms inside its platform limit', () => {
    const huge = {
      LEX_BUDGET_MS: '60000',
      CONNECT_BUDGET_MS: '60000',
      DIALOGFLOW_CX_TIMEOUT_MS: '60000',
      CHAT_BUDGET_MS: '60000',
    };
    expect(channelBudgets(huge)).toEqual({
      lex: 29_500,
      connect: 7500,
      'dialogflow-cx': 29_000,
      chat: 28_500,
    });
    expect(channelBudgetMs('connect', { CONNECT_BUDGET_MS: '0' })).toBe(250);
  });
});

describe('speech helpers', () => {
  it('truncates at a word boundary with an ellipsis and never splits a surrogate pair', () => {
    expect(truncate('hello wonderful world', 18)).toBe('hello wonderful…');
    const emoji = '😀'.repeat(10);
    const cut = truncate(emoji, 6);
    expect(cut.length).toBeLessThanOrEqual(6);
    expect(cut).toBe('😀😀…');
  });

  it('joins SSML documents into one', () => {
    expect(
      joinSsml([
        { text: 'a', ssml: '<speak>Hello <break time="1s"/></speak>' },
        { text: 'x < y', ssml: 'no' },
      ]),
    ).toBe('<speak>Hello <break time="1s"/> x &lt; y</speak>');
  });
});
