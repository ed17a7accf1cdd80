/**
 * The words of clock times in English, Polish, Russian and Chinese, folded like the text they are
 * looked for in (see `foldText`): periods of the day, hour and minute numerals, Polish ordinal
 * hours, Russian genitive hours, noon and midnight. `parse-time.ts` reads times with them.
 */

export type Period = 'am' | 'pm' | 'night';

export const periodWords: Readonly<Record<string, Period>> = {
  am: 'am',
  'a.m.': 'am',
  'a.m': 'am',
  'in the morning': 'am',
  rano: 'am',
  'przed poludniem': 'am',
  утра: 'am',
  pm: 'pm',
  'p.m.': 'pm',
  'p.m': 'pm',
  'in the afternoon': 'pm',
  'in the evening': 'pm',
  'po poludniu': 'pm',
  wieczorem: 'pm',
  дня: 'pm',
  вечера: 'pm',
  'at night': 'night',
  'w nocy': 'night',
  ночи: 'night',
};

export const chinesePeriods: Readonly<Record<string, Period>> = {
  上午: 'am',
  早上: 'am',
  早晨: 'am',
  凌晨: 'am',
  中午: 'pm',
  下午: 'pm',
  傍晚: 'pm',
  晚上: 'pm',
  夜里: 'night',
};

/** Cardinal hour words: English and Russian ("в два часа"). */
export const hourWords: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  один: 1,
  два: 2,
  три: 3,
  четыре: 4,
  пять: 5,
  шесть: 6,
  семь: 7,
  восемь: 8,
  девять: 9,
  десять: 10,
  одиннадцать: 11,
  двенадцать: 12,
  тринадцать: 13,
  четырнадцать: 14,
  пятнадцать: 15,
  шестнадцать: 16,
  семнадцать: 17,
  восемнадцать: 18,
  девятнадцать: 19,
  двадцать: 20,
  'двадцать один': 21,
  'двадцать два': 22,
  'двадцать три': 23,
};

export const minuteWords: Readonly<Record<string, number>> = {
  ten: 10,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  'forty five': 45,
  'forty-five': 45,
  dziesiec: 10,
  pietnascie: 15,
  dwadziescia: 20,
  trzydziesci: 30,
  'czterdziesci piec': 45,
  десять: 10,
  пятнадцать: 15,
  двадцать: 20,
  тридцать: 30,
  'сорок пять': 45,
};

/** Polish ordinal hours by stem: "czternasta", "o czternastej", "na czternastą". */
export const polishHourStems = [
  'pierwsz',
  'drug',
  'trzec',
  'czwart',
  'piat',
  'szost',
  'siodm',
  'osm',
  'dziewiat',
  'dziesiat',
  'jedenast',
  'dwunast',
  'trzynast',
  'czternast',
  'pietnast',
  'szesnast',
  'siedemnast',
  'osiemnast',
  'dziewietnast',
  'dwudziest',
];
export const polishEnding = '(?:ia|a|iej|ej)';

/** Russian genitive ordinals: "в половине третьего" is half past two. */
export const russianGenitiveHours = [
  'первого',
  'второго',
  'третьего',
  'четвертого',
  'пятого',
  'шестого',
  'седьмого',
  'восьмого',
  'девятого',
  'десятого',
  'одиннадцатого',
  'двенадцатого',
];

export const noonWords: Readonly<Record<string, number>> = {
  noon: 12,
  midday: 12,
  midnight: 0,
  'w poludnie': 12,
  'o polnocy': 0,
  полдень: 12,
  полночь: 0,
  午夜: 0,
};
