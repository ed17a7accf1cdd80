/**
 * Clock times as callers say or type them, in four languages: "2 pm", "3 p.m.", "at 2 in the
 * afternoon", "14:30", "o czternastej", "na czternastą", "wpół do trzeciej", "в два часа дня",
 * "в половине третьего", "下午两点半", "noon". Works on folded text (see `foldText`), so
 * "czternastą" arrives as "czternasta" and "четвёртого" as "четвертого".
 */
import { monthNames } from './parse-date.ts';
import { foldText, hanNumber } from './text.ts';
import {
  chinesePeriods,
  hourWords,
  minuteWords,
  noonWords,
  type Period,
  periodWords,
  polishEnding,
  polishHourStems,
  russianGenitiveHours,
} from './time-words.ts';

interface Clock {
  readonly hour: number;
  readonly minute: number;
  readonly period?: Period;
  /** "02:00" was written as a 24-hour time: never moved to the afternoon. */
  readonly padded?: boolean;
}

interface Recogniser {
  /** Built on folded text; group names are read by `read`. */
  readonly pattern: RegExp;
  read(groups: Readonly<Record<string, string | undefined>>): Clock | undefined;
  /**
   * Found in free text only with a sign that it is a time (a preposition, an hour word, a
   * period or a colon): "book 2 tickets" has no time in it.
   */
  marked(groups: Readonly<Record<string, string | undefined>>): boolean;
}

const alternation = (words: Iterable<string>): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.]/g, '\\.'))
    .join('|');

const notAfterWord = '(?<![\\p{L}\\p{N}])';
const notBeforeWord = '(?![\\p{L}\\p{N}])';
const periods = alternation(Object.keys(periodWords));
const words = (table: Readonly<Record<string, number>>): string => alternation(Object.keys(table));
const polishOrdinal = `(?:${polishHourStems.join('|')})${polishEnding}`;
const hanNumeral = '[0-9零一二两三四五六七八九十]{1,3}';

const recognisers: readonly Recogniser[] = [
  // "14:30", "at 2 pm", "o 14.30", "в 14 часов 30 минут", "2 in the afternoon", "10 o'clock".
  {
    pattern: new RegExp(
      `${notAfterWord}(?:(?<prep>at|o|na|od|в|во|на|к)\\s+(?:godz(?:inie|ine|\\.)?\\s*)?)?` +
        // "na 12 czerwca", "на 12 июня" are dates.
        `(?<hour>\\d{1,2})(?!\\s*(?:${monthNames})${notBeforeWord})` +
        `(?:\\s*(?<sep>[:.h])\\s*(?<minute>\\d{2}))?(?::\\d{2})?` +
        `(?:\\s*(?<word>o['’]?clock|час(?:а|ов)?))?(?:\\s+(?<ruMinute>\\d{1,2})\\s+минут[аы]?)?` +
        `(?:\\s*(?<period>${periods}))?${notBeforeWord}`,
      'gu',
    ),
    read: (g) => {
      // "na 12.06" is a date (the 12th of June), not six past twelve.
      if (g.sep === '.' && g.prep === 'na') return undefined;
      return {
        hour: Number(g.hour),
        minute: Number(g.minute ?? g.ruMinute ?? 0),
        ...(g.period && { period: periodWords[g.period] }),
        padded: g.hour?.length === 2 && g.hour.startsWith('0'),
      };
    },
    marked: (g) =>
      g.prep !== undefined || g.sep === ':' || g.word !== undefined || g.period !== undefined,
  },
  // "下午两点半", "14点15分", "三点一刻".
  {
    pattern: new RegExp(
      `(?<period>${alternation(Object.keys(chinesePeriods))})?\\s*(?<hour>${hanNumeral})\\s*[点點时]钟?` +
        `(?:(?<half>半)|(?<quarter>一刻|1刻)|(?<threeQuarters>三刻|3刻)|\\s*(?<minute>${hanNumeral})\\s*分?)?`,
      'gu',
    ),
    read: (g) => {
      const hour = hanNumber(g.hour ?? '');
      const minute = g.half
        ? 30
        : g.quarter
          ? 15
          : g.threeQuarters
            ? 45
            : hanNumber(g.minute ?? '0');
      if (hour === undefined || minute === undefined) return undefined;
      return { hour, minute, ...(g.period && { period: chinesePeriods[g.period] }) };
    },
    marked: () => true,
  },
  // "o czternastej", "na czternastą", "czternasta trzydzieści", "o drugiej po południu".
  {
    pattern: new RegExp(
      `${notAfterWord}(?:(?<prep>o|na|od)\\s+(?:godzin[eiy]\\s+)?)?` +
        `(?<hour>(?:dwudziest${polishEnding}\\s+)?${polishOrdinal})` +
        `(?:\\s+(?<minute>\\d{1,2}|${words(minuteWords)}))?(?:\\s+(?<period>${periods}))?${notBeforeWord}`,
      'gu',
    ),
    read: (g) => {
      const hour = polishHour(g.hour ?? '');
      const minute = g.minute === undefined ? 0 : (minuteWords[g.minute] ?? Number(g.minute));
      if (hour === undefined) return undefined;
      return { hour, minute, ...(g.period && { period: periodWords[g.period] }) };
    },
    marked: (g) => g.prep !== undefined,
  },
  // "wpół do trzeciej" is half past two.
  {
    pattern: new RegExp(
      `${notAfterWord}(?:o\\s+)?wpol\\s+do\\s+(?<hour>${polishOrdinal})(?:\\s+(?<period>${periods}))?${notBeforeWord}`,
      'gu',
    ),
    read: (g) => {
      const hour = polishHour(g.hour ?? '');
      if (hour === undefined) return undefined;
      return { hour: hour - 1, minute: 30, ...(g.period && { period: periodWords[g.period] }) };
    },
    marked: () => true,
  },
  // "в два часа дня", "на два часа дня", "в три тридцать", "at two pm", "в час дня".
  {
    pattern: new RegExp(
      `${notAfterWord}(?:(?<prep>at|в|во|на|к)\\s+)?(?:(?<hour>${words(hourWords)})(?<word>\\s+(?:час(?:а|ов)?|o['’]?clock))?|(?<one>час))` +
        `(?:\\s+(?<minute>\\d{1,2}|${words(minuteWords)})(?:\\s+минут[аы]?)?)?(?:\\s+(?<period>${periods}))?${notBeforeWord}`,
      'gu',
    ),
    read: (g) => {
      const hour = g.one ? 1 : hourWords[g.hour ?? ''];
      const minute = g.minute === undefined ? 0 : (minuteWords[g.minute] ?? Number(g.minute));
      if (hour === undefined) return undefined;
      return { hour, minute, ...(g.period && { period: periodWords[g.period] }) };
    },
    // "два" alone is a number; with "в", "часа" or "дня" it is a time. Bare "час" is 1 o'clock
    // only after a preposition ("в час").
    marked: (g) =>
      g.one !== undefined
        ? g.prep !== undefined || g.period !== undefined
        : g.prep !== undefined || g.word !== undefined || g.period !== undefined,
  },
  // "в половине третьего (дня)", "полтретьего".
  {
    pattern: new RegExp(
      `${notAfterWord}(?:в\\s+)?(?:половине\\s+|пол-?\\s*)(?<hour>${russianGenitiveHours.join('|')})(?:\\s+(?<period>${periods}))?${notBeforeWord}`,
      'gu',
    ),
    read: (g) => {
      const hour = russianGenitiveHours.indexOf(g.hour ?? '') + 1;
      return { hour: hour - 1, minute: 30, ...(g.period && { period: periodWords[g.period] }) };
    },
    marked: () => true,
  },
  {
    pattern: new RegExp(
      `${notAfterWord}(?:at\\s+|в\\s+)?(?<word>${words(noonWords)}|中午)(?![0-9零一二两三四五六七八九十\\p{L}])`,
      'gu',
    ),
    read: (g) => ({ hour: noonWords[g.word ?? ''] ?? 12, minute: 0 }),
    marked: () => true,
  },
];

function polishHour(ordinal: string): number | undefined {
  const [first = '', second] = ordinal.split(/\s+/);
  const stemValue = (word: string): number | undefined => {
    const index = polishHourStems.findIndex((stem) =>
      new RegExp(`^${stem}${polishEnding}$`).test(word),
    );
    return index === -1 ? undefined : index + 1;
  };
  if (second === undefined) return stemValue(first);
  const ones = stemValue(second);
  return ones === undefined ? undefined : 20 + ones;
}

function applyPeriod(clock: Clock, preferAfternoon: boolean): number {
  const { hour, period } = clock;
  if (period === 'am') return hour === 12 ? 0 : hour;
  if (period === 'pm') return hour < 12 ? hour + 12 : hour;
  // "11 ночи", "o dziesiątej w nocy" are late evening; "2 ночи" is early morning.
  if (period === 'night') return hour === 12 ? 0 : hour >= 7 && hour < 12 ? hour + 12 : hour;
  return preferAfternoon && !clock.padded && hour >= 1 && hour <= 6 ? hour + 12 : hour;
}

export interface TimeOptions {
  /**
   * An hour from 1 to 6 with no am/pm is in the afternoon ("at 2" for an appointment is 14:00);
   * a 24-hour "02:00" is not moved.
   */
  readonly preferAfternoon?: boolean;
}

interface Found {
  readonly clock: Clock;
  /** The time as said, without the preposition before it. */
  readonly said: string;
}

function search(folded: string, anywhere: boolean): Found | undefined {
  let best: Found | undefined;
  for (const recogniser of recognisers) {
    for (const match of folded.matchAll(recogniser.pattern)) {
      const groups = match.groups ?? {};
      if (anywhere && !recogniser.marked(groups)) continue;
      const clock = recogniser.read(groups);
      if (!clock || clock.hour > 23 || clock.minute > 59) continue;
      const said = match[0].replace(/^(?:at|o|na|od|в|во|на|к)\s+/u, '').trim();
      // The longest reading wins: "at 2 pm" over "at 2", "dwudziestej pierwszej" over
      // "pierwszej".
      if (!best || said.length > best.said.length) best = { clock, said };
    }
  }
  return best;
}

const asHhMm = (hour: number, minute: number): string | undefined =>
  hour > 23 || minute > 59 || hour < 0
    ? undefined
    : `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

/** A bare slot value: "10", "14.30", "14:00:00", "czternasta", "два". */
const wholeValue = /^(?<hour>\d{1,2})(?:\s*[:.h]\s*(?<minute>\d{2}))?(?::\d{2})?$/;

/** A slot value ("2 pm", "o czternastej", "下午两点") as `HH:MM`; `undefined` when not a time. */
export function parseTime(raw: string, options: TimeOptions = {}): string | undefined {
  const folded = foldText(raw.trim());
  const whole = wholeValue.exec(folded)?.groups;
  const clock: Clock | undefined = whole
    ? {
        hour: Number(whole.hour),
        minute: Number(whole.minute ?? 0),
        padded: whole.hour?.length === 2 && whole.hour.startsWith('0'),
      }
    : search(folded, false)?.clock;
  if (!clock || (clock.period === 'am' && clock.hour > 12)) return undefined;
  return asHhMm(applyPeriod(clock, options.preferAfternoon ?? false), clock.minute);
}

/** The time said somewhere in free text ("tomorrow at 2 pm" → "2 pm"), folded. */
export function findTime(text: string): string | undefined {
  return search(foldText(text), true)?.said;
}
