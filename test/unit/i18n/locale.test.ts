import { describe, expect, it } from 'vitest';
import { normalizeLocale } from '#shared/i18n/index.ts';

describe('normalizeLocale', () => {
  it.each([
    ['pl_PL', 'pl-PL'],
    ['pl-PL', 'pl-PL'],
    ['pl', 'pl-PL'],
    ['PL', 'pl-PL'],
    ['pl-pl', 'pl-PL'],
    ['zh', 'zh-CN'],
    ['zh_CN', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['ru', 'ru-RU'],
    ['ru_RU', 'ru-RU'],
    ['en', 'en-US'],
    ['en_GB', 'en-US'],
    ['en-US', 'en-US'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeLocale(raw)).toBe(expected);
  });

  it.each([undefined, null, '', '   ', 'xx_YY', 'plx', 'polish', '12', 42, {}])(
    'falls back to en-US for %j',
    (raw) => {
      expect(normalizeLocale(raw)).toBe('en-US');
    },
  );
});
