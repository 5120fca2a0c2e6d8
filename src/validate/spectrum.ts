/**
 * Spectrum checks shared by every analysis entry point (fit, fitBatch, linKK, linKKBatch,
 * cropSpectrum, temperatureSeries): shape, finiteness, the numeric domain (limits.ts), batch
 * lists without holes, and the degenerate cases a kernel cannot tell from data (one frequency
 * repeated, an impedance that is zero everywhere).
 */
import { EisError, show } from '../errors.ts';
import type { Spectrum } from '../types/spectrum.ts';
import { hypot } from '../math/index.ts';
import { MAX_MAGNITUDE, MAX_SPECTRUM_POINTS, MIN_MAGNITUDE } from './limits.ts';
import { toFloat64, toFrequencies } from './numbers.ts';

/** The length of an array or typed array, −1 for anything else. */
function lengthOf(v: unknown): number {
  return Array.isArray(v) || ArrayBuffer.isView(v) ? (v as { length: number }).length : -1;
}

/**
 * Storage for the validated copies of many spectra (a batch's): views of a few large blocks
 * instead of one allocation per spectrum. V8 gives every typed array over 64 bytes its own
 * off-heap store, ~0.8 µs per spectrum with its collection (measured in fitBatch). A block holds
 * ARENA_BLOCK doubles, or one spectrum's arrays when they are longer; its views keep it alive,
 * so an arena is for data that are dropped together (a batch's problems), never for results.
 */
export class SpectrumArena {
  private block = new Float64Array(0);
  private at = 0;

  /** `blockLen`: the doubles of a new block (ARENA_BLOCK; fit()'s arena for one spectrum at a time: 0, a block of just what is asked for). */
  constructor(private readonly blockLen = ARENA_BLOCK) {}

  /**
   * `count` arrays of `len` doubles, consecutive in one block, from the current block or a new one
   * (zero-filled) when it is full; after `rewind` they may hold an earlier spectrum's values. Views
   * by the Float64Array constructor: `subarray` costs ~0.06 µs more per view (its species lookup).
   */
  takeArrays(count: number, len: number): Float64Array[] {
    this.reserve(count * len);
    const out: Float64Array[] = [];
    const buffer = this.block.buffer;
    for (let k = 0; k < count; k++) {
      out.push(new Float64Array(buffer, 8 * this.at, len));
      this.at += len;
    }
    return out;
  }

  /**
   * Gives the current block out again from its start: for a caller whose earlier arrays are all
   * dropped (fit(): its problem never outlives the call, and no result holds a view of it).
   */
  rewind(): void {
    this.at = 0;
  }

  private reserve(len: number): void {
    if (this.at + len > this.block.length) {
      this.block = new Float64Array(Math.max(this.blockLen, len));
      this.at = 0;
    }
  }
}

/** Doubles per arena block: 512 KB, ~200 spectra of 61 points with two spare arrays. */
const ARENA_BLOCK = 1 << 16;

/**
 * Validated copies of a spectrum { freq, re, im }: arrays of one length, finite numbers,
 * positive frequencies; with `limits` (the default, for every analysis) also at most
 * MAX_SPECTRUM_POINTS frequencies in [MIN_MAGNITUDE, MAX_MAGNITUDE] Hz and |Re Z|, |Im Z| ≤
 * MAX_MAGNITUDE Ω (the writers of io store any finite spectrum: `limits: false`).
 * With `extra` > 0 and consistent lengths, freq, re, im and `extra` more arrays of the same
 * length are views of one allocation (one allocation per spectrum matters in batches; see the
 * fit's result block); `spare` holds the extra views. With `arena` that allocation is a part of
 * the arena's block (a batch's spectra: SpectrumArena).
 * @throws EisError E_ARG_TYPE (not an object, a non-number or hole), E_NONFINITE, E_NONPOSITIVE_FREQ,
 * E_ARG_LENGTH (lengths differ), E_ARG_RANGE (beyond a limit), each with `details.argument`.
 */
export function toSpectrum(value: unknown, name = 'spectrum', { extra = 0, limits = true, arena }: { extra?: number; limits?: boolean; arena?: SpectrumArena } = {}): Spectrum & { spare: Float64Array[] } {
  if (value === null || typeof value !== 'object') {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must be an object { freq, re, im }; got ${show(value)}.`, { argument: name });
  }
  const s = value as Record<string, unknown>;
  const n = lengthOf(s.freq);
  if (limits && n > MAX_SPECTRUM_POINTS) {
    throw new EisError('E_ARG_RANGE', `invalid argument. \`${name}\` has ${n} frequencies; at most MAX_SPECTRUM_POINTS = ${MAX_SPECTRUM_POINTS} are supported per spectrum.`, { argument: name, length: n, limit: MAX_SPECTRUM_POINTS });
  }
  let views: Float64Array[] = [];
  if (n > 0 && lengthOf(s.re) === n && lengthOf(s.im) === n) {
    if (arena) views = arena.takeArrays(3 + extra, n);
    else {
      const buffer = new ArrayBuffer(8 * (3 + extra) * n);
      for (let k = 0; k < 3 + extra; k++) views.push(new Float64Array(buffer, 8 * k * n, n));
    }
    // the usual spectrum (three Float64Arrays or three arrays of numbers, every value inside the
    // domain): copied and checked in one pass; anything else, or a value outside, takes the
    // checks below, which name the first bad value
    if (limits && copyInDomain(s.freq, s.re, s.im, views[0]!, views[1]!, views[2]!)) return { freq: views[0]!, re: views[1]!, im: views[2]!, spare: views.slice(3) };
  }
  const freq = toFrequencies(s.freq, `${name}.freq`, views[0]);
  const re = toFloat64(`${name}.re`, s.re, { out: views[1] });
  const im = toFloat64(`${name}.im`, s.im, { out: views[2] });
  if (re.length !== freq.length || im.length !== freq.length) {
    throw new EisError('E_ARG_LENGTH', `invalid argument. \`${name}\` has ${freq.length} frequencies but ${re.length} re and ${im.length} im values; they must match.`, { argument: name });
  }
  if (limits) checkDomain(name, freq, re, im);
  return { freq, re, im, spare: views.slice(3) };
}

/**
 * Copies freq, re, im (each a Float64Array, or each an array, of the outputs' length) into the
 * outputs and tells whether every value is a number inside the domain of checkDomain: what
 * toFloat64 (finite, positive frequencies) and checkDomain accept together, in one pass. False:
 * the copy is incomplete and the caller validates again (for the error).
 */
function copyInDomain(sf: unknown, sr: unknown, si: unknown, freq: Float64Array, re: Float64Array, im: Float64Array): boolean {
  const n = freq.length;
  if (sf instanceof Float64Array && sr instanceof Float64Array && si instanceof Float64Array) {
    freq.set(sf);
    re.set(sr);
    im.set(si);
    for (let i = 0; i < n; i++) {
      const f = freq[i]!, r = re[i]!, m = im[i]!;
      if (!(f >= MIN_MAGNITUDE && f <= MAX_MAGNITUDE && r <= MAX_MAGNITUDE && r >= -MAX_MAGNITUDE && m <= MAX_MAGNITUDE && m >= -MAX_MAGNITUDE)) return false;
    }
    return true;
  }
  if (!Array.isArray(sf) || !Array.isArray(sr) || !Array.isArray(si)) return false;
  for (let i = 0; i < n; i++) {
    const f: unknown = sf[i], r: unknown = sr[i], m: unknown = si[i];
    if (typeof f !== 'number' || typeof r !== 'number' || typeof m !== 'number') return false;
    if (!(f >= MIN_MAGNITUDE && f <= MAX_MAGNITUDE && r <= MAX_MAGNITUDE && r >= -MAX_MAGNITUDE && m <= MAX_MAGNITUDE && m >= -MAX_MAGNITUDE)) return false;
    freq[i] = f;
    re[i] = r;
    im[i] = m;
  }
  return true;
}

/** Frequencies and Z inside the numeric domain of limits.ts (one pass; the error names the first value outside). */
function checkDomain(name: string, freq: Float64Array, re: Float64Array, im: Float64Array): void {
  for (let i = 0; i < freq.length; i++) {
    const f = freq[i]!, r = re[i]!, m = im[i]!;
    if (f >= MIN_MAGNITUDE && f <= MAX_MAGNITUDE && r <= MAX_MAGNITUDE && r >= -MAX_MAGNITUDE && m <= MAX_MAGNITUDE && m >= -MAX_MAGNITUDE) continue;
    const [part, v] = !(f >= MIN_MAGNITUDE && f <= MAX_MAGNITUDE) ? ['freq', f] : !(Math.abs(r) <= MAX_MAGNITUDE) ? ['re', r] : ['im', m];
    const range = part === 'freq' ? `frequencies from ${MIN_MAGNITUDE} to ${MAX_MAGNITUDE} Hz` : `|${part}| ≤ ${MAX_MAGNITUDE} Ω`;
    throw new EisError('E_ARG_RANGE', `invalid argument. \`${name}.${part}\` must hold ${range} (beyond, squares and products of the values overflow); ${name}.${part}[${i}] = ${show(v)}.`, { argument: `${name}.${part}`, index: i, value: v, limit: part === 'freq' && f < 1 ? MIN_MAGNITUDE : MAX_MAGNITUDE });
  }
}

/**
 * A non-empty array of spectra for a batch (fitBatch, linKKBatch) without holes: `[s0, , s2]`
 * or an `undefined` entry is E_ARG_TYPE naming the index (Array.prototype.map would skip a
 * hole and the batch would silently return fewer results than it was given).
 */
export function checkSpectrumList(value: unknown, name = 'spectra'): readonly unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}\` must be a non-empty array of { freq, re, im }; got ${show(value)}.`, { argument: name });
  }
  for (let k = 0; k < value.length; k++) {
    if (!(k in value) || value[k] === undefined) {
      throw new EisError('E_ARG_TYPE', `invalid argument. \`${name}[${k}]\` must be a spectrum { freq, re, im }; got ${k in value ? 'undefined' : 'a hole (sparse array)'}.`, { argument: `${name}[${k}]`, index: k });
    }
  }
  return value;
}

/**
 * Whether `freq` holds at least `wanted` different values; stops as soon as it does, so the
 * usual spectrum (all different) costs O(wanted²), never a sort.
 */
export function distinctFrequencies(freq: ArrayLike<number>, wanted: number): number {
  // the values seen so far in a scratch array kept between calls (this runs per spectrum of a
  // batch); equality as Array.prototype.includes (SameValueZero: NaN equals NaN, −0 equals 0)
  if (SEEN.length < wanted) SEEN = new Float64Array(Math.max(wanted, 2 * SEEN.length));
  const seen = SEEN;
  let count = 0;
  for (let i = 0; i < freq.length && count < wanted; i++) {
    const v = freq[i]!;
    let found = false;
    for (let j = 0; j < count && !found; j++) found = seen[j] === v || (v !== v && seen[j] !== seen[j]);
    if (!found) seen[count++] = v;
  }
  return count;
}

/** distinctFrequencies' scratch. */
let SEEN = new Float64Array(16);

/**
 * Rejects a spectrum whose frequencies take fewer than `needed` different values: repeated
 * frequencies add no information a kernel can use (61 copies of one point are one point), so
 * the analysis would be underdetermined while looking well fitted. `what` says what needs them.
 */
export function checkDistinctFrequencies(name: string, freq: ArrayLike<number>, needed: number, what: string): void {
  const d = distinctFrequencies(freq, needed);
  if (d < needed) {
    throw new EisError('E_ARG_RANGE', `invalid argument. \`${name}\` has ${freq.length} frequencies but only ${d} different one${d === 1 ? '' : 's'} (${show(freq[0])} Hz${d > 1 ? ', …' : ''}); ${what} needs at least ${needed} different frequencies.`, { argument: name, distinct: d, needed });
  }
}

/**
 * Rejects an impedance that is zero (or below MIN_MAGNITUDE Ω) at every frequency: no model
 * or test can scale to it, and relative weights divide by |Z|.
 */
export function checkImpedanceScale(name: string, re: ArrayLike<number>, im: ArrayLike<number>): void {
  // stops at the first large enough value: usually the first point
  for (let i = 0; i < re.length; i++) if (Math.abs(re[i]!) >= MIN_MAGNITUDE || Math.abs(im[i]!) >= MIN_MAGNITUDE) return;
  let largest = 0;
  for (let i = 0; i < re.length; i++) largest = Math.max(largest, Math.abs(re[i]!), Math.abs(im[i]!));
  throw new EisError('E_ARG_RANGE', `invalid argument. \`${name}\` has ${largest === 0 ? 'Z = 0 at every frequency' : `|Z| ≤ ${largest} Ω at every frequency`}; the largest |Re Z| or |Im Z| must be at least ${MIN_MAGNITUDE} Ω.`, { argument: name, value: largest, limit: MIN_MAGNITUDE });
}

/**
 * Rejects a point where |Z| is below MIN_MAGNITUDE Ω (Z = 0 among them): an analysis that takes
 * ln|Z| (Z-HIT) or divides by |Z| (the DRT's relative residuals) gets ±Infinity or NaN there.
 * `points` lists the indices to check (default: all); the error names the first bad one (as an
 * index of `name`) and its frequency; `what` says why the analysis needs |Z| > 0.
 */
export function checkNonzeroImpedance(name: string, freq: ArrayLike<number>, re: ArrayLike<number>, im: ArrayLike<number>, what: string, points?: ArrayLike<number>): void {
  const count = points === undefined ? re.length : points.length;
  for (let k = 0; k < count; k++) {
    const i = points === undefined ? k : points[k]!;
    const mod = hypot(re[i]!, im[i]!);
    if (!(mod >= MIN_MAGNITUDE)) {
      throw new EisError('E_ARG_RANGE', `invalid argument. \`${name}\` has ${mod === 0 ? 'Z = 0' : `|Z| = ${mod} Ω (below ${MIN_MAGNITUDE} Ω)`} at index ${i} (f = ${freq[i]} Hz): ${what}.`, { argument: name, index: i, value: mod, limit: MIN_MAGNITUDE });
    }
  }
}
