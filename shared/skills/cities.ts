/**
 * Callers name cities in their own language and grammatical case ("в Кракове", "w Krakowie",
 * "克拉科夫"); the store-hours table is keyed by the local name. Cities missing here are
 * looked up as said, which the table's accent- and case-insensitive keys still often match.
 */
import { foldText } from './text.ts';

const cityAliases: Readonly<Record<string, readonly string[]>> = {
  Warszawa: [
    'warsaw',
    'warszawa',
    'warszawie',
    'warszawy',
    'варшава',
    'варшаве',
    'варшавы',
    '华沙',
  ],
  Kraków: ['krakow', 'cracow', 'krakowie', 'krakowa', 'краков', 'кракове', 'кракова', '克拉科夫'],
  Gdańsk: ['gdansk', 'gdansku', 'gdanska', 'гданьск', 'гданьске', 'гданьска', '格但斯克'],
  Wrocław: ['wroclaw', 'wroclawiu', 'wroclawia', 'вроцлав', 'вроцлаве', 'вроцлава', '弗罗茨瓦夫'],
  Łódź: ['lodz', 'lodzi', 'лодзь', 'лодзи', '罗兹'],
  London: ['london', 'londyn', 'londynie', 'лондон', 'лондоне', 'лондона', '伦敦'],
  'New York': [
    'new york',
    'nowy jork',
    'nowym jorku',
    'nowego jorku',
    'нью-иорк',
    'нью-иорке',
    'нью иорк',
    'нью иорке',
    '纽约',
  ],
  Москва: ['moscow', 'moskwa', 'moskwie', 'moskwy', 'москва', 'москве', 'москвы', '莫斯科'],
  上海: ['shanghai', 'szanghaj', 'szanghaju', 'шанхаи', 'шанхае', 'шанхая', '上海'],
};

const words = (value: string): string[] => value.match(/[\p{L}\p{N}]+/gu) ?? [];
const isHan = (value: string): boolean => /\p{Script=Han}/u.test(value);

/**
 * Latin and Cyrillic aliases are matched as whole words ("lodz" is not inside "lodzka"), by
 * their word sequence so "нью-йорк" and "нью йорк" are the same; Han text has no spaces.
 */
const aliasWords: readonly (readonly [string, readonly string[]])[] = Object.entries(
  cityAliases,
).flatMap(([city, aliases]) =>
  aliases.filter((alias) => !isHan(alias)).map((alias) => [city, words(alias)] as const),
);
const hanAliases: readonly (readonly [string, string])[] = Object.entries(cityAliases).flatMap(
  ([city, aliases]) => aliases.filter(isHan).map((alias) => [city, alias] as const),
);

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    if (needle.every((word, offset) => haystack[start + offset] === word)) return true;
  }
  return false;
}

/** The city a caller mentioned in `text`, as the store-hours table names it. */
export function findKnownCity(text: string): string | undefined {
  const folded = foldText(text);
  const said = words(folded);
  return (
    aliasWords.find(([, alias]) => containsSequence(said, alias))?.[0] ??
    hanAliases.find(([, alias]) => folded.includes(alias))?.[0]
  );
}

export const resolveCity = (raw: string): string => findKnownCity(raw) ?? raw.trim();
