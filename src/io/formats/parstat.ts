/**
 * Parstat (Princeton Applied Research, VersaStudio/Parstat software) text export: one
 * tab-separated table for the whole sequence, header "Potential (V), Current (A), Elapsed Time (s),
 * Frequency (Hz), Zre (ohms), Zim (ohms), |Vac| (V), |Iac| (A)". DC steps of the sequence are rows
 * with frequency 0 and no impedance: they are skipped (with a note) and separate sweeps.
 * Zim has the physical sign.
 */
import { splitFields } from '../text.ts';
import { readDelimited } from './csv.ts';
import type { Reader } from './reader.ts';

function isHeader(line: string): boolean {
  const f = splitFields(line, '\t');
  return f.includes('Frequency (Hz)') && f.includes('Zre (ohms)') && f.includes('Zim (ohms)');
}

export const parstat: Reader = {
  name: 'parstat',
  label: 'Parstat text export',
  extensions: ['txt'],
  kind: 'instrument',
  summary: 'Princeton Applied Research Parstat text export (DC and EIS rows in one table).',
  docs: {
    layout: 'Parstat text export',
    detectedBy: 'tab-separated header with `Frequency (Hz)`, `Zre (ohms)`, `Zim (ohms)`',
    meta: '',
    limits: 'DC rows (frequency 0) skipped (noted); they separate sweeps',
  },
  sniff: (_text, lines) => isHeader(lines[0]!),
  read: (_text, lines, base) => readDelimited(lines, base, { delimiter: '\t' }),
};
