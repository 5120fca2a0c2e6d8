/**
 * The working copy of a spectrum for one initialGuess call: ascending frequency, ω, ln ω,
 * x = Re Z, y = −Im Z, and the scratch arrays the feature passes write. Each call has its own:
 * a finished call hands its Work back (releaseWork) and the next call of the same size takes it
 * reset to the state of a new one (a batch's spectra: one allocation instead of one per fit); a
 * call made while another is running gets a new one, so re-entrant calls cannot see each other's data.
 * With a backend's kernels (WASM) the arrays are views of the kernels' memory (GuessKernels.memory)
 * and the numeric passes run there on them in place, the same bits as the TS passes here.
 */
import { EisError, show } from '../errors.ts';
import { log } from '../math/index.ts';
import type { GuessKernels } from '../backend/types.ts';
import type { GuessScale } from '../elements/index.ts';
import type { SpectrumInput } from '../types/spectrum.ts';

/** A spectrum: frequencies (Hz), Z = re + j·im with the physical sign (capacitive im < 0); the one spectrum type (src/types/spectrum.ts). */
export type GuessSpectrum = SpectrumInput;

/** Points at the low-frequency end used for the tail. */
export const TAIL_POINTS = 5;

/** Scratch arrays of one call; hot loops read them through local constants. */
export class Work implements GuessScale {
  n = 0;
  readonly w: Float64Array;
  readonly lw: Float64Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Data minus the current tail (and inductance) model. */
  readonly xr: Float64Array;
  readonly yr: Float64Array;
  /** −Im Z of the arcs at the tail points. */
  readonly tailArcs: Float64Array;
  /** 1/|Z| of the data (0 where Z = 0). */
  readonly iz: Float64Array;
  /** Smoothed yr for the peak search. */
  readonly ys: Float64Array;
  /** xr, yr minus the other arcs, for measuring one arc among several. */
  readonly xa: Float64Array;
  readonly ya: Float64Array;
  /**
   * Peak search: candidate indices (integers) and prominences; peakP is also noiseLevel's
   * scratch (its fourth differences). Each pass writes what it reads first.
   */
  readonly peakI: Float64Array;
  readonly peakP: Float64Array;
  /** Result of the last circle fit of the TS passes (centre and radius; the kernels' measure keeps theirs in WASM). */
  readonly circle = { cx: 0, cy: 0, r: 0 };
  /** Geometric middle of |Z| over the spectrum (Ohm). */
  zMid = 100;
  /** Angular frequency band (rad/s) and its geometric middle. */
  wMin = 1;
  wMax = 1;
  wMid = 1;
  /** ln ω step when the points are equally spaced in ln ω (the usual sweep), else NaN. */
  logStep = Number.NaN;
  /**
   * The backend's kernels (WASM) when the arrays live in their memory (GuessKernels.memory): the
   * numeric passes then run there on the arrays in place (the same bits); null: the TS passes. Set by prepare.
   */
  kernels: GuessKernels | null = null;
  /** What a kernel's sums and flags come back in (GuessKernels.arcSums, tailSums, input). */
  readonly sums: Float64Array;
  /** What the kernels' other records come back in (GuessKernels.points, circle). */
  readonly io: Float64Array;
  /**
   * sums and io as one record (GuessKernels.measure): its sums land in `sums` as the TS arcShape
   * leaves them, ΔR, x_hf and the arc's first point in io.
   */
  readonly measured: Float64Array;
  /** The peaks a kernel found (GuessKernels.peaks). */
  readonly peakOut: Float64Array;

  /**
   * Arrays for up to `points` points, all views of one allocation: V8 gives every typed array
   * over 64 bytes its own off-heap store, and a dozen of those cost a third of the guess.
   */
  /** Points the arrays hold (at least 64), and the one allocation they are views of. */
  readonly capacity: number;
  readonly all: Float64Array;

  /** With `memory` (workWords(points) words in the kernels' memory, any contents) the arrays are views of it. */
  constructor(points: number, memory: Float64Array | null = null) {
    const c = Math.max(points, 64);
    const all = memory ?? new Float64Array(workWords(c));
    if (memory !== null) all.fill(0);
    this.capacity = c;
    this.all = all;
    let next = 0;
    const take = (): Float64Array => all.subarray(c * next, c * ++next);
    this.w = take(); this.lw = take(); this.x = take(); this.y = take();
    this.xr = take(); this.yr = take(); this.ys = take();
    this.xa = take(); this.ya = take(); this.iz = take();
    this.peakI = take(); this.peakP = take(); this.peakOut = take();
    this.sums = all.subarray(13 * c, 13 * c + 5);
    this.io = all.subarray(13 * c + 5, 13 * c + 8);
    this.measured = all.subarray(13 * c, 13 * c + 8);
    this.tailArcs = all.subarray(13 * c + 8, 13 * c + 8 + TAIL_POINTS);
  }

  /** Back to the state of `new Work(capacity)`: every array 0, every field its initial value. */
  reset(): void {
    this.all.fill(0);
    this.circle.cx = this.circle.cy = this.circle.r = 0;
    this.n = 0;
    this.zMid = 100;
    this.wMin = this.wMax = this.wMid = 1;
    this.logStep = Number.NaN;
    this.kernels = null;
  }
}

/** f64 words of a Work of capacity c: 13 arrays, the sums (5), io (3) and tailArcs. */
export function workWords(c: number): number {
  return 13 * c + 8 + TAIL_POINTS;
}

/** The Work of the last finished call, for the next call of the same capacity. */
let spare: Work | null = null;
/** Per kernels, the Work over their memory (re-made when the memory's view is a new one). */
const resident = new WeakMap<GuessKernels, Work>();

/** Hands a Work back once its call has finished with it (nothing of it may be kept). */
export function releaseWork(ws: Work): void {
  const k = ws.kernels;
  ws.kernels = null;
  if (k !== null) k.release();
  else spare = ws;
}

/**
 * A Work for `points` points in the state of a new one: with kernels, over their memory (the
 * same Work again while that is the same view); else the spare when its capacity fits exactly.
 */
function takeWork(points: number, kernels: GuessKernels | null): Work {
  if (kernels !== null) {
    const c = Math.max(points, 64), memory = kernels.memory(workWords(c));
    if (memory !== null) {
      let ws = resident.get(kernels);
      if (ws !== undefined && ws.all === memory) ws.reset();
      else resident.set(kernels, (ws = new Work(points, memory)));
      ws.kernels = kernels;
      return ws;
    }
  }
  // the kernels' memory is taken (a guess inside a guess): the TS passes on plain arrays
  const ws = spare;
  if (ws !== null && ws.capacity === Math.max(points, 64)) {
    spare = null;
    ws.reset();
    return ws;
  }
  return new Work(points);
}

function isArrayLike(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/**
 * A new Work holding the usable points (finite, f > 0) of `spectrum` sorted by ascending
 * frequency; measured spectra come sorted either way (a descending sweep is read backwards).
 */
export function prepare(spectrum: GuessSpectrum, kernels: GuessKernels | null = null): Work {
  if (spectrum === null || typeof spectrum !== 'object' || !isArrayLike(spectrum.freq) || !isArrayLike(spectrum.re) || !isArrayLike(spectrum.im)) {
    throw new EisError('E_ARG_TYPE', `invalid argument. \`spectrum\` must be an object { freq, re, im } of numeric arrays; got ${show(spectrum)}.`, { argument: 'spectrum' });
  }
  const { freq, re, im } = spectrum;
  const N = freq.length;
  if (re.length !== N || im.length !== N) {
    throw new EisError('E_ARG_LENGTH', `invalid argument. \`spectrum\` has ${N} frequencies but ${re.length} re and ${im.length} im values; they must match.`, { argument: 'spectrum' });
  }
  const ws = takeWork(N, kernels);
  const { w, x, y, lw } = ws;
  let n = 0, ascending = true, descending = true, prev = Number.NaN, prev2 = Number.NaN;
  // equally log-spaced (constant ratio f[i]/f[i−1], the usual sweep): then
  // ln ω[i] = ln ω[0] + i·step needs two logarithms instead of n
  let uniform = true;
  // read backwards when the sweep runs from high to low frequency (the usual measurement): the
  // points then arrive ascending and need no reversal. The flags below are in reading order
  let back = N > 1 && freq[0]! > freq[N - 1]!;
  // in the kernels (the validated spectra of fit and fitBatch): the input staged in xr, yr, ys
  // (scratch the passes write before they read it; the kernel zeroes it again), reversed there
  const inKernel = ws.kernels !== null && freq instanceof Float64Array && re instanceof Float64Array && im instanceof Float64Array;
  if (inKernel) {
    // the record in peakOut (the kernels' output, written before it is read), zeroed again
    const o = ws.peakOut;
    ws.xr.set(freq);
    ws.yr.set(re);
    ws.ys.set(im);
    ws.kernels!.input(ws.xr, ws.yr, ws.ys, N, w, x, y, ws.lw, ws.iz, o);
    n = o[0]!;
    if (o[5] === 1) {
      // sorted: the kernel also ran the ln ω / 1/|Z| pass below
      const z2Min = o[7]!, z2Max = o[8]!;
      ws.logStep = o[6]!;
      o.fill(0, 0, 9);
      return finish(ws, n, z2Min, z2Max);
    }
    ascending = o[1] === 1;
    descending = o[2] === 1;
    uniform = o[3] === 1;
    back = o[4] === 1;
    o.fill(0, 0, 9);
  } else for (let k = 0; k < N; k++) {
    const i = back ? N - 1 - k : k;
    const f = freq[i]!, r = re[i]!, m = im[i]!;
    // finite (x − x is NaN for ±Infinity and NaN) and f > 0
    if (!(f > 0 && f - f === 0 && r - r === 0 && m - m === 0)) continue;
    if (n > 0) {
      if (f <= prev) ascending = false;
      if (f >= prev) descending = false;
      if (n > 1 && uniform) uniform = Math.abs(f * prev2 - prev * prev) <= 1e-12 * prev * prev;
    }
    prev2 = prev;
    prev = f;
    w[n] = 2 * Math.PI * f;
    x[n] = r;
    y[n] = -m;
    n++;
  }
  if (descending && n > 1) {
    if (!inKernel) reverseWork(ws, n);
  } else if (!ascending && n > 1) {
    // unsorted: back in the input's order first (the sort keeps that order among equal frequencies)
    if (back) reverseWork(ws, n);
    sortByFrequency(ws, n);
    uniform = false;
  }
  uniform = uniform && n > 2 && (ascending || descending);
  const l0 = n ? log(w[0]!) : 0, step = uniform ? (log(w[n - 1]!) - l0) / (n - 1) : Number.NaN;
  ws.logStep = step;
  const iz = ws.iz;
  let z2Min = Infinity, z2Max = 0;
  if (ws.kernels !== null) {
    ws.kernels.points(w, x, y, lw, iz, n, uniform, l0, step, ws.io);
    z2Min = ws.io[0]!;
    z2Max = ws.io[1]!;
  } else for (let i = 0; i < n; i++) {
    lw[i] = uniform ? l0 + i * step : log(w[i]!);
    const z2 = x[i]! * x[i]! + y[i]! * y[i]!;
    iz[i] = z2 > 0 && z2 < Infinity ? 1 / Math.sqrt(z2) : 0;
    if (z2 > 0) {
      if (z2 < z2Min) z2Min = z2;
      if (z2 > z2Max) z2Max = z2;
    }
  }
  return finish(ws, n, z2Min, z2Max);
}

/** prepare's end: the point count and the |Z| and ω scales from the n points and the |Z|² bounds. */
function finish(ws: Work, n: number, z2Min: number, z2Max: number): Work {
  const w = ws.w;
  ws.n = n;
  // geometric middle of |Z|: (|Z|min·|Z|max)^(1/2) = (z²min·z²max)^(1/4)
  ws.zMid = z2Max > 0 && z2Max < Infinity ? Math.sqrt(Math.sqrt(z2Min) * Math.sqrt(z2Max)) : 100;
  ws.wMin = n ? w[0]! : 2 * Math.PI;
  ws.wMax = n ? w[n - 1]! : 2 * Math.PI;
  ws.wMid = Math.sqrt(ws.wMin * ws.wMax);
  return ws;
}

/** Reverses the first n work points. */
function reverseWork(ws: Work, n: number): void {
  const { w, x, y } = ws;
  for (let i = 0, j = n - 1; i < j; i++, j--) {
    let t = w[i]!; w[i] = w[j]!; w[j] = t;
    t = x[i]!; x[i] = x[j]!; x[j] = t;
    t = y[i]!; y[i] = y[j]!; y[j] = t;
  }
}

/** Unsorted input (rare): sort the first n work points by ω. */
function sortByFrequency(ws: Work, n: number): void {
  const { w, x, y } = ws;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => w[a]! - w[b]!);
  const w0 = w.slice(0, n), x0 = x.slice(0, n), y0 = y.slice(0, n);
  for (let i = 0; i < n; i++) {
    w[i] = w0[idx[i]!]!;
    x[i] = x0[idx[i]!]!;
    y[i] = y0[idx[i]!]!;
  }
}
