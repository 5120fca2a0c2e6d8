/**
 * Autolab text exports. Two layouts:
 * - the "Z60W Data File" export (the file impedance.py reads as Autolab): quoted title lines, a
 *   settings line, the point count, a quoted line of column names separated by runs of spaces
 *   (Freq (Hz), Ampl, Bias, Time(Sec), Z'(a), Z''(b), GD, Err, Range), then comma-separated
 *   rows. Z''(b) has the physical sign.
 * - Nova's column export: a header row such as "Index;Frequency (Hz);Z' (Ω);-Z'' (Ω);Z (Ω);
 *   -Phase (°);Time (s)" (';', tab or ',' separated); -Z'' is negated.
 */
import { readDelimited } from './csv.ts';
import { readQuotedHeaderTable } from './quoted-header.ts';
import type { Reader } from './reader.ts';

const Z60W = /^"?Z60W Data File/;

function isNovaHeader(line: string): boolean {
  return /Frequency \(Hz\)/.test(line) && /-Z'' \((?:\u03a9|\u2126|ohm)\)/i.test(line);
}

export const autolab: Reader = {
  name: 'autolab',
  label: 'Autolab text export',
  extensions: ['txt'],
  kind: 'instrument',
  summary: 'Autolab text exports: the "Z60W Data File" layout and Nova\'s column export.',
  docs: {
    layout: 'Autolab text',
    detectedBy: '`Z60W Data File` / Nova header',
    meta: '',
    limits: '',
  },
  sniff: (_text, lines) => Z60W.test(lines[0]!.trim()) || isNovaHeader(lines[0]!),
  read(_text, lines, base) {
    if (!Z60W.test(lines[0]!.trim())) return readDelimited(lines, base);
    return readQuotedHeaderTable(lines, base);
  },
};
