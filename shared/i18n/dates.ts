/**
 * Calendar arithmetic in a named time zone with only `Intl`: "tomorrow" is a business-local
 * notion, and Lambda runs in UTC.
 */

/** Where the business is; callers' "today" and "10 o'clock" are read in this zone. */
export const defaultBusinessTimeZone = 'Europe/Warsaw';

const dayMs = 24 * 60 * 60 * 1000;
const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClock(instant: number, timeZone: string): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return fields;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** The `YYYY-MM-DD` date an instant falls on in `timeZone`. */
export function calendarDateAt(instant: number, timeZone: string): string {
  const { year = 0, month = 0, day = 0 } = wallClock(instant, timeZone);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function isCalendarDate(value: string): boolean {
  const match = isoDatePattern.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  return date.getUTCMonth() === (month ?? 0) - 1 && date.getUTCDate() === day;
}

/** A date-only value stays as it is (a delivery date has no zone); an instant is placed in it. */
export function toCalendarDate(value: string, timeZone: string): string | undefined {
  if (isCalendarDate(value)) return value;
  const instant = Date.parse(value);
  return Number.isNaN(instant) ? undefined : calendarDateAt(instant, timeZone);
}

const utcMidnight = (date: string): number => Date.parse(`${date}T00:00:00Z`);

export const daysBetween = (from: string, to: string): number =>
  Math.round((utcMidnight(to) - utcMidnight(from)) / dayMs);

export const addDays = (date: string, days: number): string =>
  new Date(utcMidnight(date) + days * dayMs).toISOString().slice(0, 10);

/** 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (date: string): number => new Date(utcMidnight(date)).getUTCDay();

function offsetAt(instant: number, timeZone: string): number {
  const {
    year = 0,
    month = 1,
    day = 1,
    hour = 0,
    minute = 0,
    second = 0,
  } = wallClock(instant, timeZone);
  return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(instant / 1000) * 1000;
}

/** The instant at which clocks in `timeZone` show `date` `time` (`HH:MM`). */
export function zonedInstant(date: string, time: string, timeZone: string): number {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  const firstGuess = asUtc - offsetAt(asUtc, timeZone);
  // A second pass settles times near a daylight-saving change, where the offset differs.
  return asUtc - offsetAt(firstGuess, timeZone);
}
