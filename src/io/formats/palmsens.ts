/**
 * PalmSens PSTrace sessions (.pssession, readers.md §6): UTF-16LE JSON (decoded before this
 * reader runs) followed by a stray U+FEFF, so the text is parsed up to its last '}'. Each
 * measurement whose DataSet.Type names EIS gives one spectrum; its arrays are picked by
 * Unit.Type: PalmSens.Units.Hertz (f), …ZRe, …ZIm. ZIm is −Z'' (the sample's YRe/YIm, stored
 * too, are 1/(ZRe − j·ZIm)), so im = −ZIm.
 */
import { show } from '../../errors.ts';
import { fail, plural } from '../fail.ts';
import { joinSweeps, toSpectra, type BaseMeta, type Note, type Point } from '../sweeps.ts';
import type { Reader } from './reader.ts';

const SESSION = 'PalmSens.DataFiles.SessionFile';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function parse(text: string): Json {
  const end = text.lastIndexOf('}');
  let doc: unknown;
  try {
    doc = JSON.parse(text.slice(0, end + 1));
  } catch (e) {
    fail(`the session is not valid JSON (${(e as Error).message.slice(0, 80)})`);
  }
  if (!isObject(doc) || doc.Type !== SESSION) fail(`the JSON is not a PalmSens session (Type ${show(isObject(doc) ? doc.Type : doc)})`);
  return doc;
}

/** The numbers of the Values entry whose Unit.Type is `unit`. */
function values(list: unknown[], unit: string, at: string): number[] | undefined {
  const entry = list.find((v) => isObject(v) && isObject(v.Unit) && v.Unit.Type === unit);
  if (!isObject(entry)) return undefined;
  const data = entry.DataValues;
  if (!Array.isArray(data)) fail(`${at}: the ${unit} array has no DataValues list`);
  return data.map((d, i) => {
    const v = isObject(d) ? d.V : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${at}: ${unit} value ${i} is ${show(v)}, not a finite number`);
    return v;
  });
}

/** A .NET DateTime tick count (100 ns since 0001-01-01, the session's TimeStamp) as an ISO date; undefined when implausible. */
function dotNetTicks(v: unknown): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  const ms = (v - 621355968e9) / 1e4;
  return Math.abs(ms) < 8.64e15 && ms > 0 ? new Date(ms).toISOString() : undefined;
}

export const palmsens: Reader = {
  name: 'palmsens',
  label: 'PalmSens .pssession',
  extensions: ['pssession'],
  kind: 'instrument',
  summary: 'PalmSens PSTrace session (.pssession).',
  docs: {
    layout: 'PalmSens `.pssession`',
    detectedBy: 'session JSON (UTF-16LE)',
    meta: 'instrument (serial), sample (title), date',
    limits: 'arrays by unit type (Hertz, ZRe, ZIm); `im = −ZIm`; non-EIS measurements skipped (noted)',
  },
  sniff: (text) => {
    const head = text.slice(0, 200).trimStart();
    return head.startsWith('{') && head.includes(`"${SESSION}"`);
  },
  read(text, _lines, base) {
    const doc = parse(text);
    const measurements = Array.isArray(doc.Measurements) ? doc.Measurements : fail('the session has no Measurements list');
    const skipped: Note[] = [];
    const parts = measurements.map((m, k) => {
      const at = `measurement ${k + 1}`;
      if (!isObject(m) || !isObject(m.DataSet)) return undefined;
      const rawType = m.DataSet.Type;
      if (rawType !== undefined && typeof rawType !== 'string') fail(`${at}: DataSet.Type is ${show(rawType)}, not a string`);
      const type = rawType ?? '';
      if (!type.includes('EIS')) {
        skipped.push({ text: `${at} (${show(m.Title)}) is ${type || 'not typed'}, not EIS: skipped` });
        return undefined;
      }
      const list = Array.isArray(m.DataSet.Values) ? m.DataSet.Values : fail(`${at}: the DataSet has no Values list`);
      const f = values(list, 'PalmSens.Units.Hertz', at), zre = values(list, 'PalmSens.Units.ZRe', at), zim = values(list, 'PalmSens.Units.ZIm', at);
      if (!f || !zre || !zim) fail(`${at}: no ${[!f && 'Hertz', !zre && 'ZRe', !zim && 'ZIm'].filter(Boolean).join(', ')} array among the Values`);
      if (zre.length !== f.length || zim.length !== f.length) fail(`${at}: ${plural(f.length, 'frequency')} but ${zre.length} ZRe and ${zim.length} ZIm values`);
      const meta: BaseMeta = { ...base };
      if (typeof m.Title === 'string') meta.sample = m.Title;
      if (typeof m.DeviceSerial === 'string') meta.instrument = m.DeviceSerial;
      const settings: Record<string, string> = {};
      const date = dotNetTicks(m.TimeStamp);
      if (date !== undefined) meta.date = date;
      if (typeof doc.CoreVersion === 'string') settings.CoreVersion = doc.CoreVersion;
      if (Object.keys(settings).length > 0) meta.settings = settings;
      const points: Point[] = [];
      const dc: number[] = [];
      f.forEach((fi, i) => {
        if (fi > 0) points.push({ f: fi, re: zre[i]!, im: -zim[i]!, line: i + 1, group: k });
        else dc.push(i + 1);
      });
      const notes: Note[] = dc.length > 0 ? [{ text: `skipped ${plural(dc.length, 'point')} with frequency ≤ 0 Hz` }] : [];
      if (points.length === 0) fail(`${at}: no point with a frequency above 0 Hz`);
      return toSpectra(points, meta, ['Frequency (Hz)', 'ZRe', '-ZIm'], [...notes, ...skipped], false);
    }).filter((p) => p !== undefined);
    if (parts.length === 0) fail(`no EIS measurement in the session${skipped.length ? ` (${skipped.map((s) => s.text).join('; ')})` : ''}`);
    return joinSweeps(parts);
  },
};
