/**
 * The RBF discretisation of the DRT (specs/drt.md §1): collocation at y_m = ln(1/f_m), Gaussian
 * RBFs exp(−ε²(y − y_m)²) with ε = c·2√(ln 2)/Δ (Δ = mean |Δ ln f|), the Re and Im blocks of A by
 * a fixed trapezoid rule (never adaptive: pyDRTtools #11; {@link quadratureNodes}), the
 * unpenalised R∞ and L columns, and the penalty Gram matrix M of order 1 or 2 in closed form.
 * Column order: the N RBF coefficients, then R∞ (unless `mode: 'imag'`), then L (when
 * `inductance`, unless `mode: 'real'`). A always holds both row blocks (the fitted spectrum needs
 * them); `mode` only decides the columns, and the caller uses the Re rows (first N) or the Im
 * rows (next N) alone for 'real' and 'imag'.
 */
import { exp, log } from '../../math/index.ts';
import type { DrtLayout } from '../../types/drt.ts';

const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
const TWO_PI = 2 * Math.PI;

/** The stacked system of one spectrum: rows [Re; Im] (2N), columns [RBF (N), R∞, L?]. */
export interface DrtMatrices extends DrtLayout {
  /** A, 2N × p, row-major: Re rows first, then Im rows. */
  a: Float64Array;
  /** b = [Z′; Z″]. */
  b: Float64Array;
  /** Penalty Gram matrix, p × p row-major (zero rows and columns for R∞ and L). */
  m: Float64Array;
}

/** ε from the frequencies (sorted, any direction) and the FWHM coefficient c (§1.3). */
export function rbfEpsilon(freq: Float64Array, c: number): number {
  const n = freq.length;
  let s = 0;
  for (let i = 1; i < n; i++) s += Math.abs(log(freq[i]!) - log(freq[i - 1]!));
  const delta = s / (n - 1);
  return (c * 2 * Math.sqrt(log(2))) / delta;
}

/**
 * Below this ε the spec's step 0.25/ε (§1.4, validated for ε ∈ [0.9, 7.2]) becomes coarser than the
 * kernel 1/(1 + a²e^{2x}), whose transition (poles at x = −ln a ± iπ/2) is O(1) wide in x whatever ε
 * is: at 73 nodes the error was 3e-8 at ε = 0.5, 3e-3 at 0.2, 0.13 at 0.1 and 1.0 at 0.05. Under it the
 * step stays ≤ 0.25/0.9 = 0.278 (error ≈ e^{−π²/h}, ~1e-14 measured) with more nodes over the same
 * |x| ≤ 9/ε.
 */
export const QUADRATURE_EPSILON = 0.9;
/** Nodes per side at most (8193 in all: ≤ 1.5e-13 down to ε = 36·0.9/4096 ≈ 0.0079; coarser below). */
export const QUADRATURE_MAX_HALF = 4096;
/**
 * Node evaluations of one matrix at most, entries × nodes (2^27, ~0.5 s in WASM at ~3.5 ns each):
 * a full N² build at N = 1000 with 8193 nodes took 29 s. It binds only below ε = 0.9 on irregular
 * grids of more than ~128 points (at N = 1000 the nodes stay ≥ 1e-13 accurate for ε ≥ 0.48).
 */
export const QUADRATURE_BUDGET = 2 ** 27;

/** The trapezoid rule of one ε: weights·e^{−ε²x²}, e^{x} and e^{−x} at x = kh, |k| ≤ half. */
export interface QuadratureNodes {
  half: number;
  wg: Float64Array;
  ex: Float64Array;
  emx: Float64Array;
}

/**
 * The trapezoid nodes of §1.4 on |x| ≤ 9/ε, end weights h/2: for ε ≥ 0.9 the spec's 73 nodes
 * (h = 0.25/ε, half = 36, the same bits as before; also for a NaN ε); below, half = ⌈36·0.9/ε⌉ and
 * h = (9/half)/ε ≤ 0.278, half at most {@link QUADRATURE_MAX_HALF} and at most
 * {@link QUADRATURE_BUDGET}/(2·entries) (not below 36) for a matrix of `entries` integrals (2N with
 * the Toeplitz shortcut, N² without). assembly/drt-matrices.ts does the same.
 */
export function quadratureNodes(epsilon: number, entries = 1): QuadratureNodes {
  const cap = Math.max(36, Math.min(QUADRATURE_MAX_HALF, Math.floor(QUADRATURE_BUDGET / (2 * entries))));
  const half = !(epsilon < QUADRATURE_EPSILON) ? 36 : Math.min(cap, Math.ceil((36 * QUADRATURE_EPSILON) / epsilon));
  const h = 9 / half / epsilon; // 9/36 = 0.25 exactly: h = 0.25/ε for the spec's nodes
  const q = 2 * half + 1;
  const wg = new Float64Array(q), ex = new Float64Array(q), emx = new Float64Array(q);
  for (let k = -half; k <= half; k++) {
    const x = k * h;
    const w = k === -half || k === half ? h / 2 : h;
    wg[k + half] = w * exp(-epsilon * epsilon * x * x);
    ex[k + half] = exp(x);
    emx[k + half] = exp(-x);
  }
  return { half, wg, ex, emx };
}

/** [A_re, A_im] entry for a = 2πf_n/f_m by the fixed trapezoid rule. */
export function matrixEntry(q: QuadratureNodes, a: number): [number, number] {
  let re = 0, im = 0;
  const a2 = a * a;
  const count = q.wg.length;
  for (let k = 0; k < count; k++) {
    const e = q.ex[k]!;
    re += q.wg[k]! / (1 + a2 * e * e);
    im -= (q.wg[k]! * a) / (q.emx[k]! + a2 * e);
  }
  return [re, im];
}

/** Options of {@link buildMatrices}. */
export interface MatrixOptions {
  /** FWHM coefficient c (default 0.5). */
  rbfShape: number;
  /** Penalty order (default 1). */
  penalty: 1 | 2;
  /** Add the L column (ω_n in the Im rows). */
  inductance: boolean;
  /** 'complex' (default): both columns; 'real': no L column; 'imag': no R∞ column (§1.7). */
  mode?: 'complex' | 'real' | 'imag';
  /** 'auto' uses the Toeplitz shortcut when the log spacing is uniform (std/mean < 0.01); 'full' never. */
  build?: 'auto' | 'full';
}

/**
 * The matrices of §1 for frequencies sorted by descending f (the caller crops and sorts).
 */
export function buildMatrices(freq: Float64Array, re: Float64Array, im: Float64Array, o: MatrixOptions): DrtMatrices {
  const n = freq.length;
  const mode = o.mode ?? 'complex';
  const rInfColumn = mode === 'imag' ? -1 : n;
  const lColumn = o.inductance && mode !== 'real' ? n + (rInfColumn >= 0 ? 1 : 0) : -1;
  const p = n + (rInfColumn >= 0 ? 1 : 0) + (lColumn >= 0 ? 1 : 0);
  const epsilon = rbfEpsilon(freq, o.rbfShape);
  const y = new Float64Array(n);
  for (let m = 0; m < n; m++) y[m] = -log(freq[m]!);
  const toeplitz = (o.build ?? 'auto') === 'auto' && uniformLogSpacing(freq);
  const q = quadratureNodes(epsilon, toeplitz ? 2 * n : n * n);
  const a = new Float64Array(2 * n * p);
  const im0 = n * p; // offset of the Im rows
  if (toeplitz) {
    // A[n,m] depends on n − m only: first column (n ≥ m) and first row (m > n).
    const col: [number, number][] = [], row: [number, number][] = [];
    for (let k = 0; k < n; k++) col.push(matrixEntry(q, (TWO_PI * freq[k]!) / freq[0]!));
    for (let k = 0; k < n; k++) row.push(matrixEntry(q, (TWO_PI * freq[0]!) / freq[k]!));
    for (let r = 0; r < n; r++) {
      for (let m = 0; m < n; m++) {
        const [er, ei] = r >= m ? col[r - m]! : row[m - r]!;
        a[r * p + m] = er;
        a[im0 + r * p + m] = ei;
      }
    }
  } else {
    for (let r = 0; r < n; r++) {
      for (let m = 0; m < n; m++) {
        const [er, ei] = matrixEntry(q, (TWO_PI * freq[r]!) / freq[m]!);
        a[r * p + m] = er;
        a[im0 + r * p + m] = ei;
      }
    }
  }
  for (let r = 0; r < n; r++) {
    if (rInfColumn >= 0) a[r * p + rInfColumn] = 1; // R∞ in the Re rows
    if (lColumn >= 0) a[im0 + r * p + lColumn] = TWO_PI * freq[r]!; // ωL in the Im rows
  }
  const b = new Float64Array(2 * n);
  b.set(re, 0);
  b.set(im, n);
  return { n, p, rInfColumn, lColumn, epsilon, y, a, b, m: penaltyMatrix(y, epsilon, o.penalty, p), toeplitz };
}

/** std/mean of |Δ ln f| below 0.01 (§1.5). */
function uniformLogSpacing(freq: Float64Array): boolean {
  const n = freq.length;
  if (n < 3) return false;
  const d = new Float64Array(n - 1);
  let mean = 0;
  for (let i = 1; i < n; i++) {
    d[i - 1] = Math.abs(log(freq[i]!) - log(freq[i - 1]!));
    mean += d[i - 1]!;
  }
  mean /= n - 1;
  let v = 0;
  for (let i = 0; i < n - 1; i++) v += (d[i]! - mean) ** 2;
  return Math.sqrt(v / (n - 1)) / mean < 0.01;
}

/**
 * The penalty Gram matrix of §1.8, p × p with the RBF block in the first N rows and columns:
 * order 1 M = ε(1 − a²)e^{−a²/2}√(π/2) = ∫γ_n′γ_m′ dy, order 2 M = ε³(3 − 6a² + a⁴)e^{−a²/2}√(π/2),
 * a = ε(y_n − y_m).
 */
export function penaltyMatrix(y: Float64Array, epsilon: number, order: 1 | 2, p: number): Float64Array {
  const n = y.length;
  const out = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const a = epsilon * (y[i]! - y[j]!);
      const a2 = a * a;
      const g = exp(-a2 / 2) * SQRT_HALF_PI;
      const v = order === 1 ? epsilon * (1 - a2) * g : epsilon * epsilon * epsilon * (3 - 6 * a2 + a2 * a2) * g;
      out[i * p + j] = v;
      out[j * p + i] = v;
    }
  }
  return out;
}

/** AᵀA (p × p) and Aᵀb of a row-major rows × p matrix; `rowFrom`/`rowTo` select a block of rows. */
export function normalEquations(a: Float64Array, b: Float64Array, p: number, rowFrom: number, rowTo: number): { g: Float64Array; c: Float64Array } {
  const g = new Float64Array(p * p), c = new Float64Array(p);
  for (let r = rowFrom; r < rowTo; r++) {
    const o = r * p, br = b[r]!;
    for (let i = 0; i < p; i++) {
      const ai = a[o + i]!;
      if (ai === 0) continue;
      c[i] += ai * br;
      for (let j = i; j < p; j++) g[i * p + j] += ai * a[o + j]!;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) g[i * p + j] = g[j * p + i]!;
  return { g, c };
}
