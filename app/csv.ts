/**
 * CSV text for the app's downloads: eiskit's one CSV writer (src/io/representation-csv.ts) — RFC
 * 4180 quoting with CRLF records (https://www.rfc-editor.org/rfc/rfc4180, section 2) and the
 * OWASP "CSV injection" defence (https://owasp.org/www-community/attacks/CSV_Injection): a text
 * cell a spreadsheet would read as a formula — one starting with = + - @, a tab or a carriage
 * return — gets a leading single quote, unless it is a plain decimal number such as "-12.5";
 * cells of type number are written as they are. The same bytes as `eiskit convert` writes.
 */
export { csvField, neutralise, toCsv, type CsvCell } from '../src/io/representation-csv.ts';
