/**
 * Synthetic BioLogic .mpr files for the tests and the benchmark, written from the layout in
 * ../shared/docs/specs/readers.md §1 (not from the reader's code: every column's type is given
 * here explicitly, so a wrong entry in the reader's column table fails the tests). Runs in Node
 * and browsers.
 */

export type FieldType = 'f4' | 'f8' | 'u1' | 'u2' | 'u4' | 'flag';

export interface MprColumn {
  id: number;
  type: FieldType;
  /** One value per record (flags: the bits already placed under their mask). */
  values: ArrayLike<number>;
}

export interface MprSpec {
  /** Module header layout: 1 (EC-Lab < 11.50) or 2 (≥ 11.50, FF FF FF FF after the longname). */
  headerVersion: 1 | 2;
  /** Data-module layout: '0-old' (u8 IDs, records at 100), '0' (u16 IDs from 6, records at 1007), 2 (405), 3 (406). */
  dataVersion: '0-old' | '0' | 2 | 3;
  columns: MprColumn[];
  /** Bytes to add after the records (to break the size check). */
  trailing?: number;
  /** Date written in every module header. */
  date?: string;
}

const SIZE: Record<FieldType, number> = { f4: 4, f8: 8, u1: 1, u2: 2, u4: 4, flag: 1 };

function ascii(s: string, length: number, pad = ' '): number[] {
  const out: number[] = [];
  for (let i = 0; i < length; i++) out.push(i < s.length ? s.charCodeAt(i) : pad.charCodeAt(0));
  return out;
}

function u32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

function moduleBytes(short: string, long: string, version: number, payload: Uint8Array, headerVersion: 1 | 2, date: string): Uint8Array {
  const head = [...ascii('MODULE', 6), ...ascii(short, 10), ...ascii(long, 25)];
  if (headerVersion === 2) head.push(...u32(0xffffffff), ...u32(payload.length), ...u32(version), ...u32(short === 'VMP data' ? 11 : 10));
  else head.push(...u32(payload.length), ...u32(version));
  head.push(...ascii(date, 8));
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

function dataPayload(spec: MprSpec): Uint8Array {
  const cols = spec.columns;
  const n = cols[0]!.values.length;
  // all flag columns share one byte, where the first flag column stands
  const fields: { type: FieldType; cols: MprColumn[] }[] = [];
  let flagField: { type: FieldType; cols: MprColumn[] } | undefined;
  for (const c of cols) {
    if (c.type === 'flag') {
      if (!flagField) { flagField = { type: 'flag', cols: [] }; fields.push(flagField); }
      flagField.cols.push(c);
    } else fields.push({ type: c.type, cols: [c] });
  }
  const recordSize = fields.reduce((a, f) => a + SIZE[f.type], 0);
  const v = spec.dataVersion;
  const recordsAt = v === '0-old' ? 100 : v === '0' ? 1007 : v === 2 ? 405 : 406;
  const out = new Uint8Array(recordsAt + n * recordSize + (spec.trailing ?? 0));
  const view = new DataView(out.buffer);
  view.setUint32(0, n, true);
  if (v === '0-old') {
    out[4] = cols.length;
    cols.forEach((c, k) => { out[5 + k] = c.id; });
  } else if (v === '0') {
    view.setUint16(4, cols.length, true);
    cols.forEach((c, k) => view.setUint16(6 + 2 * k, c.id, true));
    out[1006] = 1;
  } else {
    out[4] = cols.length;
    cols.forEach((c, k) => view.setUint16(5 + 2 * k, c.id, true));
    if (v === 3) out[405] = 1;
  }
  for (let i = 0; i < n; i++) {
    let at = recordsAt + i * recordSize;
    for (const f of fields) {
      const x = f.cols[0]!.values[i]!;
      switch (f.type) {
        case 'f4': view.setFloat32(at, x, true); break;
        case 'f8': view.setFloat64(at, x, true); break;
        case 'u1': view.setUint8(at, x); break;
        case 'u2': view.setUint16(at, x, true); break;
        case 'u4': view.setUint32(at, x, true); break;
        case 'flag': view.setUint8(at, f.cols.reduce((a, c) => a | c.values[i]!, 0)); break;
      }
      at += SIZE[f.type];
    }
  }
  return out;
}

/** The bytes of an .mpr file: magic, a settings module, the data module and a log module. */
export function writeMpr(spec: MprSpec): Uint8Array {
  const date = spec.date ?? '03/14/25';
  const magic = new Uint8Array(52);
  magic.set(ascii('BIO-LOGIC MODULAR FILE\u001a', 48));
  const settings = new Uint8Array(64);
  settings.set(ascii('Potentio Electrochemical Impedance Spectroscopy', 47));
  const parts = [
    magic,
    moduleBytes('VMP Set', 'VMP settings', 0, settings, spec.headerVersion, date),
    moduleBytes('VMP data', 'VMP data', spec.dataVersion === '0-old' || spec.dataVersion === '0' ? 0 : spec.dataVersion, dataPayload(spec), spec.headerVersion, date),
    moduleBytes('VMP LOG', 'VMP LOG', 0, new Uint8Array(32), spec.headerVersion, date),
  ];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** Z of R0 + R1‖C1 (analytic): the values the synthetic files store. */
export function rc(freq: readonly number[], r0 = 20, r1 = 1000, c1 = 1e-7): { re: number[]; im: number[] } {
  const re: number[] = [], im: number[] = [];
  for (const f of freq) {
    const wrc = 2 * Math.PI * f * r1 * c1;
    const d = 1 + wrc * wrc;
    re.push(r0 + r1 / d);
    im.push(-r1 * wrc / d);
  }
  return { re, im };
}

/** n log-spaced frequencies from fmax down to fmin. */
export function sweep(fmax: number, fmin: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => fmax * (fmin / fmax) ** (i / (n - 1)));
}
