/**
 * eiskit's JSON of spectra, versioned:
 *   { "format": "eiskit-spectra", "version": 1, "spectra": [{ "meta": {…}, "freq": […], "re": […], "im": […] }] }
 * Numbers are written as JSON numbers (shortest round-trip form), so reading gives the same
 * float64 values. A reader rejects any other version: a later version may change the meaning.
 */
import { show } from '../errors.ts';
import { decodeInput } from './decode.ts';
import { fail } from './fail.ts';
import { checkSpectra, type SpectrumLike } from './input.ts';
import { FORMAT_NAMES, type FormatName, type Spectrum, type SpectrumMeta } from './types.ts';

export const JSON_FORMAT = 'eiskit-spectra';
export const JSON_VERSION = 1;

const META_KEYS = ['format', 'instrument', 'date', 'temperatureK', 'areaCm2', 'thicknessCm', 'diameterCm', 'sample', 'settings', 'fileName', 'sweep', 'columns', 'notes'] as const;

/** A record of strings (meta.settings). */
function isStringRecord(v: unknown): v is Record<string, string> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

export function writeJson(spectra: readonly SpectrumLike[]): string {
  const list = checkSpectra(spectra).map((s) => {
    // only what readJson accepts back: a value of another type (NaN, an unknown format name…) is left out
    const meta: Record<string, unknown> = {};
    for (const k of META_KEYS) {
      const v = s.meta?.[k];
      if (v !== undefined && validMeta(k, v)) meta[k] = v;
    }
    return { ...(s.meta !== undefined && { meta }), freq: Array.from(s.freq), re: Array.from(s.re), im: Array.from(s.im) };
  });
  return JSON.stringify({ format: JSON_FORMAT, version: JSON_VERSION, spectra: list });
}

/** Whether readJson accepts `v` as meta field `key`. */
function validMeta(key: (typeof META_KEYS)[number], v: unknown): boolean {
  switch (key) {
    case 'format': return typeof v === 'string' && FORMAT_NAMES.includes(v as FormatName);
    case 'temperatureK': case 'areaCm2': case 'thicknessCm': case 'diameterCm': case 'sweep': return typeof v === 'number' && Number.isFinite(v);
    case 'settings': return isStringRecord(v);
    case 'columns': case 'notes': return Array.isArray(v) && v.every((x) => typeof x === 'string');
    default: return typeof v === 'string';
  }
}

/** Whether a text is an eiskit-spectra document (of any version). */
export function isEiskitJson(text: string): boolean {
  if (!/^\s*\{/.test(text) || !text.includes(JSON_FORMAT)) return false;
  try {
    const doc: unknown = JSON.parse(text);
    return doc !== null && typeof doc === 'object' && (doc as { format?: unknown }).format === JSON_FORMAT;
  } catch {
    return false;
  }
}

export function readJson(input: string | Uint8Array | ArrayBuffer): Spectrum[] {
  const text = decodeInput(input);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    fail(`not JSON (${(e as Error).message})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) fail(`not an ${JSON_FORMAT} document: the JSON is ${show(doc)}, not an object`);
  const d = doc as Record<string, unknown>;
  if (d.format !== JSON_FORMAT) fail(`not an ${JSON_FORMAT} document (format: ${show(d.format)})`, { format: d.format });
  if (d.version !== JSON_VERSION) fail(`${JSON_FORMAT} version ${show(d.version)} is not supported (this eiskit reads version ${JSON_VERSION})`, { version: d.version });
  if (!Array.isArray(d.spectra) || d.spectra.length === 0) fail(`"spectra" must be a non-empty array; got ${show(d.spectra)}`);
  return d.spectra.map((s: unknown, k: number) => spectrum(s, k));
}

function spectrum(s: unknown, k: number): Spectrum {
  const at = `spectra[${k}]`;
  if (s === null || typeof s !== 'object') fail(`${at} must be an object { meta, freq, re, im }; got ${show(s)}`);
  const o = s as Record<string, unknown>;
  const freq = numbers(o.freq, `${at}.freq`, true), re = numbers(o.re, `${at}.re`, false), im = numbers(o.im, `${at}.im`, false);
  if (re.length !== freq.length || im.length !== freq.length) fail(`${at} has ${freq.length} frequencies but ${re.length} re and ${im.length} im values`);
  return { freq, re, im, meta: meta(o.meta, k) };
}

function numbers(v: unknown, at: string, positive: boolean): Float64Array {
  if (!Array.isArray(v) || v.length === 0) fail(`${at} must be a non-empty array of numbers; got ${show(v)}`);
  const out = new Float64Array(v.length);
  v.forEach((x: unknown, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${at}[${i}] is ${show(x)}, not a finite number`);
    if (positive && !(x > 0)) fail(`${at}[${i}] is ${x}; frequencies must be > 0 Hz`);
    out[i] = x;
  });
  return out;
}

function meta(v: unknown, k: number): SpectrumMeta {
  const at = `spectra[${k}].meta`;
  if (v === undefined) return { format: 'eiskit-json', sweep: k, columns: [] };
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(`${at} must be an object; got ${show(v)}`);
  const m = v as Record<string, unknown>;
  const str = (key: string) => {
    if (m[key] !== undefined && typeof m[key] !== 'string') fail(`${at}.${key} must be a string; got ${show(m[key])}`);
    return m[key] as string | undefined;
  };
  const num = (key: string) => {
    if (m[key] !== undefined && (typeof m[key] !== 'number' || !Number.isFinite(m[key]))) fail(`${at}.${key} must be a finite number; got ${show(m[key])}`);
    return m[key] as number | undefined;
  };
  const strings = (key: string) => {
    const a = m[key];
    if (a !== undefined && (!Array.isArray(a) || a.some((x) => typeof x !== 'string'))) fail(`${at}.${key} must be an array of strings; got ${show(a)}`);
    return a as string[] | undefined;
  };
  const format = str('format') ?? 'eiskit-json';
  if (!FORMAT_NAMES.includes(format as FormatName)) fail(`${at}.format ${show(format)} is not a format eiskit knows (${FORMAT_NAMES.join(', ')})`);
  const sweep = num('sweep') ?? k;
  const [instrument, date, fileName, sample] = [str('instrument'), str('date'), str('fileName'), str('sample')];
  const [temperatureK, areaCm2, thicknessCm, diameterCm] = [num('temperatureK'), num('areaCm2'), num('thicknessCm'), num('diameterCm')];
  const settings = m.settings;
  if (settings !== undefined && !isStringRecord(settings)) fail(`${at}.settings must be an object of strings; got ${show(settings)}`);
  const notes = strings('notes');
  return {
    format: format as FormatName,
    ...(instrument !== undefined && { instrument }),
    ...(date !== undefined && { date }),
    ...(temperatureK !== undefined && { temperatureK }),
    ...(areaCm2 !== undefined && { areaCm2 }),
    ...(thicknessCm !== undefined && { thicknessCm }),
    ...(diameterCm !== undefined && { diameterCm }),
    ...(sample !== undefined && { sample }),
    ...(settings !== undefined && { settings: { ...settings } }),
    ...(fileName !== undefined && { fileName }),
    sweep,
    columns: strings('columns') ?? [],
    ...(notes !== undefined && { notes }),
  };
}
