/**
 * CH Instruments text export of an "A.C. Impedance" run: a header (date line, "Instrument Model:
 * CHI660E", the settings), then "Freq/Hz, Z'/ohm, Z"/ohm, Z/ohm, Phase/deg", a blank line and
 * comma-separated rows. Z" has the physical sign.
 */
import { fail } from '../fail.ts';
import type { BaseMeta } from '../sweeps.ts';
import { readDelimited } from './csv.ts';
import { headerValue, type Reader } from './reader.ts';

const isHeader = (l: string) => /^\s*Freq\/Hz\s*,/.test(l);

export const chinstruments: Reader = {
  name: 'chinstruments',
  label: 'CH Instruments text export',
  extensions: ['txt'],
  kind: 'instrument',
  summary: 'CH Instruments text export (A.C. Impedance).',
  docs: {
    layout: 'CH Instruments text export',
    detectedBy: 'an `A.C. Impedance` line and the `Freq/Hz, …` header',
    meta: 'instrument, date where stated',
    limits: '',
  },
  sniff: (_text, lines) => lines.slice(0, 60).some((l) => l.trim() === 'A.C. Impedance') && lines.some(isHeader),
  read(_text, lines, base) {
    const start = lines.findIndex(isHeader);
    if (start < 0) fail('no column-name line (Freq/Hz, Z\'/ohm, Z"/ohm)');
    const meta: BaseMeta = { ...base };
    const model = headerValue(lines.slice(0, start), 'Instrument Model');
    if (model !== undefined) meta.instrument = model;
    // the first line is the date and time of the run ("Feb. 20, 2020   15:55:08")
    if (/\b(?:19|20)\d\d\b/.test(lines[0]!)) meta.date = lines[0]!.trim().replace(/\s+/g, ' ');
    return readDelimited(lines, meta, { start, delimiter: ',' });
  },
};
