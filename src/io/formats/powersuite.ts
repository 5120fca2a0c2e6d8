/**
 * PowerSuite (Princeton Applied Research) text export: a tab-separated table with the header
 * "Frequency, Zre, Zimg" (the names padded with spaces), ascending frequency, lines ending in
 * "\r\r\n". Zimg has the physical sign.
 */
import { canonical } from '../columns.ts';
import { splitFields } from '../text.ts';
import { readDelimited } from './csv.ts';
import type { Reader } from './reader.ts';

function isHeader(line: string): boolean {
  const keys = splitFields(line, '\t').map((f) => canonical(f).key);
  return keys.includes('frequency') && keys.includes('zre') && keys.includes('zimg');
}

export const powersuite: Reader = {
  name: 'powersuite',
  label: 'PowerSuite text export',
  extensions: ['txt'],
  kind: 'instrument',
  summary: 'Princeton Applied Research PowerSuite text export.',
  docs: {
    layout: 'PowerSuite text export',
    detectedBy: 'tab-separated header `Frequency`, `Zre`, `Zimg`',
    meta: '',
    limits: '',
  },
  sniff: (_text, lines) => isHeader(lines[0]!),
  read: (_text, lines, base) => readDelimited(lines, base),
};
