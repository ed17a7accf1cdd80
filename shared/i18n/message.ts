/**
 * How catalog entries are written: each message is a function of `MessageTools`, so a
 * translation can reorder, inflect and branch freely while numbers, dates and order numbers are
 * formatted (and read aloud) the same way in every language.
 */

import type { InputMode, Locale } from '#shared/conversation/types.ts';
import { SwitchboardError } from '#shared/errors.ts';
import { calendarDateAt, daysBetween, toCalendarDate, weekdayOf } from './dates.ts';
import { onDatePrefix, onWeekday, spokenCurrencyGenitives, spokenCurrencyNames } from './spoken.ts';

/** A piece of a message in both renderings: plain text, and SSML body markup (escaped). */
export interface Fragment {
  readonly text: string;
  readonly ssml: string;
}

export type Piece = Fragment | string | number;

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & {
  readonly other: string;
};

export interface MessageTools {
  readonly locale: Locale;
  /**
   * The user types (web chat, Lex or Connect text): nobody is "calling" and nothing is "said",
   * so such wording needs its typed variant.
   */
  readonly typed: boolean;
  /** Joins literal text and pieces; literal text is escaped for SSML. */
  t(strings: TemplateStringsArray, ...pieces: readonly Piece[]): Fragment;
  has(name: string): boolean;
  /** A numeric parameter's value, for branching (e.g. "no points yet"). */
  count(name: string): number;
  /** A parameter said as it is (a name, an address). */
  text(name: string): Fragment;
  /** Read digit by digit: "one two three four five", never "twelve thousand…". */
  digits(name: string): Fragment;
  /** Spelled character by character (ticket references such as `TCK-1002`). */
  characters(name: string): Fragment;
  number(name: string): Fragment;
  /** Picks the plural form for the number; `#` in the form is replaced by the number. */
  plural(name: string, forms: PluralForms): Fragment;
  /**
   * An amount in minor units (`12900`, `PLN`) in words as people say it, in the right plural
   * form: "129 zlotys", "129 złotych", "129 злотых", "129兹罗提"; cents only when there are any.
   * `genitive` for Polish and Russian after "do zapłaty", "в размере": "1 złotego", "1 злотого".
   */
  money(amountName: string, currencyName: string, grammaticalCase?: 'genitive'): Fragment;
  /**
   * "today" / "tomorrow" / "yesterday", otherwise a localized date; `absolutePrefix` is what
   * the language needs before a date but not before a day word (English "on").
   */
  day(name: string, absolutePrefix?: string): Fragment;
  /**
   * When, as an adverbial: "today" / "tomorrow", the weekday within the coming week ("on
   * Sunday", "w niedzielę", "в воскресенье", "周日"), otherwise the date ("on June 20").
   */
  when(name: string): Fragment;
  /** A date with its weekday and no relative words, for texts read later (an SMS). */
  date(name: string): Fragment;
  /** Days from today (business time zone) to the date: negative when it is past. */
  daysAway(name: string): number;
  /** The clock time of an ISO instant in the business time zone. */
  time(name: string): Fragment;
  /** A local wall-clock `HH:MM` (opening hours), formatted as the locale says times. */
  clock(name: string): Fragment;
  /** Comma-separated ISO instants as an "A, B or C" list of times. */
  timeChoices(name: string): Fragment;
}

export type Template = (m: MessageTools) => Fragment;

class MissingParameterError extends SwitchboardError {
  override readonly name = 'MissingParameterError';
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => xmlEntities[character] ?? character);
}

const xmlEntities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export const plain = (text: string): Fragment => ({ text, ssml: escapeXml(text) });

const fragmentOf = (piece: Piece): Fragment =>
  typeof piece === 'object' ? piece : plain(String(piece));

function joinFragments(pieces: readonly Piece[], separator = ''): Fragment {
  const fragments = pieces.map(fragmentOf);
  return {
    text: fragments.map((fragment) => fragment.text).join(separator),
    ssml: fragments.map((fragment) => fragment.ssml).join(escapeXml(separator)),
  };
}

export interface ToolOptions {
  readonly locale: Locale;
  readonly params: Readonly<Record<string, string | number>>;
  readonly now: number;
  readonly timeZone: string;
  /** Voice unless told otherwise: a template without a typed variant reads the same. */
  readonly inputMode?: InputMode;
}

/**
 * Intl formatters cost far more to build than to use, and a turn has a CPU budget of a few ms.
 * Keys come from supported locales and zones/currencies Intl accepted, so the cache stays small.
 */
const formatters = new Map<string, unknown>();

function memo<T>(key: string, make: () => T): T {
  if (formatters.has(key)) return formatters.get(key) as T;
  const made = make();
  formatters.set(key, made);
  return made;
}

export function messageTools({
  locale,
  params,
  now,
  timeZone,
  inputMode = 'voice',
}: ToolOptions): MessageTools {
  const raw = (name: string): string | number => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (value === undefined || value === '') throw new MissingParameterError(name);
    return value;
  };
  const asString = (name: string): string => String(raw(name));
  const asNumber = (name: string): number => {
    const value = Number(raw(name));
    if (!Number.isFinite(value)) throw new MissingParameterError(`${name} is not a number`);
    return value;
  };
  const asInstant = (value: string, name: string): number => {
    const instant = Date.parse(value);
    if (Number.isNaN(instant)) throw new MissingParameterError(`${name} is not a time`);
    return instant;
  };
  const timeFormat = (): Intl.DateTimeFormat =>
    memo(
      `time|${locale}|${timeZone}`,
      () => new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone }),
    );
  const formatNumber = (value: number): string =>
    memo(`number|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
  const pluralRules = (): Intl.PluralRules =>
    memo(`plural|${locale}`, () => new Intl.PluralRules(locale));
  const dateOf = (name: string): string => {
    const date = toCalendarDate(asString(name), timeZone);
    if (date === undefined) throw new MissingParameterError(`${name} is not a date`);
    return date;
  };
  const offsetOf = (date: string): number => daysBetween(calendarDateAt(now, timeZone), date);
  const relativeDay = (offset: number): Fragment =>
    plain(
      memo(
        `relative|${locale}`,
        () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
      ).format(offset, 'day'),
    );
  const longDate = (date: string): string =>
    memo(
      `date|${locale}`,
      () => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }),
    ).format(Date.parse(`${date}T00:00:00Z`));

  return {
    locale,
    typed: inputMode === 'text',
    t: (strings, ...pieces) =>
      joinFragments(
        strings.flatMap((literal, index) =>
          index < pieces.length ? [literal, pieces[index] as Piece] : [literal],
        ),
      ),
    has: (name) => Object.hasOwn(params, name) && params[name] !== '',
    count: asNumber,
    text: (name) => plain(asString(name)),
    digits: (name) => {
      const value = asString(name);
      return { text: value, ssml: `<say-as interpret-as="digits">${escapeXml(value)}</say-as>` };
    },
    characters: (name) => {
      const value = asString(name);
      return {
        text: value,
        ssml: `<say-as interpret-as="characters">${escapeXml(value)}</say-as>`,
      };
    },
    number: (name) => plain(formatNumber(asNumber(name))),
    plural: (name, forms) => {
      const value = asNumber(name);
      const form = forms[pluralRules().select(value)] ?? forms.other;
      return plain(form.replaceAll('#', formatNumber(value)));
    },
    money: (amountName, currencyName, grammaticalCase) => {
      const currency = asString(currencyName);
      const format = memo(
        `money|${locale}|${currency}`,
        () =>
          new Intl.NumberFormat(locale, {
            style: 'currency',
            currency,
            currencyDisplay: 'name',
            trailingZeroDisplay: 'stripIfInteger',
          }),
      );
      const minorDigits = format.resolvedOptions().maximumFractionDigits ?? 2;
      const value = asNumber(amountName) / 10 ** minorDigits;
      const names =
        (grammaticalCase === 'genitive'
          ? spokenCurrencyGenitives[locale]?.[currency]
          : undefined) ?? spokenCurrencyNames[locale][currency];
      const name = names && (names[pluralRules().select(value)] ?? names.other);
      return plain(
        format
          .formatToParts(value)
          .map((part) => (part.type === 'currency' && name ? name : part.value))
          .join(''),
      );
    },
    day: (name, absolutePrefix = '') => {
      const target = dateOf(name);
      const offset = offsetOf(target);
      if (Math.abs(offset) <= 1) return relativeDay(offset);
      return plain(`${absolutePrefix}${longDate(target)}`);
    },
    when: (name) => {
      const target = dateOf(name);
      const offset = offsetOf(target);
      if (Math.abs(offset) <= 1) return relativeDay(offset);
      // Within the coming week the weekday alone is unambiguous, and what people say.
      if (offset > 1 && offset < 7) return plain(onWeekday[locale][weekdayOf(target)] ?? '');
      return plain(`${onDatePrefix[locale]}${longDate(target)}`);
    },
    date: (name) =>
      plain(
        memo(
          `weekday-date|${locale}`,
          () =>
            new Intl.DateTimeFormat(locale, {
              weekday: 'long',
              day: 'numeric',
              month: 'long',
              timeZone: 'UTC',
            }),
        ).format(Date.parse(`${dateOf(name)}T00:00:00Z`)),
      ),
    daysAway: (name) => offsetOf(dateOf(name)),
    time: (name) => plain(timeFormat().format(asInstant(asString(name), name))),
    clock: (name) => {
      const value = asString(name);
      if (!/^\d{2}:\d{2}$/.test(value)) throw new MissingParameterError(`${name} is not HH:MM`);
      return plain(
        memo(
          `clock|${locale}`,
          () =>
            new Intl.DateTimeFormat(locale, {
              hour: 'numeric',
              minute: '2-digit',
              timeZone: 'UTC',
            }),
        ).format(Date.parse(`1970-01-01T${value}:00Z`)),
      );
    },
    timeChoices: (name) => {
      const times = asString(name)
        .split(',')
        .map((value) => timeFormat().format(asInstant(value.trim(), name)));
      return plain(
        memo(
          `or-list|${locale}`,
          () => new Intl.ListFormat(locale, { type: 'disjunction' }),
        ).format(times),
      );
    },
  };
}
