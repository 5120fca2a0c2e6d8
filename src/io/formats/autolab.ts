/**
 * Autolab text exports. Two layouts:
 * - the "Z60W Data File" export (the file impedance.py reads as Autolab): quoted title lines, a
 *   settings line, the point count, a quoted line of column names separated by runs of spaces
 *   (Freq (Hz), Ampl, Bias, Time(Sec), Z'(a), Z''(b), GD, Err, Range), then comma-separated
 *   rows. Z''(b) has the physical sign.
 * - Nova's column export: a header row such as "Index;Frequency (Hz);Z' (Ω);-Z'' (Ω);Z (Ω);
 *   -Phase (°);Time (s)" (';', tab or ',' separated); -Z'' is negated.
 */
import { fail, plural } from '../fail.ts';
import type { Note } from '../sweeps.ts';
import { tableSpectra, type Row } from '../table.ts';
import { lastContentLine, splitFields, unquote } from '../text.ts';
import { readDelimited } from './csv.ts';
import type { Reader } from './reader.ts';

const Z60W = /^"?Z60W Data File/;

function isNovaHeader(line: string): boolean {
  return /Frequency \(Hz\)/.test(line) && /-Z'' \((?:\u03a9|\u2126|ohm)\)/i.test(line);
}

export const autolab: Reader = {
  name: 'autolab',
  label: 'Autolab text export',
  extensions: ['txt'],
  sniff: (_text, lines) => Z60W.test(lines[0]!.trim()) || isNovaHeader(lines[0]!),
  read(_text, lines, base) {
    if (!Z60W.test(lines[0]!.trim())) return readDelimited(lines, base);
    const namesAt = lines.findIndex((l, i) => i > 0 && /Freq/i.test(l) && /Z'/.test(l));
    if (namesAt < 0) fail('no column-name line (Freq (Hz) … Z\'(a) Z\'\'(b))');
    const header = unquote(lines[namesAt]!).split(/\t|\s{2,}/).map((s) => s.trim()).filter((s) => s !== '');
    const notes: Note[] = [];
    const count = Number(unquote(lines[namesAt - 1] ?? ''));
    const rows: Row[] = [];
    for (let i = namesAt + 1; i < lines.length; i++) {
      if (lines[i]!.trim() === '') continue;
      rows.push({ line: i + 1, fields: splitFields(lines[i]!, ','), block: 0 });
    }
    if (Number.isInteger(count) && count > rows.length) {
      notes.push({ text: `the header announces ${plural(count, 'point')}, the file has ${rows.length}: the run stopped early` });
    }
    return tableSpectra({
      header, rows, decimalComma: false,
      lastLine: lastContentLine(lines) + 1,
      empty: `no data rows after the column names (line ${namesAt + 1})`,
    }, base, notes);
  },
};
