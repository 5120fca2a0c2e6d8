/**
 * Exact Hamiltonian Monte Carlo for a Gaussian truncated to x_i ≥ 0 on its first `constrained`
 * coordinates (Pakman & Paninski, "Exact Hamiltonian Monte Carlo for truncated multivariate
 * Gaussians", J. Comput. Graph. Stat. 23 (2014) 518), as specs/drt.md §5 uses it for the DRT's
 * credible band. Whitened coordinates x = μ + Lz (LLᵀ = Σ = P⁻¹); each iteration draws v ~ N(0, I)
 * and follows z(t) = z·cos t + v·sin t for time π/2; wall i is f_iᵀz + μ_i ≥ 0 (f_i = row i of L),
 * i.e. u_i·cos(t − φ_i) + μ_i ≥ 0 with u_i = √(a_i² + b_i²), φ_i = atan2(b_i, a_i), a = Fz,
 * b = Fv; the first exit time is φ_i + acos(−μ_i/u_i) (mod 2π), where the velocity is reflected
 * about f_i. Only cos t and sin t of the exit times are needed, and they follow from a, b, μ by
 * the angle-sum formulas, so the trajectories use +, ×, / and the correctly rounded Math.sqrt only;
 * with the seeded src/random.ts (src/math's log, sin, cos) the draws are the same bits in every
 * engine. Every loop is bounded: a trajectory pressed against a wall (a mean far beyond it) can
 * hop along it many times, so reflections are capped per trajectory (it then stops on the wall,
 * with a warning).
 */
import { Random } from '../random.ts';
import { cholesky } from '../reference/dense-cholesky.ts';

/** Relative diagonal jitters tried in turn when the scaled precision is not positive definite. */
const JITTER = [1e-12, 1e-10, 1e-8, 1e-6, 1e-4];

/** A factor L (p × p, row-major, LLᵀ = P⁻¹) of the covariance from the precision P. */
export interface Whitening {
  /** L = D·R̃⁻ᵀ where D = diag(P)^−½ and R̃R̃ᵀ = DPD (upper triangular). */
  l: Float64Array;
  /** The diagonal jitter added to DPD (0 when the Cholesky factorisation succeeded at once). */
  jitter: number;
  warnings: string[];
}

/**
 * Symmetrises P, scales it to unit diagonal (the DRT's L column spreads diag(P) over ~1e14,
 * pyDRTtools #6) and factors it, adding a diagonal jitter 1e-12, 1e-10, …, 1e-4 if the
 * factorisation fails (§5.1). Returns null when even the largest jitter fails.
 */
export function whiten(precision: Float64Array, p: number): Whitening | null {
  const d = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const v = precision[i * p + i]!;
    d[i] = v > 0 ? 1 / Math.sqrt(v) : 1;
  }
  const s = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) s[i * p + j] = 0.5 * (precision[i * p + j]! + precision[j * p + i]!) * d[i]! * d[j]!;
  }
  const r = new Float64Array(p * p);
  let jitter = 0;
  const warnings: string[] = [];
  for (let k = 0; ; k++) {
    if (cholesky(s, p, null, p, r, 0)) break;
    if (k === JITTER.length) return null;
    for (let i = 0; i < p; i++) s[i * p + i] = s[i * p + i]! - jitter + JITTER[k]!;
    jitter = JITTER[k]!;
  }
  if (jitter > 0) warnings.push(`The posterior precision was not positive definite; a diagonal jitter of ${jitter.toExponential(0)} (relative) was added.`);
  // R̃⁻¹ (lower triangular) column by column, then L[i][j] = d_i·(R̃⁻¹)[j][i]
  const inv = new Float64Array(p * p);
  for (let c = 0; c < p; c++) {
    for (let i = c; i < p; i++) {
      let v = i === c ? 1 : 0;
      for (let t = c; t < i; t++) v -= r[i * p + t]! * inv[t * p + c]!;
      inv[i * p + c] = v / r[i * p + i]!;
    }
  }
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = i; j < p; j++) l[i * p + j] = d[i]! * inv[j * p + i]!;
  return { l, jitter, warnings };
}

/** Options of {@link sampleTruncatedGaussian}. */
export interface TmgOptions {
  /** Samples kept (after the burn-in). */
  samples: number;
  /** Iterations discarded first. */
  burnIn: number;
  /** Seed of the PRNG. */
  seed: number;
  /** Wall reflections allowed per trajectory (default 50 + 10·constrained); the trajectory stops at the wall when reached. */
  maxReflections?: number;
  /**
   * Wall reflections allowed over the whole run (default unlimited): when they are used up, the
   * trajectory under way stops there and the run ends after that iteration, with fewer samples
   * (`drawn`) and a warning saying how many.
   */
  maxTotalReflections?: number;
}

/** The samples and what the sampler did. */
export interface TmgResult {
  /** drawn × p, row-major. */
  x: Float64Array;
  /** Samples kept: `samples`, or fewer when the run ended at `maxTotalReflections` (0 if that was in the burn-in). */
  drawn: number;
  /** Total wall reflections, and trajectories cut short at the reflection cap. */
  reflections: number;
  capped: number;
  warnings: string[];
}

/**
 * Samples N(μ, P⁻¹) truncated to x_i ≥ 0 for i < `constrained` by exact HMC, starting at `start`
 * (moved into the interior by 1e-6 of each coordinate's standard deviation where it lies on or
 * beyond a wall). Returns null when the precision cannot be factored.
 */
export function sampleTruncatedGaussian(mu: Float64Array, precision: Float64Array, p: number, constrained: number, start: Float64Array, o: TmgOptions): TmgResult | null {
  const w = whiten(precision, p);
  if (w === null) return null;
  const { l } = w;
  const warnings = w.warnings.slice();
  const n = constrained;
  const maxRefl = o.maxReflections ?? 50 + 10 * n;
  const budget = o.maxTotalReflections ?? Number.POSITIVE_INFINITY;
  // Σ_ij = f_i·f_j for the walls (reflections update b = Fv in O(n))
  const sig = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let v = 0;
      for (let k = j; k < p; k++) v += l[i * p + k]! * l[j * p + k]!;
      sig[i * n + j] = v;
      sig[j * n + i] = v;
    }
  }
  // start: z = L⁻¹(x0 − μ) by back substitution (L upper triangular)
  const dx = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let x0 = start[i]!;
    if (i < n) x0 = Math.max(x0, 1e-6 * Math.sqrt(sig[i * n + i]!));
    dx[i] = x0 - mu[i]!;
  }
  const z = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let v = dx[i]!;
    for (let k = i + 1; k < p; k++) v -= l[i * p + k]! * z[k]!;
    z[i] = v / l[i * p + i]!;
  }
  const rng = new Random(o.seed);
  const v = new Float64Array(p);
  const a = new Float64Array(n), b = new Float64Array(n);
  const out = new Float64Array(o.samples * p);
  let reflections = 0, capped = 0, iterations = 0;
  const total = o.burnIn + o.samples;
  for (let it = 0; it < total && reflections < budget; it++) {
    iterations++;
    for (let k = 0; k < p; k++) v[k] = rng.normal();
    for (let i = 0; i < n; i++) {
      let sa = 0, sb = 0;
      for (let k = i; k < p; k++) {
        sa += l[i * p + k]! * z[k]!;
        sb += l[i * p + k]! * v[k]!;
      }
      a[i] = sa;
      b[i] = sb;
    }
    // the time left on the trajectory, as (cos, sin) of it: π/2 at the start
    let cl = 0, sl = 1;
    for (let refl = 0; ; refl++) {
      // the first wall the trajectory leaves through within the time left
      // On [0, left ≤ π/2] cos t ∈ [cos left, 1] and sin t ∈ [0, sin left]: a wall whose lower
      // bound g + min(a, a·cos left) + min(0, b·sin left) is > 0 cannot be hit (no trig needed).
      // Otherwise the exit time t = φ + ψ, ψ = acos(−g/u), has cos t = (a·c − b·s)/u and
      // sin t = (b·c + a·s)/u (c = −g/u, s = √(1 − c²)); walls are compared by tan(t/2) on
      // [0, π/2]. Only (cos t, sin t) of the winner is needed, so the loop is trig-free.
      let best = sl / (1 + cl), wall = -1, bestSin = 0, bestCos = 1;
      for (let i = 0; i < n; i++) {
        const ai = a[i]!, bi = b[i]!, g = mu[i]!;
        if (g + Math.min(ai, ai * cl) + Math.min(0, bi * sl) > 0) continue;
        let h: number, sinT: number, cosT: number;
        if (bi < 0 && ai + g <= 1e-14 * (Math.abs(g) + Math.abs(ai) + Math.abs(bi))) {
          h = 0; // on (or, by rounding, beyond) the wall and moving out: reflect now
          sinT = 0;
          cosT = 1;
        } else {
          const u = Math.sqrt(ai * ai + bi * bi);
          if (!(u > 0)) continue;
          const c = -g / u;
          if (c >= 1 || c <= -1) continue; // never reaches the wall (or never feasible)
          const sq = Math.sqrt(1 - c * c);
          cosT = (ai * c - bi * sq) / u;
          sinT = (bi * c + ai * sq) / u;
          if (sinT < 0 || cosT < 0) continue; // beyond π/2
          h = sinT / (1 + cosT);
        }
        if (h < best) {
          best = h;
          wall = i;
          bestSin = sinT;
          bestCos = cosT;
        }
      }
      const ct = wall < 0 ? cl : bestCos, st = wall < 0 ? sl : bestSin;
      for (let k = 0; k < p; k++) {
        const zk = z[k]!, vk = v[k]!;
        z[k] = zk * ct + vk * st;
        v[k] = vk * ct - zk * st;
      }
      if (wall < 0) break;
      for (let i = 0; i < n; i++) {
        const ai = a[i]!, bi = b[i]!;
        a[i] = ai * ct + bi * st;
        b[i] = bi * ct - ai * st;
      }
      // reflect the velocity about f_wall: v ← v − 2(f·v)/(f·f)·f
      const q = (2 * b[wall]!) / sig[wall * n + wall]!;
      for (let k = wall; k < p; k++) v[k] = v[k]! - q * l[wall * p + k]!;
      for (let i = 0; i < n; i++) b[i] = b[i]! - q * sig[i * n + wall]!;
      reflections++;
      // the time left minus t, by the angle-difference formulas
      const c2 = cl * ct + sl * st, s2 = sl * ct - cl * st;
      cl = c2;
      sl = Math.max(s2, 0);
      if (refl + 1 >= maxRefl || reflections >= budget) {
        if (refl + 1 >= maxRefl) capped++;
        break;
      }
    }
    if (it >= o.burnIn) {
      const row = (it - o.burnIn) * p;
      for (let i = 0; i < p; i++) {
        let s = mu[i]!;
        for (let k = i; k < p; k++) s += l[i * p + k]! * z[k]!;
        out[row + i] = s;
      }
    }
  }
  if (capped > 0) warnings.push(`HMC: ${capped} of ${iterations} trajectories stopped at the cap of ${maxRefl} wall reflections; the band may be too narrow.`);
  const drawn = Math.max(iterations - o.burnIn, 0);
  if (iterations < total) {
    warnings.push(`HMC: the work budget of ${budget} wall reflections over the run was used up after ${iterations} of ${total} iterations (${o.burnIn} burn-in); ${drawn} of the ${o.samples} samples asked for were drawn.`);
  }
  return { x: drawn < o.samples ? out.slice(0, drawn * p) : out, drawn, reflections, capped, warnings };
}
