/**
 * Credible bands for the DRT γ (specs/drt.md §5), from a solved problem: the matrices are rebuilt
 * from the `DrtProblem` (src/reference/drt/matrices.ts) and the NNLS coefficients and λ taken
 * from the `DrtOutcome`. With H = AᵀA + λM on the fitted rows and σ̂ the standard deviation
 * (numpy's np.std, ddof 0) of the concatenated NNLS residuals b − Ax, the posterior of the
 * coefficients is N(μ, σ̂²H⁻¹), μ = H⁻¹Aᵀb (the unconstrained ridge solution):
 *
 * - 'gaussian': γ_k ± 2.576·√(b_kᵀΣb_k) about the NNLS γ with Σ = σ̂²H⁻¹ on the RBF block,
 *   clipped at 0. Approximate: it ignores x ≥ 0 and the uncertainty of λ.
 * - 'hmc': that posterior truncated to x_RBF ≥ 0, sampled by exact HMC (./hmc.ts) from the NNLS
 *   x; lower/upper are the 0.5 %/99.5 % quantiles (numpy's default linear interpolation) of
 *   γ = Bx at each τ_k, not of the coefficients as in the peers.
 *
 * Deterministic in every engine: src/math's exp, src/random.ts, no Math.* beyond sqrt/abs/max.
 */
import { EisError } from '../errors.ts';
import { exp } from '../math/index.ts';
import { buildMatrices, normalEquations } from '../reference/drt/matrices.ts';
import type { DrtOutcome, DrtProblem } from '../types/drt.ts';
import { integerOption, objectArgument, oneOfOption } from '../validate/options.ts';
import { sampleTruncatedGaussian, whiten } from './hmc.ts';

/** Validated options of a credible band. */
export interface CredibleOptions {
  method: 'gaussian' | 'hmc';
  /** HMC samples kept (default 2000, 100 … 20000) and burn-in iterations (default 500, 0 … 20000). */
  samples: number;
  burnIn: number;
  /** HMC seed (default 1). */
  seed: number;
  /** HMC wall reflections over the whole run (default ⌊HMC_WORK/N⌋; set lower by tests to reach the budget quickly). */
  maxTotalReflections?: number;
}

/** The band on the caller's ln τ grid. */
export interface CredibleBand {
  lower: Float64Array;
  upper: Float64Array;
  method: 'gaussian' | 'hmc';
  warnings: string[];
}

const CREDIBLE_KEYS = ['method', 'samples', 'burnIn', 'seed'] as const;
/** HMC samples and burn-in iterations at most (the samples are kept: 20000 × p doubles, ~13 MB at p = 83). */
export const MAX_SAMPLES = 20000;
/** The fewest HMC samples a band is given from (also the least `samples` one may ask for). */
export const MIN_SAMPLES = 100;
/** The most frequencies the HMC band takes (measured: see HMC_WORK). */
export const HMC_MAX_POINTS = 400;
/**
 * The HMC work budget: wall reflections × N over the whole run, each reflection costing O(N)
 * (the wall search and the updates of Fz, Fv). Measured in Node on a busy 2-core machine: the
 * default run (2000 + 500) on a noisy 81-point ZARC uses 1.09e6 reflections (8.8e7, 44 % of the
 * budget); a noise-free ZARC presses every trajectory to its cap of 50 + 10N reflections and would
 * need 7.6e6 reflections (~60 s) at N = 300 for 2500 iterations — with the budget it stops after
 * 219 (3.5 s, all burn-in: no band), and at N = 400 after 124 (6.6 s with the O(N³) factorisation).
 */
export const HMC_WORK = 2e8;
/** τ points whose γ samples are sorted together. */
const BLOCK = 32;
/** The 99.5 % point of the standard normal (a two-sided 99 % band). */
const Z995 = 2.576;

/**
 * The `credible` option of drt(): undefined or false → null; true → 'gaussian'; an object
 * { method?, samples?, burnIn?, seed? } → its checked values. `samples`, `burnIn` and `seed` are
 * HMC settings: given without `method` they imply 'hmc' (the issue's `{ samples?, seed? }`), and
 * beside `method: 'gaussian'` they are refused. Errors are E_ARG_TYPE / E_ARG_RANGE naming the
 * entry as `credible.samples`, `credible.method`, ….
 */
export function credibleOptions(value: unknown): CredibleOptions | null {
  if (value === undefined || value === false) return null;
  const dflt: CredibleOptions = { method: 'gaussian', samples: 2000, burnIn: 500, seed: 1 };
  if (value === true) return dflt;
  const o = objectArgument('credible', value, 'true, false or { method?, samples?, burnIn?, seed? }');
  // the entries under their full names, so that every message and details.argument says `credible.…`
  const q: Record<string, unknown> = {};
  for (const key of Object.keys(o)) {
    if (!(CREDIBLE_KEYS as readonly string[]).includes(key)) {
      throw new EisError('E_ARG_RANGE', `invalid option. Unknown option \`credible.${key}\`; the entries of \`credible\` are ${CREDIBLE_KEYS.join(', ')}.`, { argument: `credible.${key}` });
    }
    q[`credible.${key}`] = o[key];
  }
  const hmcOnly = (['samples', 'burnIn', 'seed'] as const).filter((k) => o[k] !== undefined);
  const method = oneOfOption(q, 'credible.method', ['gaussian', 'hmc'] as const, hmcOnly.length > 0 ? 'hmc' : 'gaussian');
  if (method === 'gaussian' && hmcOnly.length > 0) {
    const k = hmcOnly[0]!;
    throw new EisError('E_ARG_RANGE', `invalid option. \`credible.${k}\` is a setting of the HMC sampler, but \`credible.method\` is 'gaussian' (a closed-form band, no samples): drop it, or ask for method 'hmc'.`, { argument: `credible.${k}`, value: o[k] });
  }
  return {
    method,
    samples: integerOption(q, 'credible.samples', dflt.samples, MIN_SAMPLES, MAX_SAMPLES),
    burnIn: integerOption(q, 'credible.burnIn', dflt.burnIn, 0, MAX_SAMPLES),
    seed: integerOption(q, 'credible.seed', dflt.seed, 0, 0xffffffff),
  };
}

/**
 * `credible: { method: 'hmc' }` on a problem of N frequencies: refused above HMC_MAX_POINTS
 * (E_ARG_RANGE naming `name`, before any computation).
 */
export function checkHmcPoints(n: number, name: string): void {
  if (n > HMC_MAX_POINTS) {
    throw new EisError('E_ARG_RANGE', `invalid option. The HMC credible band takes at most ${HMC_MAX_POINTS} frequencies (each of its trajectories costs O(N²) and may hit O(N) walls); \`${name}\` has ${n} in the window. Crop it with fmin/fmax, thin it, or ask for the 'gaussian' band.`, { argument: 'credible.method', spectrum: name, points: n, limit: HMC_MAX_POINTS });
  }
}

/** The credible band of γ at the points `lnTau` (see the module comment). */
export function credibleBand(problem: DrtProblem, outcome: DrtOutcome, lnTau: Float64Array, options: CredibleOptions): CredibleBand {
  if (options.method !== 'gaussian' && options.method !== 'hmc') {
    throw new EisError('E_ARG_RANGE', `invalid option. \`credible.method\` must be 'gaussian' or 'hmc'; got ${String(options.method)}.`, { argument: 'credible.method', value: options.method });
  }
  const pr = problem;
  const n = pr.freq.length;
  const mx = buildMatrices(pr.freq, pr.re, pr.im, { rbfShape: pr.rbfShape, penalty: pr.penalty, inductance: pr.inductance, build: pr.build, mode: pr.mode });
  const p = mx.p;
  if (p !== outcome.p || n !== outcome.n) {
    throw new EisError('E_INTERNAL', `internal error. The DRT outcome has ${outcome.p} columns but its problem builds ${p}.`, { argument: 'outcome' });
  }
  const [row0, row1] = pr.mode === 'real' ? [0, n] : pr.mode === 'imag' ? [n, 2 * n] : [0, 2 * n];
  const { g, c } = normalEquations(mx.a, mx.b, p, row0, row1);
  const h = new Float64Array(p * p);
  for (let i = 0; i < p * p; i++) h[i] = g[i]! + outcome.lambda * mx.m[i]!;
  const x = outcome.x;
  // σ̂: std (ddof 0) of the NNLS residuals on the fitted rows
  const rows = row1 - row0;
  const res = new Float64Array(rows);
  let mean = 0;
  for (let r = row0; r < row1; r++) {
    let v = mx.b[r]!;
    for (let j = 0; j < p; j++) v -= mx.a[r * p + j]! * x[j]!;
    res[r - row0] = v;
    mean += v;
  }
  mean /= rows;
  let ss = 0;
  for (let r = 0; r < rows; r++) ss += (res[r]! - mean) * (res[r]! - mean);
  const sigma = Math.sqrt(ss / rows);
  // γ = Bx on the caller's grid, B_km = exp(−ε²(ln τ_k − y_m)²)
  const kk = lnTau.length;
  const e2 = outcome.epsilon * outcome.epsilon;
  // RBFs farther than 8.6/ε are < e^{−74} ≈ 1e-32 of their coefficient and skipped, as in
  // solve.ts's assemble(): row k of B is nonzero on the RBFs from[k] ≤ m < to[k] only
  const cut = (8.6 * 8.6) / e2;
  const bm = new Float64Array(kk * n);
  const from = new Int32Array(kk), to = new Int32Array(kk);
  const gamma = new Float64Array(kk);
  for (let k = 0; k < kk; k++) {
    let s = 0, lo = n, hi = 0;
    for (let m = 0; m < n; m++) {
      const dy = lnTau[k]! - outcome.y[m]!;
      if (dy * dy >= cut) continue;
      const v = exp(-e2 * dy * dy);
      bm[k * n + m] = v;
      s += v * x[m]!;
      if (m < lo) lo = m;
      hi = m + 1;
    }
    gamma[k] = s;
    from[k] = lo;
    to[k] = hi;
  }
  const warnings: string[] = [];
  const lower = new Float64Array(kk), upper = new Float64Array(kk);
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    warnings.push('Credible band: the residuals are all equal (an exact fit), so the band has zero width.');
    for (let k = 0; k < kk; k++) lower[k] = upper[k] = Math.max(gamma[k]!, 0);
    return { lower, upper, method: options.method, warnings };
  }
  // precision H/σ̂²
  const prec = new Float64Array(p * p);
  const is2 = 1 / (sigma * sigma);
  for (let i = 0; i < p * p; i++) prec[i] = h[i]! * is2;
  if (options.method === 'gaussian') {
    const w = whiten(prec, p);
    if (w === null) {
      warnings.push('Credible band: H = AᵀA + λM is not positive definite even with a jitter; no band.');
      lower.fill(Number.NaN);
      upper.fill(Number.NaN);
      return { lower, upper, method: 'gaussian', warnings };
    }
    for (const s of w.warnings) warnings.push(s);
    // b_kᵀΣb_k = ‖Lᵀb_k‖² over the RBF rows of L (upper triangular: row m has columns ≥ m)
    const t = new Float64Array(p);
    for (let k = 0; k < kk; k++) {
      t.fill(0);
      for (let m = from[k]!; m < to[k]!; m++) {
        const bv = bm[k * n + m]!;
        for (let j = m; j < p; j++) t[j] = t[j]! + bv * w.l[m * p + j]!;
      }
      let q = 0;
      for (let j = 0; j < p; j++) q += t[j]! * t[j]!;
      const half = Z995 * Math.sqrt(q);
      lower[k] = Math.max(gamma[k]! - half, 0);
      upper[k] = Math.max(gamma[k]! + half, 0);
    }
    warnings.push('Credible band (gaussian) is approximate: it ignores γ ≥ 0 and the uncertainty of λ.');
    return { lower, upper, method: 'gaussian', warnings };
  }
  // HMC: μ = H⁻¹Aᵀb, truncated to x_RBF ≥ 0
  const mu = ridgeMean(h, c, p);
  if (mu === null) {
    warnings.push('Credible band: H = AᵀA + λM could not be factored; no band.');
    lower.fill(Number.NaN);
    upper.fill(Number.NaN);
    return { lower, upper, method: 'hmc', warnings };
  }
  const maxTotalReflections = options.maxTotalReflections ?? Math.floor(HMC_WORK / n);
  const smp = sampleTruncatedGaussian(mu, prec, p, n, x, { samples: options.samples, burnIn: options.burnIn, seed: options.seed, maxTotalReflections });
  if (smp === null) {
    warnings.push('Credible band: the posterior precision is not positive definite even with a jitter; no band.');
    lower.fill(Number.NaN);
    upper.fill(Number.NaN);
    return { lower, upper, method: 'hmc', warnings };
  }
  for (const s of smp.warnings) warnings.push(s);
  const ns = smp.drawn;
  if (ns < MIN_SAMPLES) {
    warnings.push(`Credible band: only ${ns} HMC samples were drawn within the work budget, fewer than the ${MIN_SAMPLES} a band needs; no band. Use the 'gaussian' band, crop the spectrum, or lower credible.burnIn.`);
    lower.fill(Number.NaN);
    upper.fill(Number.NaN);
    return { lower, upper, method: 'hmc', warnings };
  }
  // γ of every sample at τ_k, then its quantiles, a block of τ at a time (memory ns × BLOCK)
  const gs = new Float64Array(ns * BLOCK);
  for (let k0 = 0; k0 < kk; k0 += BLOCK) {
    const k1 = Math.min(k0 + BLOCK, kk);
    for (let s = 0; s < ns; s++) {
      const xs = s * p;
      for (let k = k0; k < k1; k++) {
        let v = 0;
        for (let m = from[k]!; m < to[k]!; m++) v += bm[k * n + m]! * smp.x[xs + m]!;
        gs[(k - k0) * ns + s] = v;
      }
    }
    for (let k = k0; k < k1; k++) {
      const col = gs.subarray((k - k0) * ns, (k - k0 + 1) * ns);
      col.sort();
      lower[k] = Math.max(quantile(col, 0.005), 0);
      upper[k] = Math.max(quantile(col, 0.995), 0);
    }
  }
  return { lower, upper, method: 'hmc', warnings };
}

/** numpy's default quantile (linear interpolation at (n − 1)q) of sorted values. */
export function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const i = Math.floor(pos), f = pos - i;
  return i + 1 < sorted.length ? sorted[i]! + f * (sorted[i + 1]! - sorted[i]!) : sorted[i]!;
}

/** H⁻¹c by a scaled Cholesky solve, or null when H is not positive definite. */
function ridgeMean(h: Float64Array, c: Float64Array, p: number): Float64Array | null {
  const w = whiten(h, p);
  if (w === null) return null;
  // H⁻¹ = LLᵀ: μ = L(Lᵀc)
  const t = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i <= j; i++) s += w.l[i * p + j]! * c[i]!;
    t[j] = s;
  }
  const mu = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let j = i; j < p; j++) s += w.l[i * p + j]! * t[j]!;
    mu[i] = s;
  }
  return mu;
}
