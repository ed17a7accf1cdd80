/**
 * Folding and parsing of what callers say or type. Bots transcribe "Kraków" as "krakow" and
 * "zamówienie" as "zamowienie"; both must mean the same thing.
 */
import { addDays, calendarDateAt, isCalendarDate } from '#shared/i18n/dates.ts';

export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase();
}

const withoutSeparators = (value: string): string => value.replace(/[\s\-#.,/]/g, '');

/** `12 345`, `#12345` and `12-345` are all order 12345. */
export function parseOrderNumber(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const digits = withoutSeparators(raw);
  return /^\d{3,12}$/.test(digits) ? digits : undefined;
}

export function parsePin(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const digits = withoutSeparators(raw);
  return /^\d{4,6}$/.test(digits) ? digits : undefined;
}

/** Longest words first: "послезавтра" contains "завтра", "day after tomorrow" "tomorrow". */
const relativeDays: readonly (readonly [string, number])[] = [
  ['day after tomorrow', 2],
  ['pojutrze', 2],
  ['послезавтра', 2],
  ['后天', 2],
  ['tomorrow', 1],
  ['jutro', 1],
  ['завтра', 1],
  ['明天', 1],
  ['today', 0],
  ['dzisiaj', 0],
  ['dzis', 0],
  ['сегодня', 0],
  ['今天', 0],
];

interface DateParts {
  readonly day: string;
  readonly month: string;
  readonly year: string | undefined;
}

function dayMonthYear(value: string): DateParts | undefined {
  const european = /(\d{1,2})[./](\d{1,2})(?:[./](\d{4}))?/.exec(value);
  if (european) return { day: european[1] ?? '', month: european[2] ?? '', year: european[3] };
  const chinese = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]/.exec(value);
  if (chinese) return { day: chinese[3] ?? '', month: chinese[2] ?? '', year: chinese[1] };
  return undefined;
}

/**
 * A day as the caller put it (Lex's ISO date, "tomorrow", "12.06", "6月12日") as `YYYY-MM-DD`
 * in the business time zone; `undefined` when it is not a date.
 */
export function parseDate(raw: string, now: number, timeZone: string): string | undefined {
  const value = foldText(raw.trim());
  if (isCalendarDate(value)) return value;
  const today = calendarDateAt(now, timeZone);
  for (const [word, offset] of relativeDays) {
    if (value.includes(word)) return addDays(today, offset);
  }
  const parts = dayMonthYear(value);
  if (!parts) return undefined;
  const { day, month, year } = parts;
  const thisYear = today.slice(0, 4);
  const candidate = `${year ?? thisYear}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isCalendarDate(candidate)) return undefined;
  // "12.01" said in December means next January.
  if (year === undefined && candidate < today) {
    const nextYear = `${Number(thisYear) + 1}${candidate.slice(4)}`;
    return isCalendarDate(nextYear) ? nextYear : undefined;
  }
  return candidate;
}

/** "14:00", "14.30", "2 pm", "10", "下午2点半" as `HH:MM`; `undefined` when it is not a time. */
export function parseTime(raw: string): string | undefined {
  const value = foldText(raw.trim());
  const chinese =
    /(上午|早上|中午|下午|晚上)?\s*(\d{1,2})\s*[点點时](?:\s*(\d{1,2})\s*分?|(半))?/.exec(value);
  const western =
    /^(?:at |o |в |во )?(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?$/.exec(value);
  let hour: number;
  let minute: number;
  if (chinese) {
    const [, period, hours = '', minutes, half] = chinese;
    hour =
      Number(hours) + ((period === '下午' || period === '晚上') && Number(hours) < 12 ? 12 : 0);
    minute = half ? 30 : Number(minutes ?? 0);
  } else if (western) {
    const [, hours = '', minutes, meridiem] = western;
    hour = Number(hours);
    minute = Number(minutes ?? 0);
    if (meridiem?.startsWith('p') && hour < 12) hour += 12;
    if (meridiem?.startsWith('a') && hour === 12) hour = 0;
  } else {
    return undefined;
  }
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}
