import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { storeHoursConnector } from '#shared/partners/store-hours/connector.ts';
import { parseCsv } from '#shared/reference-data/csv.ts';
import { referenceItems } from '#shared/reference-data/load.ts';
import { referenceKey } from '#shared/state/table-design.ts';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF and a BOM', () => {
    const text =
      '\uFEFFcity,address\r\n"Kraków","ul. ""Floriańska"" 12, Kraków"\r\nGdańsk,"a\nb"\n';
    expect(parseCsv(text)).toEqual([
      { city: 'Kraków', address: 'ul. "Floriańska" 12, Kraków' },
      { city: 'Gdańsk', address: 'a\nb' },
    ]);
  });

  it('rejects ragged rows and unterminated quotes', () => {
    expect(() => parseCsv('a,b\n1\n')).toThrow(/row 2/);
    expect(() => parseCsv('a\n"open')).toThrow(/quoted/);
  });
});

describe('reference rows', () => {
  it('keys rows case-, accent- and space-insensitively', () => {
    expect(referenceKey(' Kraków ')).toBe('krakow');
    expect(referenceKey('ŁÓDŹ')).toBe('lodz');
    expect(referenceKey('New  York')).toBe('new-york');
  });

  it('validates the shipped store-hours sample against the partner schema', () => {
    const text = readFileSync(
      new URL('../../../infra/local/reference-data/store-hours.csv', import.meta.url),
      'utf8',
    );
    const schema = storeHoursConnector.operations.getStoreHours.response;
    const items = referenceItems('store-hours', parseCsv(text), 'city', schema);
    expect(items.length).toBeGreaterThanOrEqual(8);
    expect(items.find((item) => item.sk === 'krakow')).toMatchObject({
      pk: 'reference#store-hours',
      city: 'Kraków',
      sun: 'closed',
    });
  });

  it('reports every bad row and writes nothing', () => {
    const rows = [
      {
        city: 'A',
        address: 'x',
        timeZone: 'UTC',
        mon: '9-5',
        tue: 'closed',
        wed: 'closed',
        thu: 'closed',
        fri: 'closed',
        sat: 'closed',
        sun: 'closed',
      },
      { city: '', address: 'x' },
    ];
    expect(() =>
      referenceItems(
        'store-hours',
        rows,
        'city',
        storeHoursConnector.operations.getStoreHours.response,
      ),
    ).toThrow(/row 2: invalid mon[\s\S]*row 3: "city" is empty/);
  });
});
