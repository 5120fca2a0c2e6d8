/** eiskit's own JSON (writeJson), so readSpectra takes it like any file. */
import { isEiskitJson, readJson } from '../json.ts';
import type { Reader } from './reader.ts';

export const eiskitJson: Reader = {
  name: 'eiskit-json',
  label: 'eiskit-spectra JSON',
  extensions: ['json'],
  kind: 'eiskit',
  summary: 'eiskit\'s own versioned JSON (writeJson).',
  docs: {
    layout: 'eiskit JSON',
    detectedBy: '`"format": "eiskit-spectra"`',
    meta: 'everything it stores',
    limits: 'versioned (`writeJson`)',
  },
  sniff: (text) => isEiskitJson(text),
  read: (text) => readJson(text),
};
