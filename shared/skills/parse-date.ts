/**
 * Days as callers say or type them, in four languages: relative days ("tomorrow", "pojutrze",
 * "послезавтра", "后天"), weekdays ("on Sunday", "w niedzielę", "в следующую среду", "下周一"),
 * dates with month names ("June 12", "12 czerwca", "12 июня") and numeric dates ("12.06",
 * "6月12日", "六月十二号"). Works on folded text (see `foldText`).
 */
import { addDays, calendarDateAt, isCalendarDate, weekdayOf } from '#shared/i18n/dates.ts';
import { foldText, hanNumber } from './text.ts';

const alternation = (words: Iterable<string>): string =>
  [...words].sort((a, b) => b.length - a.length).join('|');

const notAfterWord = '(?<![\\p{L}\\p{N}])';
const notBeforeWord = '(?![\\p{L}\\p{N}])';

/** Folded, like the text they are looked for in. */
const relativeDays: Readonly<Record<string, number>> = {
  'day after tomorrow': 2,
  pojutrze: 2,
  послезавтра: 2,
  tomorrow: 1,
  jutro: 1,
  завтра: 1,
  today: 0,
  tonight: 0,
  dzisiaj: 0,
  dzis: 0,
  сегодня: 0,
};
const hanRelativeDays: Readonly<Record<string, number>> = { 后天: 2, 明天: 1, 今天: 0 };

/** Weekday forms, Sunday = 0: "w niedzielę" is folded to "w niedziele", "в среду" stays. */
const weekdayForms: readonly (readonly string[])[] = [
  ['sunday', 'niedziela', 'niedziele', 'niedzieli', 'воскресенье', 'воскресенья'],
  ['monday', 'poniedzialek', 'poniedzialku', 'понедельник', 'понедельника'],
  ['tuesday', 'wtorek', 'wtorku', 'вторник', 'вторника'],
  ['wednesday', 'sroda', 'srode', 'srody', 'среда', 'среду', 'среды'],
  ['thursday', 'czwartek', 'czwartku', 'четверг', 'четверга'],
  ['friday', 'piatek', 'piatku', 'пятница', 'пятницу', 'пятницы'],
  ['saturday', 'sobota', 'sobote', 'soboty', 'суббота', 'субботу', 'субботы'],
];
const weekdayByForm = new Map(
  weekdayForms.flatMap((forms, weekday) => forms.map((form) => [form, weekday] as const)),
);
const hanWeekdays: Readonly<Record<string, number>> = {
  日: 0,
  天: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
};

/** Month names (genitive in Polish and Russian: "12 czerwca", "12 июня"), January = 1. */
const monthForms: readonly (readonly string[])[] = [
  ['january', 'jan', 'stycznia', 'января'],
  ['february', 'feb', 'lutego', 'февраля'],
  ['march', 'mar', 'marca', 'марта'],
  ['april', 'apr', 'kwietnia', 'апреля'],
  ['may', 'maja', 'мая'],
  ['june', 'jun', 'czerwca', 'июня'],
  ['july', 'jul', 'lipca', 'июля'],
  ['august', 'aug', 'sierpnia', 'августа'],
  ['september', 'sep', 'sept', 'wrzesnia', 'сентября'],
  ['october', 'oct', 'pazdziernika', 'октября'],
  ['november', 'nov', 'listopada', 'ноября'],
  ['december', 'dec', 'grudnia', 'декабря'],
];
const monthByForm = new Map(
  monthForms.flatMap((forms, index) => forms.map((form) => [form, index + 1] as const)),
);
/** For the time parser: "na 12 czerwca" is a date, not 12 o'clock. */
export const monthNames = alternation(monthByForm.keys());

type Groups = Readonly<Record<string, string | undefined>>;

interface Recogniser {
  readonly pattern: RegExp;
  resolve(groups: Groups, today: string): string | undefined;
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** A day and month without a year is the next one to come: "12.01" said in December. */
function dayOfYear(day: number, month: number, year: string | undefined, today: string) {
  const thisYear = Number(today.slice(0, 4));
  const candidate = `${year ?? thisYear}-${pad(month)}-${pad(day)}`;
  if (!isCalendarDate(candidate)) return undefined;
  if (year !== undefined || candidate >= today) return candidate;
  const nextYear = `${thisYear + 1}${candidate.slice(4)}`;
  return isCalendarDate(nextYear) ? nextYear : undefined;
}

/** A plain weekday is the nearest one, today included; "next" is the one in next week. */
function weekdayDate(weekday: number, nextWeek: boolean, today: string): string {
  const todayWeekday = weekdayOf(today);
  if (!nextWeek) return addDays(today, (weekday - todayWeekday + 7) % 7);
  // Weeks start on Monday in all four languages' calendars.
  const nextMonday = addDays(today, 7 - ((todayWeekday + 6) % 7));
  return addDays(nextMonday, (weekday + 6) % 7);
}

const latinOrCyrillic = (words: string): string => `${notAfterWord}(?:${words})${notBeforeWord}`;
const ordinalSuffix = '(?:st|nd|rd|th)?';
const hanNumeral = '[0-9一二两三四五六七八九十]{1,3}';

const recognisers: readonly Recogniser[] = [
  {
    pattern: /(?<iso>\d{4}-\d{2}-\d{2})/gu,
    resolve: ({ iso = '' }) => (isCalendarDate(iso) ? iso : undefined),
  },
  {
    pattern: new RegExp(
      `${latinOrCyrillic(`(?<word>${alternation(Object.keys(relativeDays))})`)}|(?<han>${alternation(Object.keys(hanRelativeDays))})`,
      'gu',
    ),
    resolve: ({ word, han }, today) => {
      const offset = word ? relativeDays[word] : hanRelativeDays[han ?? ''];
      return offset === undefined ? undefined : addDays(today, offset);
    },
  },
  {
    pattern: new RegExp(
      latinOrCyrillic(
        `(?:(?<next>next|przyszl[aey]|przyszlym|следующ(?:ий|ую|ее|ая|ем|ей))\\s+)?(?<day>${alternation(weekdayByForm.keys())})`,
      ),
      'gu',
    ),
    resolve: ({ next, day = '' }, today) => {
      const weekday = weekdayByForm.get(day);
      return weekday === undefined ? undefined : weekdayDate(weekday, next !== undefined, today);
    },
  },
  {
    pattern: /(?<next>下个?)?(?:周|星期|礼拜)(?<day>[日天一二三四五六])/gu,
    resolve: ({ next, day = '' }, today) => {
      const weekday = hanWeekdays[day];
      return weekday === undefined ? undefined : weekdayDate(weekday, next !== undefined, today);
    },
  },
  {
    pattern: new RegExp(
      latinOrCyrillic(
        `(?:(?<day>\\d{1,2})${ordinalSuffix}(?:\\s+of)?\\s+(?<month>${monthNames})|(?<month2>${monthNames})\\s+(?<day2>\\d{1,2})${ordinalSuffix})(?:,?\\s+(?<year>\\d{4}))?`,
      ),
      'gu',
    ),
    resolve: ({ day, month, day2, month2, year }, today) => {
      const monthNumber = monthByForm.get(month ?? month2 ?? '');
      return monthNumber === undefined
        ? undefined
        : dayOfYear(Number(day ?? day2), monthNumber, year, today);
    },
  },
  {
    pattern:
      /(?<![\d:.])(?<!(?:o|at|в|во)\s)(?<day>\d{1,2})[./](?<month>\d{1,2})(?:[./](?<year>\d{4}))?(?![\d:])/gu,
    resolve: ({ day, month, year }, today) => dayOfYear(Number(day), Number(month), year, today),
  },
  {
    pattern: new RegExp(
      `(?:(?<year>\\d{4})年)?(?<month>${hanNumeral})月(?<day>${hanNumeral})[日号]`,
      'gu',
    ),
    resolve: ({ day = '', month = '', year }, today) => {
      const [dayNumber, monthNumber] = [hanNumber(day), hanNumber(month)];
      return dayNumber === undefined || monthNumber === undefined
        ? undefined
        : dayOfYear(dayNumber, monthNumber, year, today);
    },
  },
];

/** The longest date expression in folded text, and the day it means. */
function search(folded: string, today: string): { said: string; date: string } | undefined {
  let best: { said: string; date: string } | undefined;
  for (const recogniser of recognisers) {
    for (const match of folded.matchAll(recogniser.pattern)) {
      const date = recogniser.resolve(match.groups ?? {}, today);
      if (date !== undefined && (!best || match[0].length > best.said.length)) {
        best = { said: match[0], date };
      }
    }
  }
  return best;
}

/**
 * A day as the caller put it (Lex's ISO date, "tomorrow", "w niedzielę", "12.06", "6月12日")
 * as `YYYY-MM-DD` in the business time zone; `undefined` when it is not a date.
 */
export function parseDate(raw: string, now: number, timeZone: string): string | undefined {
  const value = foldText(raw.trim());
  if (isCalendarDate(value)) return value;
  return search(value, calendarDateAt(now, timeZone))?.date;
}

/** The day said somewhere in free text ("open on Sunday" → "sunday"), folded. */
export function findDate(text: string): string | undefined {
  // Which day it means does not matter here, only that it is one: any "today" will do.
  return search(foldText(text), '2000-01-01')?.said;
}
