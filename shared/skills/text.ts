/**
 * Folding and parsing of what callers say or type. Bots transcribe "Kraków" as "krakow" and
 * "zamówienie" as "zamowienie"; both must mean the same thing. Days and clock times are read in
 * `parse-date.ts` and `parse-time.ts`.
 */

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

const hanDigits: Readonly<Record<string, number>> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** A Chinese numeral up to 99 ("十四" → 14, "二十三" → 23, "两" → 2), or digits as they are. */
export function hanNumber(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  const [tens, ones] = value.split('十');
  if (ones === undefined) return hanDigits[value];
  const tensValue = tens ? hanDigits[tens] : 1;
  const onesValue = ones ? hanDigits[ones] : 0;
  return tensValue === undefined || onesValue === undefined
    ? undefined
    : tensValue * 10 + onesValue;
}
