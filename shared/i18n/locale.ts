import { type Locale, supportedLocales } from '#shared/conversation/types.ts';

export const fallbackLocale: Locale = 'en-US';

/** One locale per language: a caller's region never picks a catalog we do not have. */
const byLanguage: Readonly<Record<string, Locale>> = Object.fromEntries(
  supportedLocales.map((locale) => [locale.slice(0, 2), locale]),
);

/**
 * Maps whatever a channel sends (`pl_PL`, `pl-pl`, `PL`, `zh-Hans-CN`, `en_GB`) to a supported
 * locale by its language subtag; anything else is English rather than an error.
 */
export function normalizeLocale(raw: unknown): Locale {
  if (typeof raw !== 'string') return fallbackLocale;
  const language = /^\s*([a-z]{2,3})(?:$|[-_\s])/i.exec(raw)?.[1]?.toLowerCase();
  return (language !== undefined && byLanguage[language]) || fallbackLocale;
}
