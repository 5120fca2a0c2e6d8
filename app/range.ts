/**
 * The app's frequency crop: limits typed by the user, limits from a brush on the Bode or
 * Nyquist plot, and which points of a spectrum they keep (both ends inclusive).
 */
import type { FrequencyRange } from './protocol.ts';

/** A limit typed in an input: empty means open; otherwise a positive finite number of Hz. */
function parseLimit(name: string, text: string): number | undefined | string {
  const t = text.trim();
  if (t === '') return undefined;
  const x = Number(t);
  return Number.isFinite(x) && x > 0 ? x : `${name} must be a positive number of Hz; got ${JSON.stringify(t.slice(0, 40))}`;
}

/** The range from the two inputs' text, or a message saying what is wrong. */
export function parseRange(fminText: string, fmaxText: string): { range: FrequencyRange } | { error: string } {
  const fmin = parseLimit('fmin', fminText), fmax = parseLimit('fmax', fmaxText);
  if (typeof fmin === 'string') return { error: fmin };
  if (typeof fmax === 'string') return { error: fmax };
  if (fmin !== undefined && fmax !== undefined && fmin > fmax) return { error: `fmin (${fmin} Hz) is above fmax (${fmax} Hz)` };
  return { range: { ...(fmin !== undefined ? { fmin } : {}), ...(fmax !== undefined ? { fmax } : {}) } };
}

/** Whether f lies in the range (inclusive, as the fmin/fmax options of fit and linKK). */
export function inRange(f: number, r: FrequencyRange): boolean {
  return (r.fmin === undefined || f >= r.fmin) && (r.fmax === undefined || f <= r.fmax);
}

/** Indices of the frequencies inside the range, in their order. */
export function rangeIndices(freq: ArrayLike<number>, r: FrequencyRange): number[] {
  const out: number[] = [];
  for (let i = 0; i < freq.length; i++) if (inRange(freq[i]!, r)) out.push(i);
  return out;
}

/** x rounded down (or up) to 4 significant digits, so a rounded brush keeps the points it covered. */
export function round4(x: number, up: boolean): number {
  if (!(x > 0) || !Number.isFinite(x)) return x;
  const p = 10 ** (Math.floor(Math.log10(x)) - 3);
  const r = (up ? Math.ceil(x / p - 1e-9) : Math.floor(x / p + 1e-9)) * p;
  return Number(r.toPrecision(4));
}

/** A Bode brush (frequency interval, either order) as a range; undefined for an empty brush. */
export function rangeFromFrequencyBrush(interval: readonly number[] | undefined): FrequencyRange | undefined {
  if (!interval || interval.length !== 2) return undefined;
  const lo = Math.min(interval[0]!, interval[1]!), hi = Math.max(interval[0]!, interval[1]!);
  if (!(lo > 0 && hi > lo && Number.isFinite(hi))) return undefined;
  return { fmin: round4(lo, false), fmax: round4(hi, true) };
}

/**
 * A Nyquist brush (a Z′ interval and a −Z″ interval) as the range from the lowest to the highest
 * frequency of the points inside it; undefined when it holds no point.
 */
export function rangeFromNyquistBrush(s: { freq: ArrayLike<number>; re: ArrayLike<number>; im: ArrayLike<number> }, re: readonly number[] | undefined, negIm: readonly number[] | undefined): FrequencyRange | undefined {
  if (!re || !negIm || re.length !== 2 || negIm.length !== 2) return undefined;
  const [x0, x1] = [Math.min(re[0]!, re[1]!), Math.max(re[0]!, re[1]!)];
  const [y0, y1] = [Math.min(negIm[0]!, negIm[1]!), Math.max(negIm[0]!, negIm[1]!)];
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < s.freq.length; i++) {
    const x = s.re[i]!, y = -s.im[i]!;
    if (x >= x0 && x <= x1 && y >= y0 && y <= y1) (lo = Math.min(lo, s.freq[i]!)), (hi = Math.max(hi, s.freq[i]!));
  }
  return lo <= hi ? { fmin: round4(lo, false), fmax: round4(hi, true) } : undefined;
}

/** "1.5 Hz – 10 kHz" style text of a range; "all frequencies" when both ends are open. */
export function rangeText(r: FrequencyRange): string {
  const hz = (f: number) => {
    const [div, unit] = f >= 1e6 ? [1e6, 'MHz'] : f >= 1e3 ? [1e3, 'kHz'] : f >= 1 ? [1, 'Hz'] : [1e-3, 'mHz'];
    return `${Number((f / div).toPrecision(4))} ${unit}`;
  };
  if (r.fmin === undefined && r.fmax === undefined) return 'all frequencies';
  if (r.fmin === undefined) return `up to ${hz(r.fmax!)}`;
  if (r.fmax === undefined) return `from ${hz(r.fmin)}`;
  return `${hz(r.fmin)} – ${hz(r.fmax)}`;
}
