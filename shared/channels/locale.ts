import { type Locale, supportedLocales } from '#shared/conversation/types.ts';

// A Map, not an object literal: a language tag such as `constructor` must not find a prototype member.
const localeByLanguage: ReadonlyMap<string, Locale> = new Map([
  ['en', 'en-US'],
  ['pl', 'pl-PL'],
  ['ru', 'ru-RU'],
  ['zh', 'zh-CN'],
]);

/**
 * Lex says `pl_PL`, Connect `pl-PL`, Dialogflow CX often just `pl`: all become one supported
 * locale. A known language in another region (`en-GB`, `zh-TW`) still gets that language's
 * replies rather than English, because a caller understands their language in any region.
 */
export function normalizeLocale(value: unknown): Locale {
  if (typeof value !== 'string') return 'en-US';
  const [language = '', region = ''] = value.trim().replace(/_/g, '-').split('-');
  const candidate = `${language.toLowerCase()}-${region.toUpperCase()}`;
  const exact = supportedLocales.find((locale) => locale === candidate);
  return exact ?? localeByLanguage.get(language.toLowerCase()) ?? 'en-US';
}
