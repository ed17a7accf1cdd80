/**
 * Words Intl does not give in the form people say them. Intl's currency names are the formal
 * ones ("złotych polskich", "польских злотых", "波兰兹罗提", "US dollars"); a shop assistant
 * says "złotych", "злотых", "兹罗提", "dollars". Intl's weekday names are nominative, while
 * "on Sunday" needs the accusative after a preposition in Polish and Russian ("w niedzielę",
 * "в среду").
 */
import type { Locale } from '#shared/conversation/types.ts';
import type { PluralForms } from './message.ts';

/** Per locale, the everyday name of each currency by plural form; others keep Intl's name. */
export const spokenCurrencyNames: Readonly<Record<Locale, Readonly<Record<string, PluralForms>>>> =
  {
    'en-US': {
      PLN: { one: 'zloty', other: 'zlotys' },
      USD: { one: 'dollar', other: 'dollars' },
      RUB: { one: 'ruble', other: 'rubles' },
      CNY: { other: 'yuan' },
    },
    // `other` is the form after a decimal fraction: "129,50 złotego", "129,50 злотого".
    'pl-PL': {
      PLN: { one: 'złoty', few: 'złote', many: 'złotych', other: 'złotego' },
      USD: { one: 'dolar', few: 'dolary', many: 'dolarów', other: 'dolara' },
      RUB: { one: 'rubel', few: 'ruble', many: 'rubli', other: 'rubla' },
      CNY: { one: 'juan', few: 'juany', many: 'juanów', other: 'juana' },
    },
    'ru-RU': {
      PLN: { one: 'злотый', few: 'злотых', many: 'злотых', other: 'злотого' },
      USD: { one: 'доллар', few: 'доллара', many: 'долларов', other: 'доллара' },
      RUB: { one: 'рубль', few: 'рубля', many: 'рублей', other: 'рубля' },
      CNY: { one: 'юань', few: 'юаня', many: 'юаней', other: 'юаня' },
    },
    'zh-CN': {
      PLN: { other: '兹罗提' },
      RUB: { other: '卢布' },
      CNY: { other: '元' },
    },
  };

/**
 * After "do zapłaty", "w wysokości", "на оплату", "в размере" the amount is in the genitive:
 * "1 złotego", "2 złotych", "1 злотого", "2 злотых". Currencies missing here keep the
 * counting form (euro does not inflect).
 */
export const spokenCurrencyGenitives: Readonly<
  Partial<Record<Locale, Readonly<Record<string, PluralForms>>>>
> = {
  'pl-PL': {
    PLN: { one: 'złotego', few: 'złotych', many: 'złotych', other: 'złotego' },
    USD: { one: 'dolara', few: 'dolarów', many: 'dolarów', other: 'dolara' },
    RUB: { one: 'rubla', few: 'rubli', many: 'rubli', other: 'rubla' },
    CNY: { one: 'juana', few: 'juanów', many: 'juanów', other: 'juana' },
  },
  'ru-RU': {
    PLN: { one: 'злотого', few: 'злотых', many: 'злотых', other: 'злотого' },
    USD: { one: 'доллара', few: 'долларов', many: 'долларов', other: 'доллара' },
    RUB: { one: 'рубля', few: 'рублей', many: 'рублей', other: 'рубля' },
    CNY: { one: 'юаня', few: 'юаней', many: 'юаней', other: 'юаня' },
  },
};

/** "On <weekday>" as an adverbial, Sunday first (the order of `Date#getUTCDay`). */
export const onWeekday: Readonly<Record<Locale, readonly string[]>> = {
  'en-US': [
    'on Sunday',
    'on Monday',
    'on Tuesday',
    'on Wednesday',
    'on Thursday',
    'on Friday',
    'on Saturday',
  ],
  'pl-PL': [
    'w niedzielę',
    'w poniedziałek',
    'we wtorek',
    'w środę',
    'w czwartek',
    'w piątek',
    'w sobotę',
  ],
  'ru-RU': [
    'в воскресенье',
    'в понедельник',
    'во вторник',
    'в среду',
    'в четверг',
    'в пятницу',
    'в субботу',
  ],
  'zh-CN': ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
};

/** What "on" a calendar date needs: "on June 20", but "20 czerwca", "20 июня", "6月20日". */
export const onDatePrefix: Readonly<Record<Locale, string>> = {
  'en-US': 'on ',
  'pl-PL': '',
  'ru-RU': '',
  'zh-CN': '',
};
