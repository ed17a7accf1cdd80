import type { Skill, SkillContext, SkillResult } from '#shared/conversation/types.ts';
import { addDays, calendarDateAt, weekdayOf } from '#shared/i18n/dates.ts';
import type { StoreHours } from '#shared/partners/store-hours/connector.ts';
import { resolveCity } from './cities.ts';
import { elicit, partnerUnavailable, say } from './support.ts';

const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const hoursOn = (store: StoreHours, date: string): string =>
  store[weekdays[weekdayOf(date)] ?? 'sun'];

/** `09:00-20:00` → opens, closes; `closed` → undefined. */
function openingHours(hours: string): { opens: string; closes: string } | undefined {
  const [opens, closes] = hours.split('-');
  return opens && closes ? { opens, closes } : undefined;
}

/** Today's hours in the store's own zone, or when it next opens. */
function describeHours(store: StoreHours, now: number): SkillResult {
  const today = calendarDateAt(now, store.timeZone);
  const address = store.address;
  const todayHours = openingHours(hoursOn(store, today));
  if (todayHours) {
    return { outcome: 'fulfilled', messages: [say('storeHours.open', { address, ...todayHours })] };
  }
  for (let offset = 1; offset < weekdays.length; offset += 1) {
    const date = addDays(today, offset);
    const hours = openingHours(hoursOn(store, date));
    if (hours) {
      return {
        outcome: 'fulfilled',
        messages: [say('storeHours.closedToday', { address, nextOpenDate: date, ...hours })],
      };
    }
  }
  return { outcome: 'fulfilled', messages: [say('storeHours.closedToday', { address })] };
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
      'opening hours',
    ],
    'pl-PL': [
      'jakie są godziny otwarcia w {city}',
      'o której otwarty jest sklep w {city}',
      'do której czynny jest sklep w {city}',
      'godziny otwarcia sklepu {city}',
      'godziny otwarcia',
    ],
    'ru-RU': [
      'во сколько открыт магазин в {city}',
      'часы работы магазина в {city}',
      'до скольки работает магазин в {city}',
      'когда открывается магазин {city}',
      'часы работы',
    ],
    'zh-CN': [
      '{city}的门店几点开门',
      '{city}门店营业时间',
      '{city}的商店几点关门',
      '营业时间',
      '门店营业时间',
    ],
  },
  slots: ['city'],

  validate(context) {
    const checked = citySlot(context);
    return 'outcome' in checked
      ? checked
      : { outcome: 'delegate', messages: [], slots: { city: checked.city } };
  },

  async run(context) {
    const checked = citySlot(context);
    if ('outcome' in checked) return checked;
    const { city } = checked;
    if (!context.callPartner) return partnerUnavailable();
    const result = await context.callPartner('store-hours', 'getStoreHours', { city });
    if (result.kind === 'ok')
      return { ...describeHours(result.value, context.now), slots: { city } };
    if (result.kind === 'failed' && result.error.code === 'not-found') {
      return elicit('city', say('storeHours.unknownCity', { city }));
    }
    return {
      ...partnerUnavailable(result.kind === 'failed' ? result.error : undefined),
      slots: { city },
    };
  },
};
