/**
 * Linear Kramers–Kronig test (Lin-KK), the TS reference of assembly/linkk.ts (same steps, same
 * order of operations where it matters).
 *
 * Model (Schönleber, Klotz, Ivers-Tiffée, Electrochim. Acta 131 (2014) 20, eqs. 8–12; Boukamp,
 * J. Electrochem. Soc. 142 (1995) 1885): an immittance X linear in its coefficients x,
 *   X(ω) = x₀·1 + Σₖ xₖ·bₖ(ω) + x_C·c(ω) + x_L·l(ω),
 * with M time constants τₖ log-spaced over [1/(F_ext·ω_max), F_ext/ω_min] (M = 1: τ_max) and
 *   impedance  (X = Z):  bₖ = 1/(1 + jωτₖ)   (x₀ = R_s, xₖ = Rₖ),  c = 1/(jω) (x_C = 1/C_s), l = jω (x_L = L_s)
 *   admittance (X = Y):  bₖ = jω/(1 + jωτₖ)  (x₀ = 1/R_p, xₖ = Cₖ), c = jω (x_C = C_p),     l = 1/(jω) (x_L = 1/L_p)
 * (the admittance form is the parallel circuit of R_p, C_p, L_p and series-RC branches). Each
 * row is weighted by 1/|X(ω_i)|; the least-squares problem is solved by Householder QR (no
 * normal equations).
 * - fitType 'complex': real and imaginary rows together, all columns;
 * - 'real': real rows with [1, bₖ]; then x_C, x_L from the imaginary residual (impedance.py);
 * - 'imag': imaginary rows with [bₖ, c, l]; then x₀ = Σ v(Re X − Re X̂)/Σ v, v = 1/|X|²
 *   (Boukamp 1995, eq. 7).
 * μ = 1 − Σ_{xₖ<0}|xₖ| / Σ_{xₖ≥0}|xₖ| (Schönleber eq. 21; NaN without positive mass);
 * residuals Δ = (X − X̂)/|X| (eqs. 15–16); pseudo-χ² = Σ(Δ′² + Δ″²) (Boukamp eq. 14).
 * Choice of M: 'mu' — the smallest M with μ < c (impedance.py's loop; maxM when none);
 * 'score' — pyimpspec's variant (Yrjänä & Bobacka, Electrochim. Acta 504 (2024) 144951):
 * S(M) = −log₁₀ χ²_ps / (c − μ)^β over the run of M values below maxM whose μ < c, the largest S
 * wins; 'fixed' — the given M. Several F_ext candidates: the one whose chosen fit has the
 * lowest pseudo-χ².
 */
import { backSubstitute, householder } from './linalg.ts';
import { exp10, hypot, log10, pow } from '../math/index.ts';
import { ALGORITHM, KK_FIT, KK_RULE } from '../abi/descriptor.ts';
import type { KkOutcome, KkProblem } from '../types/problems.ts';

export type { KkOutcome, KkProblem };
export const KK_FIT_REAL = KK_FIT.REAL;
export const KK_FIT_IMAG = KK_FIT.IMAG;
export const KK_FIT_COMPLEX = KK_FIT.COMPLEX;
export const KK_RULE_MU = KK_RULE.MU;
export const KK_RULE_SCORE = KK_RULE.SCORE;
export const KK_RULE_FIXED = KK_RULE.FIXED;

/** Number of coefficients for M time constants. */
export function kkCoefCount(p: Pick<KkProblem, 'addC' | 'addL'>, M: number): number {
  return 1 + M + (p.addC ? 1 : 0) + (p.addL ? 1 : 0);
}

/** τ₁…τ_M for F_ext = ext (impedance.py's distribution for ext = 1). */
export function kkTaus(w: Float64Array, M: number, ext: number, out: Float64Array): void {
  let wMin = Infinity, wMax = 0;
  for (let i = 0; i < w.length; i++) {
    wMin = Math.min(wMin, w[i]!);
    wMax = Math.max(wMax, w[i]!);
  }
  const lo = log10(1 / (ext * wMax)), hi = log10(ext / wMin);
  if (M === 1) out[0] = exp10(hi);
  else for (let k = 0; k < M; k++) out[k] = exp10(lo + (k / (M - 1)) * (hi - lo));
}

/** bₖ(ω) real and imaginary parts for x = ωτ. */
function basis(admittance: boolean, w: number, tau: number): [number, number] {
  const x = w * tau, d = 1 / (1 + x * x);
  return admittance ? [w * x * d, w * d] : [d, -x * d];
}

/** x_C's column c(ω) and x_L's column l(ω): imaginary parts (real parts are 0). */
const capColumn = (admittance: boolean, w: number) => (admittance ? w : -1 / w);
const indColumn = (admittance: boolean, w: number) => (admittance ? -1 / w : w);

/**
 * Solves the weighted least-squares problem rows × cols (row-major `a`, rhs `b`) by Householder
 * QR; x gets cols values. No column scaling: unpivoted Householder QR commutes with it.
 */
function solve(a: Float64Array, b: Float64Array, rows: number, cols: number, x: Float64Array): void {
  // independence of each column from the ones before it: |R_kk| / ‖a_k‖ (scale-free)
  const norms = new Float64Array(cols);
  for (let k = 0; k < cols; k++) {
    let ss = 0;
    for (let i = 0; i < rows; i++) ss += a[i * cols + k]! ** 2;
    norms[k] = Math.sqrt(ss);
  }
  householder(a, b, rows, cols);
  for (let k = 0; k < cols; k++) {
    const ratio = norms[k]! > 0 ? Math.abs(a[k * cols + k]!) / norms[k]! : 0;
    if (!(ratio > RANK_TOLERANCE)) rankDeficient = true;
  }
  backSubstitute(a, b, cols, x);
}

/**
 * A column whose part independent of the columns before it is below this fraction of its norm
 * (|R_kk|/‖a_k‖, the sine of its angle to their span) makes the fit rank deficient: the
 * coefficients are then not determined by the data (time constants closer than the spectrum
 * resolves) and no verdict is given.
 */
export const RANK_TOLERANCE = ALGORITHM.RANK_TOLERANCE;
let rankDeficient = false;

interface FitM {
  mu: number;
  chi2: number;
  rankDeficient: boolean;
}

/**
 * The weighted design of a complex Lin-KK fit: 2N × (1 + M + C + L), rows Re then Im, row i
 * divided by |X_i| = mag[i]; columns R_s (or 1/R_p), the M basis functions, C, L.
 */
export function complexDesign(p: KkProblem, tau: Float64Array, mag: Float64Array): Float64Array {
  const { n, w, admittance, addC, addL } = p;
  const M = tau.length, cols = kkCoefCount(p, M);
  const iC = 1 + M, iL = 1 + M + (addC ? 1 : 0);
  const a = new Float64Array(2 * n * cols);
  for (let i = 0; i < n; i++) {
    const s = 1 / mag[i]!, re = i * cols, im = (n + i) * cols;
    a[re] = s;
    for (let k = 0; k < M; k++) {
      const [br, bi] = basis(admittance, w[i]!, tau[k]!);
      a[re + 1 + k] = br * s;
      a[im + 1 + k] = bi * s;
    }
    if (addC) a[im + iC] = capColumn(admittance, w[i]!) * s;
    if (addL) a[im + iL] = indColumn(admittance, w[i]!) * s;
  }
  return a;
}

/** One Lin-KK fit with M time constants at F_ext = ext; fills coef, tau, fitted, residuals. */
export function kkFitM(p: KkProblem, M: number, ext: number, out: Pick<KkOutcome, 'coef' | 'tau' | 'fittedRe' | 'fittedIm' | 'residualsRe' | 'residualsIm'>): FitM {
  const { n, w, xre, xim, admittance, addC, addL } = p;
  rankDeficient = false;
  const tau = out.tau, coef = out.coef;
  kkTaus(w, M, ext, tau);
  const nCoef = kkCoefCount(p, M);
  const iC = 1 + M, iL = 1 + M + (addC ? 1 : 0);
  coef.fill(0, 0, nCoef);
  const mag = new Float64Array(n);
  for (let i = 0; i < n; i++) mag[i] = hypot(xre[i]!, xim[i]!);
  if (p.fitType === KK_FIT_COMPLEX) {
    const rows = 2 * n, cols = nCoef;
    const a = complexDesign(p, tau.subarray(0, M), mag), b = new Float64Array(rows), x = new Float64Array(cols);
    for (let i = 0; i < n; i++) {
      const s = 1 / mag[i]!;
      b[i] = xre[i]! * s;
      b[n + i] = xim[i]! * s;
    }
    solve(a, b, rows, cols, x);
    coef.set(x);
  } else if (p.fitType === KK_FIT_REAL) {
    const cols = 1 + M;
    const a = new Float64Array(n * cols), b = new Float64Array(n), x = new Float64Array(cols);
    for (let i = 0; i < n; i++) {
      const s = 1 / mag[i]!;
      a[i * cols] = s;
      for (let k = 0; k < M; k++) a[i * cols + 1 + k] = basis(admittance, w[i]!, tau[k]!)[0] * s;
      b[i] = xre[i]! * s;
    }
    solve(a, b, n, cols, x);
    coef.set(x);
    const extra = (addC ? 1 : 0) + (addL ? 1 : 0);
    if (extra > 0) {
      // x_C, x_L from what the real-part fit leaves of the imaginary part
      const a2 = new Float64Array(n * extra), b2 = new Float64Array(n), y = new Float64Array(extra);
      for (let i = 0; i < n; i++) {
        const s = 1 / mag[i]!;
        let fi = 0;
        for (let k = 0; k < M; k++) fi += x[1 + k]! * basis(admittance, w[i]!, tau[k]!)[1];
        let col = 0;
        if (addC) a2[i * extra + col++] = capColumn(admittance, w[i]!) * s;
        if (addL) a2[i * extra + col++] = indColumn(admittance, w[i]!) * s;
        b2[i] = (xim[i]! - fi) * s;
      }
      solve(a2, b2, n, extra, y);
      let col = 0;
      if (addC) coef[iC] = y[col++]!;
      if (addL) coef[iL] = y[col++]!;
    }
  } else {
    const cols = M + (addC ? 1 : 0) + (addL ? 1 : 0);
    const a = new Float64Array(n * cols), b = new Float64Array(n), x = new Float64Array(cols);
    for (let i = 0; i < n; i++) {
      const s = 1 / mag[i]!;
      for (let k = 0; k < M; k++) a[i * cols + k] = basis(admittance, w[i]!, tau[k]!)[1] * s;
      if (addC) a[i * cols + M] = capColumn(admittance, w[i]!) * s;
      if (addL) a[i * cols + M + (addC ? 1 : 0)] = indColumn(admittance, w[i]!) * s;
      b[i] = xim[i]! * s;
    }
    solve(a, b, n, cols, x);
    for (let k = 0; k < cols; k++) coef[1 + k] = x[k]!;
    // x₀ = Σ v (Re X − Re X̂) / Σ v with v = 1/|X|² (Boukamp 1995, eq. 7)
    let num = 0, den = 0;
    for (let i = 0; i < n; i++) {
      let fr = 0;
      for (let k = 0; k < M; k++) fr += coef[1 + k]! * basis(admittance, w[i]!, tau[k]!)[0];
      const v = 1 / (mag[i]! * mag[i]!);
      num += v * (xre[i]! - fr);
      den += v;
    }
    coef[0] = num / den;
  }
  // fitted immittance, residuals, pseudo-χ², μ
  let chi2 = 0;
  for (let i = 0; i < n; i++) {
    let fr = coef[0]!, fi = 0;
    for (let k = 0; k < M; k++) {
      const [br, bi] = basis(admittance, w[i]!, tau[k]!);
      fr += coef[1 + k]! * br;
      fi += coef[1 + k]! * bi;
    }
    if (addC) fi += coef[iC]! * capColumn(admittance, w[i]!);
    if (addL) fi += coef[iL]! * indColumn(admittance, w[i]!);
    out.fittedRe[i] = fr;
    out.fittedIm[i] = fi;
    const dr = (xre[i]! - fr) / mag[i]!, di = (xim[i]! - fi) / mag[i]!;
    out.residualsRe[i] = dr;
    out.residualsIm[i] = di;
    chi2 += dr * dr + di * di;
  }
  return { mu: kkMu(coef, M), chi2, rankDeficient };
}

/** μ = 1 − Σ_{xₖ<0}|xₖ| / Σ_{xₖ≥0}|xₖ| over coef[1..M]; NaN without positive mass. */
export function kkMu(coef: Float64Array, M: number): number {
  let neg = 0, pos = 0;
  for (let k = 1; k <= M; k++) {
    const v = coef[k]!;
    if (v < 0) neg -= v;
    else pos += v;
  }
  return pos > 0 ? 1 - neg / pos : Number.NaN;
}

/**
 * pyimpspec's scored choice (see the module comment): among the run of M values ending at the
 * largest scanned M whose μ < c, the M with the largest S = −log₁₀ χ² / (c − μ)^β, μ clamped to
 * [0, 1]; −1 when the largest M has μ ≥ c or β = 0 (then the caller uses the first crossing).
 */
export function kkScoreChoice(mu: Float64Array, chi2: Float64Array, count: number, c: number, beta: number): number {
  let best = -1, bestS = -Infinity;
  if (beta === 0) return -1; // pyimpspec: β = 0 is the original first-crossing rule
  for (let k = count - 1; k >= 0; k--) {
    const m = Math.max(0, Math.min(1, mu[k]!)); // pyimpspec clamps μ to [0, 1] here
    if (!(m < c)) break;
    const s = -log10(chi2[k]!) / pow(c - m, beta);
    if (s > bestS || best < 0) {
      best = k;
      bestS = s;
    }
  }
  return best < 0 ? -1 : best + 1;
}

/** The whole test for one spectrum. */
export function linKKReference(p: KkProblem): KkOutcome {
  const maxCoef = kkCoefCount(p, Math.max(p.maxM, p.fixedM));
  const n = p.n;
  const out: KkOutcome = {
    M: 0, mu: Number.NaN, chi2: Number.NaN, extIndex: 0, found: false, rankDeficient: false,
    coef: new Float64Array(maxCoef), tau: new Float64Array(Math.max(p.maxM, p.fixedM)),
    fittedRe: new Float64Array(n), fittedIm: new Float64Array(n), residualsRe: new Float64Array(n), residualsIm: new Float64Array(n),
    curveM: new Int32Array(0), curveMu: new Float64Array(0), curveChi2: new Float64Array(0),
  };
  const curveMu = new Float64Array(p.maxM), curveChi2 = new Float64Array(p.maxM);
  /** Scans M at one F_ext: the chosen M and how many M values were fitted (curve length). */
  const scan = (ext: number): { M: number; count: number; found: boolean } => {
    if (p.rule === KK_RULE_FIXED) {
      const r = kkFitM(p, p.fixedM, ext, out);
      curveMu[0] = r.mu;
      curveChi2[0] = r.chi2;
      return { M: p.fixedM, count: 1, found: true };
    }
    let count = 0, first = -1;
    for (let M = 1; M <= p.maxM; M++) {
      const r = kkFitM(p, M, ext, out);
      curveMu[count] = r.mu;
      curveChi2[count] = r.chi2;
      count++;
      if (r.mu < p.c && first < 0) {
        first = M;
        if (p.rule === KK_RULE_MU) break;
      }
    }
    if (p.rule === KK_RULE_SCORE) {
      const s = kkScoreChoice(curveMu, curveChi2, count, p.c, p.beta);
      if (s > 0) return { M: s, count, found: true };
    }
    return first > 0 ? { M: first, count, found: true } : { M: p.maxM, count, found: false };
  };
  let bestExt = 0;
  if (p.extensions.length > 1) {
    let bestChi2 = Infinity;
    for (let e = 0; e < p.extensions.length; e++) {
      const s = scan(p.extensions[e]!);
      const r = kkFitM(p, s.M, p.extensions[e]!, out);
      if (r.chi2 < bestChi2) {
        bestChi2 = r.chi2;
        bestExt = e;
      }
    }
  }
  const ext = p.extensions[bestExt]!;
  const s = scan(ext);
  const r = kkFitM(p, s.M, ext, out); // the chosen fit's coefficients and residuals
  out.M = s.M;
  out.mu = r.mu;
  out.chi2 = r.chi2;
  out.extIndex = bestExt;
  out.found = s.found;
  out.rankDeficient = r.rankDeficient;
  out.coef = out.coef.slice(0, kkCoefCount(p, s.M));
  out.tau = out.tau.slice(0, s.M);
  out.curveM = p.rule === KK_RULE_FIXED ? Int32Array.of(p.fixedM) : Int32Array.from({ length: s.count }, (_, k) => k + 1);
  out.curveMu = curveMu.slice(0, s.count);
  out.curveChi2 = curveChi2.slice(0, s.count);
  return out;
}
