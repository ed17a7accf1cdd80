/**
 * RFC 4180 CSV as spreadsheets export it: quoted fields with doubled quotes, commas and line
 * breaks inside quotes, CRLF or LF, an optional UTF-8 BOM. The first row names the columns.
 */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.replace(/^\uFEFF/, '');
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
  if (!header) return [];
  const columns = header.map((name) => name.trim());
  return body.map((cells, line) => {
    if (cells.length !== columns.length) {
      throw new Error(
        `CSV row ${line + 2} has ${cells.length} fields, the header has ${columns.length}`,
      );
    }
    return Object.fromEntries(
      columns.map((column, index) => [column, (cells[index] ?? '').trim()]),
    );
  });
}
