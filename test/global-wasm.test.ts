/**
 * The global fit's LM loop in WASM (assembly/global-lm.ts, the global module) against the TS
 * reference (src/reference/global-lm.ts) it ports, from the same θ on the same problems.
 *
 * The rule of the property (random series: the §6 recipe with R1 under σ/σT or local, the recipe
 * with a VTF truth and R1 under VTF, the recipe in representation 'M'; random roles of the other
 * parameters among local and shared, random noise, seeds and start values), whether the fits
 * converged or not: the same status, iterations, evaluations (nfev, njev) and dense fallbacks;
 * χ² equal to 1e-13 relative; every component of θ equal to 1e-12 relative (of max(|θ_k|, 1):
 * internal values near 0 such as a bound-transformed α) or to 1e-6 of its standard error. The
 * two sides differ only by rounding (AS's Math.exp against src/math's, 1/σ multiplied against σ
 * divided, SIMD Householder sums), so a correct port takes the same path of accepted and
 * rejected steps; a wrong chain rule, block, Schur step or scaling walks another path (a counter
 * differs) or stops elsewhere (χ², θ off by far more).
 *
 * Why the two relaxations (measured on this file's seeded cases): θ agrees to ~1e-14 after a
 * short fit, but a fit that walks a nearly flat valley (50–190 iterations with locally
 * determined parameters shared, or all local) stops where the ftol rule first holds, and last-bit
 * differences move that point along the valley: θ then differs by up to 2e-6 relative, which is
 * below 5e-7 standard errors, with χ² still equal to 1e-13. And a crawl of more than CRAWL
 * iterations (χ² changing in its last digits per step) can take one step more on one side
 * (1420 against 1421 iterations, χ² equal to 1e-10): there the counters may differ by one, the
 * status not, and χ² agrees to 1e-9 — comparing outcomes, as test/fit.test.ts explains for the
 * single fit. A crawl can split further (seed 1, no spread, noise 0.002, σ laws, CPE3.Q shared:
 * JS stops on ftol after 2433 iterations, WASM runs out of evaluations at 4026), which this
 * fixed-seed sample does not meet and no rule here would excuse.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, selectBackend } from '../src/backend/select.ts';
import { jsGlobalKernels, wasmGlobalKernels } from '../src/backend/global-kernels.ts';
import { engineOf, wasmGlobalCall, wasmGlobalStep } from '../src/backend/wasm-global.ts';
import type { WasmBackend } from '../src/backend/wasm.ts';
import { GLOBAL_LM, GLOBAL_METHOD, GLOBAL_OUTCOME, GLOBAL_TASK, FIT_OUTCOME } from '../src/abi/descriptor.ts';
import { globalDenseFits, globalScratchWords } from '../src/abi/sizes.ts';
import { Engine } from '../bindings/engine.ts';
import { globalModule } from '../bindings/global-module.ts';
import { parseCircuit } from '../src/circuit/circuit.ts';
import { buildProblem, type FitOptions } from '../src/fit/problem.ts';
import { log } from '../src/math/index.ts';
import { logFrequencies, simulate } from '../src/simulate.ts';
import { globalLayout, globalProblem, ROLE, ROLE_GLOBALS, vtfT0Internal, type GlobalLayout } from '../src/reference/global-map.ts';
import { arrowheadModel, ArrowheadSystem, type GlobalStepMethod } from '../src/reference/global-lm.ts';
import { arrowheadCovariance } from '../src/reference/global-covariance.ts';
import { EisError } from '../src/errors.ts';
import { arrheniusPrefit, thetaFromParams } from '../src/global/start.ts';
import { Random } from '../src/random.ts';
import type { FitProblem } from '../src/types/problems.ts';
import { RECIPE_CIRCUIT, RECIPE_T, recipeParams, recipeSeries } from './global-recipe.ts';
import { maxRelDiff } from './helpers.ts';

let backend: WasmBackend, wasm: ReturnType<typeof wasmGlobalKernels>;
beforeAll(async () => {
  await init();
  backend = selectBackend({ backend: 'wasm' }) as WasmBackend;
  wasm = wasmGlobalKernels(backend);
});

const FORM = { [ROLE.SIGMA]: 'sigma', [ROLE.SIGMA_T]: 'sigmaT', [ROLE.VTF]: 'vtf' } as const;

interface Case {
  problems: FitProblem[];
  lay: GlobalLayout;
  theta: Float64Array;
}

/**
 * A recipe series (7 spectra × 40 f) with `roles` per free slot (circuit order R1, CPE1.Q,
 * CPE1.alpha, R2, CPE2.Q, CPE2.alpha, CPE3.Q, CPE3.alpha), started from the truth perturbed by
 * up to ±`spread` (relative; α by a fifth of it), the laws pre-fitted on the perturbed R.
 */
function recipeCase(roles: number[], noise: number, seed: number, spread: number, opts: { vtf?: boolean; fit?: FitOptions } = {}): Case {
  const c = parseCircuit(RECIPE_CIRCUIT);
  const spectra = recipeSeries(noise, seed, { vtf: opts.vtf });
  const rng = new Random(seed + 17);
  const starts = RECIPE_T.map((T) => recipeParams(T, { vtf: opts.vtf }).map((p, k) => p * (1 + (k === 2 || k === 5 || k === 7 ? spread / 5 : spread) * (2 * rng.uniform() - 1))));
  const problems = spectra.map((s, k) => buildProblem(c, { freq: s.freq, re: s.re, im: s.im }, { ...opts.fit, initial: starts[k]! }));
  const pr0 = problems[0]!;
  const roleArr = Int32Array.from(roles);
  const lay = globalLayout(roleArr, Float64Array.from(RECIPE_T));
  const theta = thetaFromParams(lay, pr0, roleArr, starts, (k) => {
    const form = FORM[roles[k] as 2 | 3 | 4];
    const pf = arrheniusPrefit(form, RECIPE_T, lay.tRef, starts.map((p) => p[pr0.free[k]!]!), RECIPE_T.map(() => Number.NaN), form === 'vtf' ? 240 : undefined);
    return form === 'vtf' ? [pf.lnRref, pf.ea, vtfT0Internal(lay, pf.t0)] : [pf.lnRref, pf.ea];
  });
  return { problems, lay, theta };
}

const c0 = parseCircuit(RECIPE_CIRCUIT);
/** Iterations beyond which a fit is a crawl (see the file head). */
const CRAWL = 1000;
const LM = (M: number) => ({ ftol: 1e-10, xtol: 1e-10, gtol: 1e-10, maxEvaluations: 200 * (M + 1) });

/** Both loops from the same θ; the property's rule (see the file head). */
function compare({ problems, lay, theta }: Case, method: GlobalStepMethod = 'schur', denseLimit: number = GLOBAL_LM.DENSE_FALLBACK_LIMIT) {
  const M = theta.length, opts = LM(M);
  const tj = theta.slice(), tw = theta.slice();
  const js = jsGlobalKernels.globalLm(c0.kernelProgram, problems, lay, tj, opts, method, denseLimit);
  const wa = wasm.globalLm(c0.kernelProgram, problems, lay, tw, opts, method, denseLimit);
  const counters = (r: typeof js) => [r.status, r.iterations, r.nfev, r.njev, r.denseFallbacks];
  const crawl = js.iterations > CRAWL;
  if (crawl) {
    expect(wa.status).toBe(js.status);
    for (const k of ['iterations', 'nfev', 'njev'] as const) expect(Math.abs(wa[k] - js[k]), k).toBeLessThanOrEqual(1);
  } else {
    expect(counters(wa), 'status, iterations, nfev, njev, fallbacks').toEqual(counters(js));
  }
  if (Number.isFinite(js.chi2)) expect(Math.abs(wa.chi2 - js.chi2) / js.chi2, 'χ²').toBeLessThanOrEqual(crawl ? 1e-9 : 1e-13);
  // θ: 1e-12 relative, or 1e-6 of its standard error (TS covariance at the TS solution)
  const sys = new ArrowheadSystem(globalProblem(c0.kernelProgram, problems, lay));
  const chi2 = sys.evaluate(tj);
  const { cov } = arrowheadCovariance(sys);
  const s2 = chi2 / (sys.n - sys.m);
  for (let k = 0; k < M; k++) {
    const d = Math.abs(tw[k]! - tj[k]!), se = Math.sqrt(cov[k * M + k]! * s2);
    expect(d <= 1e-12 * Math.max(Math.abs(tj[k]!), 1) || d <= 1e-6 * se, `θ[${k}] js ${tj[k]} wasm ${tw[k]} (stderr ${se})`).toBe(true);
  }
  return { js, wa, tj, tw };
}

describe('global LM in WASM ≡ the TS reference', () => {
  it('GLOBAL_OUTCOME starts with FIT_OUTCOME\'s counters (one loop writes both), and the roles take 0, 1, 2, 2, 3 globals', () => {
    for (const f of ['status', 'chi2', 'iterations', 'nfev', 'njev'] as const) expect(GLOBAL_OUTCOME.fields[f]).toBe(FIT_OUTCOME.fields[f]);
    expect(ROLE_GLOBALS).toEqual([0, 1, 2, 2, 3]);
  });

  it('the scratch size of src/abi/sizes.ts is the module\'s own (eis_global_scratch_words), with and without the dense matrix', () => {
    const e = Engine.forModule(globalModule);
    for (const [S, total, nMax, m, G, L] of [[2, 30, 15, 4, 2, 2], [7, 280, 40, 8, 8, 2], [50, 2000, 40, 8, 8, 2], [3, 60, 20, 4, 0, 4], [4, 80, 20, 3, 3, 0]] as const) {
      expect(e.raw.eis_global_scratch_words(S, total, nMax, m, G, L, 0)).toBe(globalScratchWords(S, total, nMax, m, G, L, false));
      expect(e.raw.eis_global_scratch_words(S, total, nMax, m, G, L, 1)).toBe(globalScratchWords(S, total, nMax, m, G, L, true));
      expect(globalScratchWords(S, total, nMax, m, G, L, true) - globalScratchWords(S, total, nMax, m, G, L, false)).toBe((2 * total + G + S * L) * (G + S * L) + 2 * total + G + S * L);
    }
    // beyond DENSE_FALLBACK_LIMIT entries the dense matrix is left out (500 spectra × 100 f, 8 + 2·500 unknowns)
    expect(globalDenseFits(2 * 50_000, 1008, GLOBAL_LM.DENSE_FALLBACK_LIMIT)).toBe(false);
    expect(globalDenseFits(2 * 280, 22, GLOBAL_LM.DENSE_FALLBACK_LIMIT)).toBe(true);
  });

  it('property: random recipe series (σ/σT/VTF/local R, local/shared CPEs, Z or M) — the same counters, θ 1e-12, χ² 1e-13', () => {
    const localOrShared = fc.constantFrom(ROLE.LOCAL, ROLE.SHARED);
    let converged = 0, runs = 0;
    fc.assert(fc.property(
      fc.constantFrom('sigma', 'vtf', 'M'), fc.constantFrom(ROLE.SIGMA, ROLE.SIGMA_T, ROLE.LOCAL), fc.constantFrom(ROLE.SIGMA, ROLE.SIGMA_T, ROLE.LOCAL),
      fc.array(localOrShared, { minLength: 6, maxLength: 6 }), fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.002, max: 0.03, noNaN: true }), fc.double({ min: 0, max: 0.3, noNaN: true }),
      (kind, r1, r2, cpe, seed, noise, spread) => {
        const roles = [kind === 'vtf' ? ROLE.VTF : r1, cpe[0]!, cpe[1]!, r2, cpe[2]!, cpe[3]!, cpe[4]!, cpe[5]!];
        const fit: FitOptions = kind === 'M' ? { representation: 'M', geometry: { thicknessCm: 0.1, areaCm2: 0.5 } } : {};
        const { js } = compare(recipeCase(roles, noise, seed, spread, { vtf: kind === 'vtf', fit }));
        runs++;
        if (js.status > 0) converged++;
      },
    ), { numRuns: 12, seed: 20261206 });
    // most runs converged (the rule covers the failed ones too)
    expect(converged).toBeGreaterThanOrEqual(runs / 2);
  });

  it.each([
    ['no globals (every parameter local: G = 0, the blocks V_s alone)', [ROLE.LOCAL, ROLE.LOCAL, ROLE.LOCAL, ROLE.LOCAL, ROLE.LOCAL, ROLE.LOCAL, ROLE.LOCAL, ROLE.LOCAL]],
    ['no locals (laws and shared values only: L = 0, S = U*)', [ROLE.SIGMA_T, ROLE.SHARED, ROLE.SHARED, ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.SHARED, ROLE.SHARED]],
  ])('%s', (_label, roles) => {
    const { js, wa } = compare(recipeCase(roles, 0.01, 7, 0.15));
    expect(js.status).toBeGreaterThan(0);
    expect(wa.njev).toBeGreaterThan(1);
  });

  it('the dense method (QR of the whole J every step) agrees too', () => {
    const { js, wa } = compare(recipeCase([ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.LOCAL, ROLE.LOCAL], 0.01, 5, 0.2), 'dense');
    expect(js.status).toBeGreaterThan(0);
    expect(js.denseFallbacks).toBe(0);
    expect(wa.denseFallbacks).toBe(0);
  });

  const SIG = [ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.LOCAL, ROLE.LOCAL];
  it.each([
    ['σ laws in Z', SIG, {}],
    ['σT laws', [ROLE.SIGMA_T, ROLE.SHARED, ROLE.SHARED, ROLE.SIGMA_T, ROLE.SHARED, ROLE.SHARED, ROLE.LOCAL, ROLE.LOCAL], {}],
    ['a VTF law (R1, VTF truth)', [ROLE.VTF, ROLE.SHARED, ROLE.SHARED, ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.LOCAL, ROLE.LOCAL], { vtf: true }],
    ['representation M', SIG, { fit: { representation: 'M', geometry: { thicknessCm: 0.1, areaCm2: 0.5 } } }],
    ['representation Y', SIG, { fit: { representation: 'Y' } }],
  ] as const)('the first step (%s): χ² and the scaling D to 1e-14, the Schur step δ and its predicted reduction to 1e-11 (7 spectra × 40 f)', (_label, roles, opts) => {
    const { problems, lay, theta } = recipeCase([...roles], 0.01, 3, 0.2, opts as { vtf?: boolean; fit?: FitOptions });
    const ref = arrowheadModel(globalProblem(c0.kernelProgram, problems, lay), 'schur');
    const d = new Float64Array(ref.m);
    const chi2 = ref.factorise(theta, d);
    expect(Number.isFinite(chi2)).toBe(true);
    for (const lambda of [1e-8, 1e-3, 1, 1e3]) {
      const delta = new Float64Array(ref.m);
      const predicted = ref.step(lambda, d, delta);
      const w = wasmGlobalStep(backend, c0.kernelProgram, problems, lay, theta, lambda);
      expect(Math.abs(w.chi2 - chi2) / chi2).toBeLessThan(1e-14);
      expect(maxRelDiff(w.d, d)).toBeLessThan(1e-14);
      expect(maxRelDiff(w.delta, delta)).toBeLessThan(1e-11);
      expect(Math.abs(w.predicted - predicted) / Math.abs(predicted)).toBeLessThan(1e-11);
      expect(w.fallbacks).toBe(0);
    }
  });

  /** A singular series: two shared resistances in series (indistinguishable), so every Schur step falls back. */
  function seriesCase() {
    const c = parseCircuit('R1-R2-p(R3,C1)');
    const f = logFrequencies(1e5, 1, 20);
    const T = [300, 320, 340];
    const prs = T.map((_t, s) => buildProblem(c, simulate(c, f, [10, 20, 100 * (s + 1), 1e-6]), { initial: [12, 15, 90, 1.1e-6] }));
    const lay = globalLayout(Int32Array.from([ROLE.SHARED, ROLE.SHARED, ROLE.LOCAL, ROLE.LOCAL]), Float64Array.from(T));
    const theta = new Float64Array(lay.G + 3 * lay.L);
    theta.set([log(12), log(15)]);
    prs.forEach((pr, s) => theta.set([pr.u0[2]!, pr.u0[3]!], 2 + 2 * s));
    return { c, prs, lay, theta };
  }

  it('a singular reduced system (two shared resistances in series, indistinguishable) takes the dense fallback in WASM as in TS, counted', () => {
    const { c, prs, lay, theta } = seriesCase();
    const ref = arrowheadModel(globalProblem(c.kernelProgram, prs, lay), 'schur');
    const d = new Float64Array(ref.m), x = new Float64Array(ref.m);
    ref.factorise(theta, d);
    expect(ref.system.schurStep(1e-14, d, x)).toBe(false); // cond(S) > 1e12
    const predicted = ref.step(1e-14, d, x);
    expect(ref.fallbacks()).toBe(1);
    const w = wasmGlobalStep(backend, c.kernelProgram, prs, lay, theta, 1e-14);
    expect(w.fallbacks).toBe(1);
    // the dense QR of [J; √λD] with J nearly rank deficient: δ to the conditioning (R1 − R2 is
    // undetermined), R1 + R2 and the locals' steps to far better
    expect(Math.abs(w.delta[0]! + w.delta[1]! - (x[0]! + x[1]!)) / Math.abs(x[0]! + x[1]!)).toBeLessThan(1e-6);
    expect(maxRelDiff(w.delta.subarray(2), x.subarray(2))).toBeLessThan(1e-6);
    expect(Math.abs(w.predicted - predicted) / Math.abs(predicted)).toBeLessThan(1e-6);
    // and the whole loop agrees from there, both converging with R1 + R2 = 30
    const opts = LM(theta.length), tj = theta.slice(), tw = theta.slice();
    const js = jsGlobalKernels.globalLm(c.kernelProgram, prs, lay, tj, opts);
    const wa = wasm.globalLm(c.kernelProgram, prs, lay, tw, opts);
    expect(js.status).toBeGreaterThan(0);
    expect(wa.status).toBeGreaterThan(0);
    expect(Math.abs(Math.exp(tw[0]!) + Math.exp(tw[1]!) - 30) / 30).toBeLessThan(1e-6);
    expect(Math.abs(wa.iterations - js.iterations)).toBeLessThanOrEqual(1);
  });

  it('each call allocates its memory block and frees it: 30 global fits leave the global engine\'s memory as one did', () => {
    const cse = recipeCase([ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.LOCAL, ROLE.LOCAL], 0.01, 4, 0.1);
    const run = () => wasm.globalLm(c0.kernelProgram, cse.problems, cse.lay, cse.theta.slice(), LM(cse.theta.length));
    const first = run();
    const bytes = engineOf(backend).memoryBytes;
    for (let k = 0; k < 29; k++) expect(run().chi2).toBe(first.chi2);
    expect(engineOf(backend).memoryBytes).toBe(bytes);
  });

  it('a start where the model is not finite: both report the non-finite status', () => {
    const cse = recipeCase([ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.LOCAL, ROLE.LOCAL], 0.01, 2, 0.1);
    cse.theta[0] = 800; // R1 = e^800 = ∞
    const tj = cse.theta.slice(), tw = cse.theta.slice();
    const opts = LM(tj.length);
    const js = jsGlobalKernels.globalLm(c0.kernelProgram, cse.problems, cse.lay, tj, opts);
    const wa = wasm.globalLm(c0.kernelProgram, cse.problems, cse.lay, tw, opts);
    expect(js.status).toBe(-1);
    expect(wa.status).toBe(-1);
  });

  it('a dense fallback beyond the dense limit (here 1 entry) is rejected in WASM as in TS: δ NaN, predicted reduction 0, counted; the loop under the limit agrees', () => {
    const { c, prs, lay, theta } = seriesCase();
    const ref = arrowheadModel(globalProblem(c.kernelProgram, prs, lay), 'schur', 1);
    const d = new Float64Array(ref.m), x = new Float64Array(ref.m);
    ref.factorise(theta, d);
    expect(ref.step(1e-14, d, x)).toBe(0);
    expect(x.every(Number.isNaN)).toBe(true);
    const w = wasmGlobalStep(backend, c.kernelProgram, prs, lay, theta, 1e-14, 'schur', 1);
    expect(w.predicted).toBe(0);
    expect(w.fallbacks).toBe(1);
    expect(w.delta.every(Number.isNaN)).toBe(true);
    // at λ = 1e-3 (the loop's start) S is well conditioned: the limit leaves the Schur step alone
    const y = new Float64Array(ref.m);
    ref.step(1e-3, d, y);
    const w3 = wasmGlobalStep(backend, c.kernelProgram, prs, lay, theta, 1e-3, 'schur', 1);
    expect(w3.fallbacks).toBe(0);
    expect(maxRelDiff(w3.delta, y)).toBeLessThan(1e-10);
    // the whole loop under the limit: the same counters and θ (the loop's λ stays far above the
    // ~1e-12 at which this S fails, so no step is rejected there: the rejection is tested above)
    const opts = LM(theta.length), tj = theta.slice(), tw = theta.slice();
    const js = jsGlobalKernels.globalLm(c.kernelProgram, prs, lay, tj, opts, 'schur', 1);
    const wa = wasm.globalLm(c.kernelProgram, prs, lay, tw, opts, 'schur', 1);
    expect([wa.status, wa.iterations, wa.nfev, wa.njev, wa.denseFallbacks]).toEqual([js.status, js.iterations, js.nfev, js.njev, js.denseFallbacks]);
    expect(tw.every(Number.isFinite)).toBe(true);
  });

  it('bind() aborts when its layout needs more scratch than GLOBAL_TASK.scratchWords gives (and on method DENSE without the dense matrix): E_INTERNAL with the kernel\'s abort, the engine reset and usable', () => {
    const cse = recipeCase(SIG, 0.01, 4, 0.1);
    const opts = LM(cse.theta.length);
    const F = GLOBAL_TASK.fields;
    const run = (edit: (task: Int32Array) => void) => wasmGlobalCall(backend, c0.kernelProgram, cse.problems, cse.lay, cse.theta.slice(), opts, (ex, { r }, e) => {
      edit(e.i32({ ptr: r.globalTask.ptr, length: GLOBAL_TASK.words }));
      ex.eis_global_lm(r.fitTask.ptr, r.globalTask.ptr, r.freq.ptr, r.theta.ptr, r.out.ptr, opts.ftol, opts.xtol, opts.gtol, 1, cse.lay.tRef, cse.lay.tHi);
      return e.f64(r.out)[GLOBAL_OUTCOME.fields.status]!;
    });
    const resets = engineOf(backend).resets;
    // as written (the words given exactly: the layout fits to the word) it runs
    expect(run(() => {})).toBeGreaterThan(0);
    const edits: ((task: Int32Array) => void)[] = [
      (task) => (task[F.scratchWords] = task[F.scratchWords]! - 1),
      (task) => {
        task[F.method] = GLOBAL_METHOD.DENSE;
        task[F.dense] = 0;
      },
    ];
    for (const edit of edits) {
      let err: unknown;
      try {
        run(edit);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EisError);
      expect((err as EisError).code).toBe('E_INTERNAL');
      expect((err as EisError).message).toMatch(/WASM abort/);
    }
    expect(engineOf(backend).resets).toBe(resets + 2);
    expect(wasm.globalLm(c0.kernelProgram, cse.problems, cse.lay, cse.theta.slice(), opts).status).toBeGreaterThan(0);
  });
  it('a trap keeps its own message: the call\'s block is not freed on the broken instance (whose free could trap too and replace it)', () => {
    const cse = recipeCase(SIG, 0.01, 4, 0.1);
    const resets = engineOf(backend).resets;
    let err: unknown;
    try {
      wasmGlobalCall(backend, c0.kernelProgram, cse.problems, cse.lay, cse.theta.slice(), LM(cse.theta.length), (_ex, { r }, e) => {
        // a kernel that broke the heap and trapped: the block's TLSF header (its 4 bytes before the
        // block) says 2 GB, so eis_free(block) reads its right neighbour out of bounds and traps too
        e.i32({ ptr: r.code.ptr - 4, length: 1 })[0] = 0x7ffffff0;
        throw new WebAssembly.RuntimeError('unreachable (the kernel\'s trap)');
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EisError);
    expect((err as EisError).code).toBe('E_INTERNAL');
    expect((err as EisError).message).toContain("the kernel's trap");
    expect(engineOf(backend).resets).toBe(resets + 1);
    expect(wasm.globalLm(c0.kernelProgram, cse.problems, cse.lay, cse.theta.slice(), LM(cse.theta.length)).status).toBeGreaterThan(0);
  });
});
