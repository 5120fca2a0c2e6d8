/**
 * The unscaled covariance (JᵀJ)⁻¹ of the global fit's unknowns θ = [u; v_0; …] from the
 * undamped arrowhead blocks at the solution (specs/global-fit.md §3), with S₀ = U − Σ W_s V_s⁻¹ W_sᵀ:
 *   Cov(u) = S₀⁻¹, Cov(u, v_s) = −S₀⁻¹ W_s V_s⁻¹,
 *   Cov(v_s, v_t) = δ_st V_s⁻¹ + V_s⁻¹ W_sᵀ S₀⁻¹ W_t V_t⁻¹.
 * The columns are scaled to unit norm first (as ./covariance.ts does for one fit: Ω next to F).
 * Multiply by s² = χ²/ν for the covariance. Not determined (Infinity) when a column is zero or
 * a block is not numerically positive definite.
 */
import { cholesky, choleskyInverse, choleskySolve } from './cholesky.ts';
import type { ArrowheadSystem } from './global-lm.ts';

export function arrowheadCovariance(sys: ArrowheadSystem): { cov: Float64Array; determined: boolean } {
  const { G, L, at, U, W, V } = sys.blocks;
  const m = sys.m, S = L.length;
  const cov = new Float64Array(m * m);
  const c = sys.columnNorms(new Float64Array(m));
  const fail = () => ({ cov: cov.fill(Number.POSITIVE_INFINITY), determined: false });
  if (c.some((x) => !(x > 0) || !Number.isFinite(x))) return fail();
  // scaled blocks
  const Vinv: Float64Array[] = [], Ys: Float64Array[] = [];
  const S0 = new Float64Array(G * G);
  for (let a = 0; a < G; a++) for (let b = 0; b < G; b++) S0[a * G + b] = U[a * G + b]! / (c[a]! * c[b]!);
  for (let s = 0; s < S; s++) {
    const Ls = L[s]!, o = at[s]!;
    const Vs = new Float64Array(Ls * Ls), Ws = new Float64Array(G * Ls);
    for (let a = 0; a < Ls; a++) for (let b = 0; b < Ls; b++) Vs[a * Ls + b] = V[s]![a * Ls + b]! / (c[o + a]! * c[o + b]!);
    for (let a = 0; a < G; a++) for (let b = 0; b < Ls; b++) Ws[a * Ls + b] = W[s]![a * Ls + b]! / (c[a]! * c[o + b]!);
    if (!cholesky(Vs, Ls)) return fail();
    const Y = Float64Array.from(Ws); // Y_s = W_s V_s⁻¹ (G × L_s)
    for (let a = 0; a < G; a++) choleskySolve(Vs, Ls, Y, a * Ls);
    for (let a = 0; a < G; a++) {
      for (let b = 0; b < G; b++) {
        let t = 0;
        for (let k = 0; k < Ls; k++) t += Y[a * Ls + k]! * Ws[b * Ls + k]!;
        S0[a * G + b] = S0[a * G + b]! - t;
      }
    }
    Vinv.push(choleskyInverse(Vs, Ls));
    Ys.push(Y);
  }
  for (let a = 0; a < G; a++) for (let b = 0; b < a; b++) S0[a * G + b] = S0[b * G + a] = 0.5 * (S0[a * G + b]! + S0[b * G + a]!);
  const Sinv = new Float64Array(G * G);
  if (G > 0) {
    const f = Float64Array.from(S0);
    if (!cholesky(f, G)) return fail();
    Sinv.set(choleskyInverse(f, G));
  }
  // Z_s = S₀⁻¹ Y_s (G × L_s): Cov(u, v_s) = −Z_s
  const Zs = Ys.map((Y, s) => {
    const Ls = L[s]!, Z = new Float64Array(G * Ls);
    for (let a = 0; a < G; a++) for (let b = 0; b < Ls; b++) {
      let t = 0;
      for (let k = 0; k < G; k++) t += Sinv[a * G + k]! * Y[k * Ls + b]!;
      Z[a * Ls + b] = t;
    }
    return Z;
  });
  for (let a = 0; a < G; a++) for (let b = 0; b < G; b++) cov[a * m + b] = Sinv[a * G + b]!;
  for (let s = 0; s < S; s++) {
    const Ls = L[s]!, o = at[s]!, Z = Zs[s]!;
    for (let a = 0; a < G; a++) for (let b = 0; b < Ls; b++) cov[a * m + o + b] = cov[(o + b) * m + a] = -Z[a * Ls + b]!;
    for (let t = 0; t < S; t++) {
      const Lt = L[t]!, ot = at[t]!;
      // Y_sᵀ S₀⁻¹ Y_t = Y_sᵀ Z_t
      for (let a = 0; a < Ls; a++) for (let b = 0; b < Lt; b++) {
        let x = s === t ? Vinv[s]![a * Ls + b]! : 0;
        for (let k = 0; k < G; k++) x += Ys[s]![k * Ls + a]! * Zs[t]![k * Lt + b]!;
        cov[(o + a) * m + ot + b] = x;
      }
    }
  }
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) cov[a * m + b] = cov[a * m + b]! / (c[a]! * c[b]!);
  return { cov, determined: cov.every(Number.isFinite) };
}
