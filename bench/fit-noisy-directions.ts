/**
 * Issue 14's directions measured before anyone builds them (Node, TS reference, counts only).
 *
 * A measurement prototype, not the product algorithm: the loop of src/reference/lm.ts copied
 * with three knobs, on the noisy pellet batch of bench/fit-noisy-bench.ts and on impedance.py's
 * exampleData fit:
 *   - λ₀: the initial damping (before issue 14 ALGORITHM.LAMBDA0 = 1e-3 for every start);
 *   - ε: the statistical stop — stop when the Gauss–Newton gain ‖(Qᵀr)₁‖² (the predicted
 *     reduction of the undamped step) falls below ε·χ²/ν; ftol/xtol/gtol stay as backstops;
 *   - a bound-aware second phase: once an accepted step lowers χ² by less than `switchAt`·χ²/ν,
 *     the resistances (unit Ohm, bounds [0, ∞)) continue in natural units, each step projected
 *     onto R ≥ 0, a resistance at 0 whose gradient points outward held for that step (active
 *     set), the other parameters still in ln/logit; Moré scaling per natural column. Phase B
 *     solves the damped normal equations by Cholesky (m ≤ 7 here) and has no step extension —
 *     a production version would keep the QR of assembly/lm.ts and the extension.
 * The copy is deliberate (the duplicate finder pairs it with src/reference/lm.ts): it measures
 * variants the product loop does not have, and the product loop must not grow knobs for a
 * measurement. Directions 1 and 2 (λ₀, ε) are in the product loop since issue 14
 * (src/reference/lm.ts, assembly/lm-loop.ts); delete this file when the bound-aware phase B lands
 * there too; its measurements are in bench/README.md.
 * Phase A with λ₀ = 1e-3, ε = 0 and no phase B is the algorithm before issue 14 ("today" below);
 * phase A with λ₀ = 1e-6 and ε = 1e-4 is the product's for these automatic starts: its counts
 * are checked against the WASM fits (fitBatch) and printed. χ² of every variant is compared with
 * "today"'s, in units of s² = χ²/ν, and with χ² at the true parameters.
 *
 * Run: npx esbuild bench/fit-noisy-directions.ts --bundle --format=esm --platform=node
 *      --target=node20 --outfile=dist/bench.fit-directions.mjs && node dist/bench.fit-directions.mjs
 * (about 1 minute; the TS reference is slow, the counts do not depend on the machine).
 */
import { fitBatch, init, logFrequencies, parseCircuit, simulate, type Circuit } from '../src/index.ts';
import { buildProblem } from '../src/fit/problem.ts';
import { spectrumResiduals } from '../src/reference/fit.ts';
import { evaluateReference } from '../src/reference/evaluate.ts';
import { EXTEND_MAX, EXTEND_MIN, LAMBDA_MAX, type LsqProblem, qrModel, RHO_ACCEPT } from '../src/reference/lm.ts';
import { derivative, toExternal } from '../src/reference/transform.ts';
import { BOUND } from '../src/abi/descriptor.ts';
import tv from '../test/fixtures/impedancepy/test-vectors.json';
import { pelletSet } from './fit-bench.ts';

type Problem = ReturnType<typeof buildProblem>;
interface Knobs {
  lambda0: number;
  eps: number;
  /** Switch to phase B after an accepted step lowering χ² by less than this·s²; 0: never. */
  switchAt: number;
  lambdaB: number;
}
interface Outcome {
  chi2: number;
  nfev: number;
  njev: number;
  status: number;
  phaseB: boolean;
  params: number[];
}

/** Cholesky solve of the m × m symmetric positive definite A x = b; false when A is not SPD. */
function choleskySolve(A: Float64Array, b: Float64Array, m: number, x: Float64Array): boolean {
  const L = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * m + j]!;
      for (let k = 0; k < j; k++) s -= L[i * m + k]! * L[j * m + k]!;
      if (i === j) {
        if (!(s > 0)) return false;
        L[i * m + i] = Math.sqrt(s);
      } else L[i * m + j] = s / L[j * m + j]!;
    }
  }
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * m + k]! * y[k]!;
    y[i] = s / L[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < m; k++) s -= L[k * m + i]! * x[k]!;
    x[i] = s / L[i * m + i]!;
  }
  return x.every(Number.isFinite);
}

function runFit(circuit: Circuit, pr: Problem, kn: Knobs): Outcome {
  const program = circuit.kernelProgram;
  const { p, fillResiduals, fillJacobian, grid } = spectrumResiduals(program, pr);
  const m = pr.free.length, N = 2 * pr.n, dof = N - m;
  const fromU = (u: Float64Array) => {
    p.set(pr.params);
    for (let k = 0; k < m; k++) p[pr.free[k]!] = toExternal(u[k]!, pr.lower[k]!, pr.upper[k]!, pr.kinds[k]!);
  };
  const problem: LsqProblem = {
    m, n: N, logScale: Uint8Array.from(pr.kinds, (k) => (k === BOUND.NONE ? 0 : 1)),
    residuals(u, r) {
      fromU(u);
      return fillResiduals(evaluateReference(program, p, grid), r);
    },
    jacobian(u, r, j) {
      fromU(u);
      const z = evaluateReference(program, p, grid, { jacobian: true });
      return fillResiduals(z, r) && fillJacobian(z.jre!, z.jim!, j, false);
    },
  };
  // ---- phase A: src/reference/lm.ts's lmLoop, with λ₀, ε and the switch ----
  const model = qrModel(problem);
  const u = Float64Array.from(pr.u0);
  const delta = new Float64Array(m), uNew = new Float64Array(m), uExt = new Float64Array(m), d = new Float64Array(m), gn = new Float64Array(m);
  let nfev = 0, njev = 1, status = 0;
  let chi2 = model.factorise(u, d);
  let lambda = kn.lambda0, nu = 2, phaseB = false;
  while (nfev + njev < pr.maxEvaluations) {
    if (chi2 === 0 || model.gradientMax(chi2) <= pr.gtol) {
      status = 1;
      break;
    }
    if (kn.eps > 0 && model.step(0, d, gn) < (kn.eps / dof) * chi2) { // the product's rounding (floor·χ²)
      status = 6; // statistical stop
      break;
    }
    const predicted = model.step(lambda, d, delta);
    for (let k = 0; k < m; k++) uNew[k] = u[k]! + delta[k]!;
    let rho = -1, chi2New = Number.POSITIVE_INFINITY;
    nfev++;
    if (delta.every(Number.isFinite)) {
      chi2New = model.trial(uNew);
      if (chi2New !== Number.POSITIVE_INFINITY && predicted > 0) rho = (chi2 - chi2New) / predicted;
    }
    if (rho > RHO_ACCEPT) {
      const slope = model.slope(delta), curv = chi2New - chi2 - slope;
      const alpha = curv > 0 ? -slope / (2 * curv) : Number.POSITIVE_INFINITY;
      if (alpha >= EXTEND_MIN && nfev + njev + 1 < pr.maxEvaluations) {
        const t = Math.min(alpha, EXTEND_MAX);
        for (let k = 0; k < m; k++) uExt[k] = u[k]! + t * delta[k]!;
        nfev++;
        const ce = model.trial(uExt);
        if (ce < chi2New) {
          chi2New = ce;
          for (let k = 0; k < m; k++) delta[k] = t * delta[k]!;
          uNew.set(uExt);
        }
      }
      const reduction = chi2 - chi2New;
      let dStep = 0, dU = 0;
      for (let k = 0; k < m; k++) {
        dStep += (d[k]! * delta[k]!) ** 2;
        dU += (d[k]! * u[k]!) ** 2;
      }
      u.set(uNew);
      njev++;
      chi2 = model.factorise(u, d);
      const g = 2 * rho - 1;
      lambda *= Math.max(1 / 3, 1 - g * g * g);
      nu = 2;
      if (reduction <= pr.ftol * (chi2 + reduction) || Math.sqrt(dStep) <= pr.xtol * (Math.sqrt(dU) + pr.xtol)) {
        status = 2;
        break;
      }
      if (kn.switchAt > 0 && reduction < (kn.switchAt * chi2) / dof) {
        phaseB = true;
        break;
      }
    } else {
      lambda *= nu;
      nu *= 2;
      if (lambda > LAMBDA_MAX) {
        status = 5;
        break;
      }
    }
  }
  fromU(u);
  if (!phaseB) return { chi2, nfev, njev, status, phaseB, params: Array.from(p) };

  // ---- phase B: resistances in natural units, projected onto R ≥ 0 ----
  const isR = Array.from({ length: m }, (_, k) => circuit.units[pr.free[k]!] === 'Ohm' && pr.kinds[k] === BOUND.LOWER && pr.lower[k] === 0);
  const x = Float64Array.from(u, (v, k) => (isR[k] ? toExternal(v, pr.lower[k]!, pr.upper[k]!, pr.kinds[k]!) : v));
  const fromX = (xx: Float64Array) => {
    p.set(pr.params);
    for (let k = 0; k < m; k++) p[pr.free[k]!] = isR[k] ? xx[k]! : toExternal(xx[k]!, pr.lower[k]!, pr.upper[k]!, pr.kinds[k]!);
  };
  const r = new Float64Array(N), rTrial = new Float64Array(N), J = new Float64Array(N * m);
  const sumsq = (a: Float64Array) => a.reduce((s, v) => s + v * v, 0);
  const evalJ = (xx: Float64Array) => {
    fromX(xx);
    const z = evaluateReference(program, p, grid, { jacobian: true });
    fillResiduals(z, r);
    fillJacobian(z.jre!, z.jim!, J, true); // ∂r/∂p; the non-resistance columns go back to ∂r/∂u
    for (let k = 0; k < m; k++) {
      if (isR[k]) continue;
      const dp = derivative(p[pr.free[k]!]!, pr.lower[k]!, pr.upper[k]!, pr.kinds[k]!);
      for (let i = 0; i < N; i++) J[i * m + k] = J[i * m + k]! * dp;
    }
    return sumsq(r);
  };
  const evalR = (xx: Float64Array) => {
    fromX(xx);
    const ok = fillResiduals(evaluateReference(program, p, grid), rTrial);
    return ok ? sumsq(rTrial) : Number.POSITIVE_INFINITY;
  };
  chi2 = evalJ(x);
  njev++;
  const D = new Float64Array(m), JtJ = new Float64Array(m * m), grad = new Float64Array(m);
  const A = new Float64Array(m * m), b = new Float64Array(m), dx = new Float64Array(m), xNew = new Float64Array(m);
  const normal = () => {
    JtJ.fill(0);
    grad.fill(0);
    for (let i = 0; i < N; i++) {
      for (let a = 0; a < m; a++) {
        const ja = J[i * m + a]!;
        grad[a] = grad[a]! + ja * r[i]!;
        for (let q = 0; q <= a; q++) JtJ[a * m + q] = JtJ[a * m + q]! + ja * J[i * m + q]!;
      }
    }
    for (let a = 0; a < m; a++) for (let q = 0; q < a; q++) JtJ[q * m + a] = JtJ[a * m + q]!;
    let shared = 0;
    for (let k = 0; k < m; k++) if (!isR[k]) shared = Math.max(shared, Math.sqrt(JtJ[k * m + k]!));
    for (let k = 0; k < m; k++) D[k] = Math.max(D[k]!, isR[k] ? Math.sqrt(JtJ[k * m + k]!) : shared);
  };
  normal();
  /** δ of min ‖r + Jδ‖² + λ‖Dδ‖² over the parameters not held at R = 0 (gradient pointing outward). */
  const step = (lam: number, out: Float64Array) => {
    for (let a = 0; a < m; a++) {
      const heldA = isR[a] && x[a]! <= 0 && grad[a]! > 0;
      b[a] = heldA ? 0 : -grad[a]!;
      for (let q = 0; q < m; q++) {
        const heldQ = isR[q] && x[q]! <= 0 && grad[q]! > 0;
        A[a * m + q] = heldA || heldQ ? (a === q ? 1 : 0) : JtJ[a * m + q]! + (a === q ? lam * D[a]! * D[a]! : 0);
      }
    }
    return choleskySolve(A, b, m, out);
  };
  lambda = kn.lambdaB;
  nu = 2;
  status = 0;
  while (nfev + njev < pr.maxEvaluations) {
    if (kn.eps > 0 && step(0, dx)) {
      let gain = 0;
      for (let k = 0; k < m; k++) gain -= grad[k]! * dx[k]!; // Gauss–Newton gain −gᵀδ_GN = ‖(Qᵀr)₁‖²
      if (gain < (kn.eps * chi2) / dof) {
        status = 6;
        break;
      }
    }
    if (!step(lambda, dx)) {
      lambda *= nu;
      nu *= 2;
      continue;
    }
    for (let k = 0; k < m; k++) {
      xNew[k] = isR[k] ? Math.max(0, x[k]! + dx[k]!) : x[k]! + dx[k]!;
      dx[k] = xNew[k]! - x[k]!;
    }
    let quad = 0; // the linear model's reduction for the projected step: −(2gᵀδ + δᵀJᵀJδ)
    for (let a = 0; a < m; a++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += JtJ[a * m + k]! * dx[k]!;
      quad += dx[a]! * (2 * grad[a]! + s);
    }
    nfev++;
    const chi2New = evalR(xNew);
    const rho = -quad > 0 && chi2New < Number.POSITIVE_INFINITY ? (chi2 - chi2New) / -quad : -1;
    if (rho > RHO_ACCEPT) {
      const reduction = chi2 - chi2New;
      x.set(xNew);
      chi2 = evalJ(x);
      njev++;
      normal();
      const g = 2 * rho - 1;
      lambda *= Math.max(1 / 3, 1 - g * g * g);
      nu = 2;
      if (reduction <= pr.ftol * (chi2 + reduction)) {
        status = 2;
        break;
      }
    } else {
      lambda *= nu;
      nu *= 2;
      if (lambda > LAMBDA_MAX) {
        status = 5;
        break;
      }
    }
  }
  fromX(x);
  return { chi2, nfev, njev, status, phaseB, params: Array.from(p) };
}

const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => {
  const s = sorted(xs), h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

await init();
// the noisy pellet batch of bench/fit-noisy-bench.ts
const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
const freq = logFrequencies(1e6, 1, 61);
const { truths } = pelletSet(1000);
const spectra = truths.map((t, k) => simulate(c, freq, t, { noise: 0.005, seed: 1000 + k }));
const problems = spectra.map((s) => buildProblem(c, s, {}));
const dof = 2 * freq.length - 6;
const chi2True = spectra.map((s, k) => {
  const z = c.impedance(s.freq, truths[k]!);
  let x = 0;
  for (let i = 0; i < s.freq.length; i++) {
    const sg = Math.hypot(s.re[i]!, s.im[i]!);
    x += ((s.re[i]! - z.re[i]!) / sg) ** 2 + ((s.im[i]! - z.im[i]!) / sg) ** 2;
  }
  return x;
});
const today: Knobs = { lambda0: 1e-3, eps: 0, switchAt: 0, lambdaB: 0 };
const base = problems.map((pr) => runFit(c, pr, today));
const wasm = await fitBatch(c, spectra);
const product = problems.map((pr) => runFit(c, pr, { ...today, lambda0: 1e-6, eps: 1e-4 }));
const same = wasm.filter((w, k) => w.njev === product[k]!.njev && w.nfev === product[k]!.nfev).length;
const r0Zero = base.map((b, k) => b.params[0]! < 0.05 * truths[k]![0]!);

const variants: [string, Knobs][] = [
  ['today (λ₀ 1e-3)', today],
  ['λ₀ 1e-4', { ...today, lambda0: 1e-4 }],
  ['λ₀ 1e-6', { ...today, lambda0: 1e-6 }],
  ['statistical stop ε = 1e-4', { ...today, eps: 1e-4 }],
  ['statistical stop ε = 1e-2', { ...today, eps: 1e-2 }],
  ['λ₀ 1e-6 + stop ε = 1e-4', { ...today, lambda0: 1e-6, eps: 1e-4 }],
  ['phase B (switch < 10·s², λ_B 1e-3)', { lambda0: 1e-3, eps: 0, switchAt: 10, lambdaB: 1e-3 }],
  ['λ₀ 1e-6 + phase B (10·s², λ_B 1e-6)', { lambda0: 1e-6, eps: 0, switchAt: 10, lambdaB: 1e-6 }],
  ['λ₀ 1e-6 + phase B (10·s², λ_B 1e-6) + stop 1e-4', { lambda0: 1e-6, eps: 1e-4, switchAt: 10, lambdaB: 1e-6 }],
  ['λ₀ 1e-6 + phase B (100·s², λ_B 1e-6) + stop 1e-4', { lambda0: 1e-6, eps: 1e-4, switchAt: 100, lambdaB: 1e-6 }],
];
const lines = [
  `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; the loop copied here with λ₀ 1e-6 and ε 1e-4 matches the WASM fits' njev and nfev in ${same} of ${spectra.length} spectra.`,
  '',
  '| variant (noisy pellet batch, 1000 fits) | njev mean / median / p90 / max | nfev mean | njev mean: R0 → 0 / other fits | Δχ²/s² against today: max (fits > 1e-3) | χ² ≤ χ²(true) | R0 = 0 exactly |',
  '|---|---|---|---|---|---|---|',
];
for (const [label, kn] of variants) {
  const rs = kn === today ? base : problems.map((pr) => runFit(c, pr, kn));
  const j = rs.map((r) => r.njev), f = rs.map((r) => r.nfev);
  const dx = rs.map((r, k) => (r.chi2 - base[k]!.chi2) / (base[k]!.chi2 / dof));
  const s = sorted(j);
  lines.push(`| ${label} | ${mean(j).toFixed(1)} / ${median(j)} / ${s[Math.ceil(0.9 * s.length) - 1]} / ${s[s.length - 1]} | ${mean(f).toFixed(1)} | ${mean(j.filter((_, k) => r0Zero[k])).toFixed(1)} / ${mean(j.filter((_, k) => !r0Zero[k])).toFixed(1)} | ${Math.max(...dx).toExponential(1)} (${dx.filter((v) => v > 1e-3).length}) | ${rs.filter((r, k) => r.chi2 <= chi2True[k]!).length} | ${rs.filter((r) => r.params[0] === 0).length} |`);
}

// impedance.py's exampleData fit (large residual: the step extension matters)
const fz = tv.fitting as unknown as { frequencies_hz: number[]; Z: { re: number[]; im: number[] }; initial_guess: number[] };
const ec = parseCircuit('R0-p(R1,C1)-p(R2-Wo1,C2)');
const epr = buildProblem(ec, { freq: fz.frequencies_hz, re: fz.Z.re, im: fz.Z.im }, { initial: fz.initial_guess, weighting: 'unit' });
const eDof = 2 * epr.n - 7;
const eBase = runFit(ec, epr, today);
lines.push('', '| variant (exampleData, impedance.py\'s start: user start values, so λ₀ stays 1e-3) | njev | nfev | nfev + njev | Δχ²/s² against today |', '|---|---|---|---|---|');
for (const [label, kn] of [
  ['today', today],
  ['statistical stop ε = 1e-4', { ...today, eps: 1e-4 }],
  ['statistical stop ε = 1e-2', { ...today, eps: 1e-2 }],
  ['phase B (10·s², λ_B 1e-3) + stop 1e-4 (phase B without step extension)', { lambda0: 1e-3, eps: 1e-4, switchAt: 10, lambdaB: 1e-3 }],
] as [string, Knobs][]) {
  const r = runFit(ec, epr, kn);
  lines.push(`| ${label} | ${r.njev} | ${r.nfev} | ${r.njev + r.nfev} | ${((r.chi2 - eBase.chi2) / (eBase.chi2 / eDof)).toExponential(1)} |`);
}
console.log(lines.join('\n'));
