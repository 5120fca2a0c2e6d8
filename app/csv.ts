/**
 * CSV text for the app's download: RFC 4180 quoting (https://www.rfc-editor.org/rfc/rfc4180,
 * section 2) plus the OWASP "CSV injection" defence
 * (https://owasp.org/www-community/attacks/CSV_Injection): a text cell that a spreadsheet would
 * read as a formula — one starting with = + - @, a tab or a carriage return — gets a leading
 * single quote. Numbers stay numbers: a cell of type number, or text that is a plain decimal
 * number such as "-12.5", is written as it is.
 */

/** A cell: text, a number, a boolean, or empty (null/undefined). */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);
// A plain decimal number (optionally signed, with exponent). Every way to match is unique (the
// fraction digits need the dot), so backtracking is linear: "-" + 10⁵ digits + "x" is rejected at once.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Text a spreadsheet would not evaluate: a leading ' before = + - @ tab CR, unless it is a plain number. */
export function neutralise(text: string): string {
  return text.length > 0 && FORMULA_START.has(text[0]!) && !DECIMAL.test(text) ? `'${text}` : text;
}

/** One field: numbers as the shortest round-trip text, text neutralised, then quoted if it must be. */
export function csvField(cell: CsvCell): string {
  let text: string;
  if (cell === null || cell === undefined) text = '';
  else if (typeof cell === 'number') text = Number.isFinite(cell) ? String(cell) : neutralise(String(cell)); // "-Infinity" is text to a spreadsheet
  else if (typeof cell === 'boolean') text = String(cell);
  else text = neutralise(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Records joined with CRLF, each ending with CRLF (RFC 4180 section 2, rules 1–2). */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
