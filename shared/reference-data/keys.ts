/**
 * Row keys ignore case, accents and spacing, so "Kraków", "krakow" and " KRAKOW " (as a bot
 * transcribes them) find the same row.
 */
export function referenceKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-');
}

export const referencePartition = (dataset: string): string => `reference#${dataset}`;
