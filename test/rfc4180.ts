/**
 * A strict reader of RFC 4180 CSV (https://www.rfc-editor.org/rfc/rfc4180, section 2), written
 * for the tests from the RFC's grammar: records end with CRLF (the last one too), fields with
 * a comma, a quote, CR or LF are quoted, a quote inside is doubled. Anything else throws.
 */
export function readRfc4180(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (text[i] === '"') break;
        else field += text[i++];
      }
      i++;
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    if (text[i] === ',') {
      row.push(field), (field = ''), i++;
    } else if (text[i] === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), (i += 2);
    } else throw new Error(`expected , or CRLF at ${i}, got ${JSON.stringify(text[i])}`);
  }
  if (row.length || field) throw new Error('last record without CRLF');
  return rows;
}
