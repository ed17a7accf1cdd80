import type { Skill, SkillContext, SkillResult } from '#shared/conversation/types.ts';
import { addDays, calendarDateAt, weekdayOf } from '#shared/i18n/dates.ts';
import type { StoreHours } from '#shared/partners/store-hours/connector.ts';
import { resolveCity } from './cities.ts';
import { parseDate } from './parse-date.ts';
import { elicit, partnerUnavailable, say } from './support.ts';

const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const hoursOn = (store: StoreHours, date: string): string =>
  store[weekdays[weekdayOf(date)] ?? 'sun'];

/** `09:00-20:00` → opens, closes; `closed` → undefined. */
function openingHours(hours: string): { opens: string; closes: string } | undefined {
  const [opens, closes] = hours.split('-');
  return opens && closes ? { opens, closes } : undefined;
}

/** The hours on the day asked about, or when the store next opens after it. */
function describeHours(store: StoreHours, date: string): SkillResult {
  const address = store.address;
  const hours = openingHours(hoursOn(store, date));
  if (hours) {
    return {
      outcome: 'fulfilled',
      messages: [say('storeHours.open', { address, date, ...hours })],
    };
  }
  for (let offset = 1; offset < weekdays.length; offset += 1) {
    const nextOpenDate = addDays(date, offset);
    const next = openingHours(hoursOn(store, nextOpenDate));
    if (next) {
      return {
        outcome: 'fulfilled',
        messages: [say('storeHours.closed', { address, date, nextOpenDate, ...next })],
      };
    }
  }
  return { outcome: 'fulfilled', messages: [say('storeHours.closed', { address, date })] };
}

/**
 * The day asked about ("on Sunday", "jutro") in the store's own zone, today when none was
 * said; a day that is not one, or is past, is asked again.
 */
function askedDay(
  context: SkillContext,
  timeZone: string,
  city: string,
): SkillResult | { date: string } {
  const today = calendarDateAt(context.now, timeZone);
  const raw = context.slots.date?.trim();
  if (!raw) return { date: today };
  const date = parseDate(raw, context.now, timeZone);
  return date !== undefined && date >= today
    ? { date }
    : elicit('date', say('storeHours.invalidDate'), { city });
}

function citySlot(context: SkillContext): SkillResult | { city: string } {
  const raw = context.slots.city?.trim();
  return raw ? { city: resolveCity(raw) } : elicit('city', say('storeHours.askCity'));
}

export const checkStoreHours: Skill = {
  name: 'CheckStoreHours',
  audience: 'anyone',
  utterances: {
    'en-US': [
      'what are your opening hours in {city}',
      'when is the store in {city} open',
      'what time does the {city} store open',
      'store hours {city}',
      'is the {city} store open',
      'opening hours',
    ],
    'pl-PL': [
      'jakie są godziny otwarcia w {city}',
      'o której otwarty jest sklep w {city}',
      'do której czynny jest sklep w {city}',
      'godziny otwarcia sklepu {city}',
      'czy sklep w {city} jest otwarty',
      'godziny otwarcia',
    ],
    'ru-RU': [
      'во сколько открыт магазин в {city}',
      'часы работы магазина в {city}',
      'до скольки работает магазин в {city}',
      'когда открывается магазин {city}',
      'работает ли магазин в {city}',
      'часы работы',
    ],
    'zh-CN': [
      '{city}的门店几点开门',
      '{city}门店营业时间',
      '{city}的商店几点关门',
      '{city}的门店营业吗',
      '营业时间',
      '门店营业时间',
    ],
  },
  slots: ['city', 'date'],

  validate(context) {
    const checked = citySlot(context);
    if ('outcome' in checked) return checked;
    // The store's own zone is known only once its row is read; the business zone is as good
    // for telling a day from something that is not one.
    const asked = askedDay(context, context.timeZone, checked.city);
    return 'outcome' in asked
      ? asked
      : { outcome: 'delegate', messages: [], slots: { city: checked.city } };
  },

  async run(context) {
    const checked = citySlot(context);
    if ('outcome' in checked) return checked;
    const { city } = checked;
    if (!context.callPartner) return partnerUnavailable();
    const result = await context.callPartner('store-hours', 'getStoreHours', { city });
    if (result.kind === 'ok') {
      const asked = askedDay(context, result.value.timeZone, city);
      if ('outcome' in asked) return asked;
      return {
        ...describeHours(result.value, asked.date),
        slots: { city, ...(context.slots.date ? { date: asked.date } : {}) },
      };
    }
    if (result.kind === 'failed' && result.error.code === 'not-found') {
      return elicit('city', say('storeHours.unknownCity', { city }));
    }
    return {
      ...partnerUnavailable(result.kind === 'failed' ? result.error : undefined),
      slots: { city },
    };
  },
};
