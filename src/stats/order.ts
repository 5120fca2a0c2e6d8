/**
 * Residual statistics look at neighbours along frequency (second differences, runs, lag-1
 * correlation, windows), so residuals given shuffled or in descending order must be judged in
 * increasing frequency. One place for that order, used by Lin-KK's verdict and fit quality.
 */
import { judgeResiduals, type JudgeOptions, type ResidualJudgement } from './judge.ts';

/** +1 for a strictly increasing grid, −1 for a strictly decreasing one, 0 otherwise (ties included). */
function monotone(freq: ArrayLike<number>): 1 | -1 | 0 {
  let up = true, down = true;
  for (let i = 1; i < freq.length && (up || down); i++) {
    if (!(freq[i]! > freq[i - 1]!)) up = false;
    if (!(freq[i]! < freq[i - 1]!)) down = false;
  }
  return up ? 1 : down ? -1 : 0;
}

/** The order of the points by increasing frequency (ties keep their input order). */
export function frequencyOrder(freq: ArrayLike<number>): Uint32Array {
  const n = freq.length, order = new Uint32Array(n);
  // measured grids are strictly increasing or decreasing: their order without a sort (the sort's
  // comparator cost ~5 µs per 61-point fit); anything else, ties included, is sorted
  const dir = monotone(freq);
  if (dir !== 0) {
    for (let k = 0; k < n; k++) order[k] = dir > 0 ? k : n - 1 - k;
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  // a typed-array sort is not guaranteed stable: break ties by index
  return order.sort((a, b) => freq[a]! - freq[b]! || a - b);
}

/** The ascending and descending orders of the last grid size (never written after they are made). */
let sharedN = -1, sharedUp = new Uint32Array(0), sharedDown = sharedUp;

/**
 * frequencyOrder(freq) for a caller that only reads it (a fit's quality verdict, once per fit of a
 * batch): the strictly monotone grids of measured spectra share one order per size and direction
 * instead of a new array each.
 */
export function sharedFrequencyOrder(freq: ArrayLike<number>): Readonly<Uint32Array> {
  const dir = monotone(freq), n = freq.length;
  if (dir === 0) return frequencyOrder(freq);
  if (sharedN !== n) {
    sharedN = n;
    sharedUp = Uint32Array.from({ length: n }, (_, k) => k);
    sharedDown = Uint32Array.from({ length: n }, (_, k) => n - 1 - k);
  }
  return dir > 0 ? sharedUp : sharedDown;
}

export interface OrderedJudgement {
  /** Indices in it (scan.index) count positions in increasing frequency, not input positions. */
  judgement: ResidualJudgement;
  /** The frequency of position i in the judged (increasing-frequency) order. */
  freqAt: (i: number) => number;
}

/** x[order[k]] for every k. */
function permute(x: ArrayLike<number>, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) out[k] = x[order[k]!]!;
  return out;
}

/**
 * judgeResiduals on the residuals (and their profile and design rows, which follow the points)
 * taken in increasing frequency. The design's rows are Re rows 0…n−1 then Im rows n…2n−1.
 */
export function judgeInFrequencyOrder(freq: ArrayLike<number>, re: ArrayLike<number>, im: ArrayLike<number>, o: JudgeOptions): OrderedJudgement {
  const order = frequencyOrder(freq), n = order.length;
  const opts: JudgeOptions = { ...o };
  if (o.profile) opts.profile = { re: permute(o.profile.re, order), im: permute(o.profile.im, order) };
  if (o.design) {
    const { a, cols } = o.design;
    const b = new Float64Array(a.length);
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      b.set(a.subarray(i * cols, (i + 1) * cols), k * cols);
      b.set(a.subarray((n + i) * cols, (n + i + 1) * cols), (n + k) * cols);
    }
    opts.design = { a: b, cols };
  }
  return { judgement: judgeResiduals(permute(re, order), permute(im, order), opts), freqAt: (k) => freq[order[k]!]! };
}
