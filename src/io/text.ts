/** Lines, fields and numbers of text exports. */

/**
 * Lines of a text. Line breaks are LF, CRLF, CR, or CR CR LF (PowerSuite's export ends its lines
 * with "\r\r\n"; read as one break, not as a break and an empty line).
 */
export function splitLines(text: string): string[] {
  // scanned by hand: /\r*\n|\r/ is quadratic on a long run of CRs without LF
  const out: string[] = [];
  const n = text.length;
  let start = 0, i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      out.push(text.slice(start, i));
      start = ++i;
    } else if (c === 13) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) === 13) j++;
      out.push(text.slice(start, i));
      if (j < n && text.charCodeAt(j) === 10) {
        j++;
      } else {
        // CRs without an LF: each one is a break
        for (let k = i + 1; k < j; k++) out.push('');
      }
      start = i = j;
    } else i++;
  }
  out.push(text.slice(start));
  return out;
}

/** Index of the last line that is not blank (−1 when all are). */
export function lastContentLine(lines: readonly string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim() !== '') return i;
  return -1;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Whether `t` is a number in the strict form [+-](digits[sep digits] | sep digits)[(e|E)[+-]digits],
 * sep being '.' or ','. Scanned by hand in one pass: the equivalent regular expression
 * (\d+\.?\d*) backtracks quadratically on a long run of digits that ends badly.
 */
function isNumberText(t: string, sep: number): boolean {
  const n = t.length;
  let i = 0, digits = 0;
  let c = t.charCodeAt(0);
  if (c === 43 || c === 45) i++;
  while (i < n && isDigit(t.charCodeAt(i))) { i++; digits++; }
  if (i < n && t.charCodeAt(i) === sep) {
    i++;
    while (i < n && isDigit(t.charCodeAt(i))) { i++; digits++; }
  }
  if (digits === 0) return false;
  c = t.charCodeAt(i);
  if (c === 101 || c === 69) {
    i++;
    c = t.charCodeAt(i);
    if (c === 43 || c === 45) i++;
    let exp = 0;
    while (i < n && isDigit(t.charCodeAt(i))) { i++; exp++; }
    if (exp === 0) return false;
  }
  return i === n;
}

const DOT = 46, COMMA = 44;

/**
 * A finite number written as text, or undefined. Strict: no "NaN", no "inf", no thousands
 * separators, no trailing text. With `decimalComma`, "1,5E-003" is 0.0015 (European locales;
 * Gamry and EC-Lab write the decimal separator of the Windows locale).
 */
export function parseNumber(field: string, decimalComma = false): number | undefined {
  const t = field.trim();
  if (!isNumberText(t, decimalComma ? COMMA : DOT)) return undefined;
  const v = Number(decimalComma ? t.replace(',', '.') : t);
  return Number.isFinite(v) ? v : undefined;
}

/** Whether a field is a number written with a decimal comma ("109,009"). */
export function hasDecimalComma(field: string): boolean {
  const t = field.trim();
  return t.includes(',') && isNumberText(t, COMMA);
}

export type Delimiter = '\t' | ';' | ',' | ' ';

/** Removes the double quotes around a field ("Freq (Hz)" → Freq (Hz)). */
export function unquote(field: string): string {
  const t = field.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

/**
 * Fields of a line, trimmed and unquoted. With ' ', runs of spaces and tabs separate fields.
 * An empty field after a trailing delimiter is kept (see withoutTrailingEmpty).
 */
export function splitFields(line: string, delimiter: Delimiter): string[] {
  if (delimiter === ' ') {
    const t = line.trim();
    return t === '' ? [] : t.split(/\s+/).map(unquote);
  }
  return line.includes('"') ? splitQuoted(line, delimiter) : line.split(delimiter).map(unquote);
}

/** Fields of a line with double-quoted fields that may hold the delimiter ("1000,5";"10,2"), RFC 4180 style ("" is a quote). */
function splitQuoted(line: string, delimiter: Delimiter): string[] {
  const out: string[] = [];
  let field = '', quoted = false;
  // whether the field holds only blanks so far (a quote there opens a quoted field); a flag, as
  // trimming the growing field at every quote would be quadratic
  let blank = true;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && blank) {
      quoted = true;
      blank = false;
      field = '';
    } else if (ch === delimiter) {
      out.push(field.trim());
      field = '';
      blank = true;
    } else {
      field += ch;
      if (ch !== ' ' && ch !== '\t') blank = false;
    }
  }
  out.push(field.trim());
  return out;
}

/** Fields without the empty ones at the end: Parstat and EC-Lab end some lines with a tab. */
export function withoutTrailingEmpty(fields: readonly string[]): string[] {
  let n = fields.length;
  while (n > 1 && fields[n - 1] === '') n--;
  return fields.slice(0, n);
}

/** Whether the text looks like a comment line of a generic table (#, %, //). */
export function isComment(line: string): boolean {
  const t = line.trimStart();
  return t.startsWith('#') || t.startsWith('%') || t.startsWith('//');
}

export interface Sniffed {
  delimiter: Delimiter;
  decimalComma: boolean;
}

const CANDIDATES: readonly Delimiter[] = ['\t', ';', ',', ' '];

/**
 * The delimiter of a table, from a sample of its lines (the first may be a header): the candidate
 * that splits every line into the same number (≥ 2) of fields and makes most data fields numbers;
 * on a tie tab, then ';', ',', spaces. Undefined when no candidate gives a table.
 * A decimal comma is detected when the delimiter is not ',' and a numeric field has a comma.
 */
export function sniffDelimiter(sample: readonly string[]): Sniffed | undefined {
  let best: Sniffed | undefined;
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const raw = sample.map((l) => splitFields(l, d));
    const mode = modal(raw.slice(sample.length > 1 ? 1 : 0).map((f) => f.length));
    if (mode < 2) continue;
    // every line but a truncated last one must have the modal count (empty fields after a
    // trailing delimiter aside); the header too
    const fits = (f: string[]) => f.length === mode || withoutTrailingEmpty(f).length === mode;
    const bad = raw.filter((f, i) => !fits(f) && !(i === raw.length - 1 && i > 1 && f.length < mode)).length;
    if (bad > 0) continue;
    // the data lines' fields, split once per candidate
    const dataFields = sample.length > 1 ? raw.slice(1) : raw;
    const decimalComma = d !== ',' && dataFields.some((f) => f.some(hasDecimalComma));
    let numeric = 0, total = 0;
    for (const fields of dataFields) {
      for (const f of fields) {
        total++;
        if (parseNumber(f, decimalComma) !== undefined) numeric++;
      }
    }
    const score = total === 0 ? 0 : numeric / total;
    if (score > bestScore + 1e-12) {
      best = { delimiter: d, decimalComma };
      bestScore = score;
    }
  }
  return best;
}

function modal(values: readonly number[]): number {
  const counts = new Map<number, number>();
  let best = 0, bestN = 0;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > bestN) { best = v; bestN = n; }
  }
  return best;
}
