/**
 * One file, several sweeps: points → spectra. Sweeps end where the group changes (a cycle
 * counter, a table or segment, a repeated header, a block of DC rows) or where the frequency
 * restarts, i.e. turns against the direction the sweep has been going (10 kHz → 1 Hz, then
 * 10 kHz again; or 1 Hz → 10 kHz, then 1 Hz again, as in ascending exports).
 */
import type { FormatName, Spectrum, SpectrumMeta } from './types.ts';

export interface Point {
  f: number;
  re: number;
  im: number;
  /** 1-based line in the file. */
  line: number;
  /** Points of different groups are never in the same sweep. */
  group: number;
}

/** A reader's remark; with a line, it goes to the sweep that holds that line, without, to every sweep. */
export interface Note {
  text: string;
  line?: number;
}

/** What a file says about all of its sweeps. */
export interface BaseMeta {
  format: FormatName;
  fileName?: string;
  instrument?: string;
  date?: string;
  temperatureK?: number;
  areaCm2?: number;
  thicknessCm?: number;
  diameterCm?: number;
  sample?: string;
  settings?: Record<string, string>;
}

export function splitSweeps(points: readonly Point[], byRestart = true): Point[][] {
  const sweeps: Point[][] = [];
  let current: Point[] = [];
  let direction = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const prev = current[current.length - 1];
    let restart = prev === undefined || p.group !== prev.group;
    if (!restart && prev && byRestart) {
      const d = Math.sign(p.f - prev.f);
      if (direction === 0) direction = d;
      else if (d !== 0 && d !== direction) restart = true;
      else if (d === 0) {
        // a repeated frequency at a turning point (100, 10, 1, 1, 10, 100) starts the next sweep
        let j = i + 1;
        while (j < points.length && points[j]!.group === p.group && points[j]!.f === p.f) j++;
        if (j < points.length && points[j]!.group === p.group && Math.sign(points[j]!.f - p.f) === -direction) restart = true;
      }
    }
    if (restart && current.length > 0) {
      sweeps.push(current);
      current = [];
    }
    if (restart) direction = 0;
    current.push(p);
  }
  if (current.length > 0) sweeps.push(current);
  return sweeps;
}

/** Spectra from points (at least one), with `columns` and the notes that belong to each sweep. */
export function toSpectra(points: readonly Point[], base: BaseMeta, columns: readonly string[], notes: readonly Note[], byRestart = true): Spectrum[] {
  const sweeps = splitSweeps(points, byRestart);
  return sweeps.map((pts, k) => {
    const from = k === 0 ? -Infinity : pts[0]!.line;
    const to = k === sweeps.length - 1 ? Infinity : sweeps[k + 1]![0]!.line;
    const own = notes.filter((n) => n.line === undefined || (n.line >= from && n.line < to)).map((n) => n.text);
    const n = pts.length;
    const freq = new Float64Array(n), re = new Float64Array(n), im = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      freq[i] = pts[i]!.f;
      re[i] = pts[i]!.re;
      im[i] = pts[i]!.im;
    }
    return { freq, re, im, meta: makeMeta(base, k, columns, own) };
  });
}

function makeMeta(base: BaseMeta, sweep: number, columns: readonly string[], notes: readonly string[]): SpectrumMeta {
  return {
    format: base.format,
    ...(base.instrument !== undefined && { instrument: base.instrument }),
    ...(base.date !== undefined && { date: base.date }),
    ...(base.temperatureK !== undefined && { temperatureK: base.temperatureK }),
    ...(base.areaCm2 !== undefined && { areaCm2: base.areaCm2 }),
    ...(base.thicknessCm !== undefined && { thicknessCm: base.thicknessCm }),
    ...(base.diameterCm !== undefined && { diameterCm: base.diameterCm }),
    ...(base.sample !== undefined && { sample: base.sample }),
    ...(base.settings !== undefined && { settings: { ...base.settings } }),
    ...(base.fileName !== undefined && { fileName: base.fileName }),
    sweep,
    columns: [...columns],
    ...(notes.length > 0 && { notes: [...notes] }),
  };
}

/** Spectra of several tables of one file, numbered through. */
export function joinSweeps(parts: readonly Spectrum[][]): Spectrum[] {
  const all = parts.flat();
  all.forEach((s, k) => { s.meta.sweep = k; });
  return all;
}
