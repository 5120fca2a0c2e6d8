/**
 * Issue 14's benchmark (Node): the noisy pellet batch and impedance.py's exampleData fit, with
 * machine-independent counts (Jacobians, evaluations, iterations per fit) beside the times, so
 * that a change of machine load cannot pass for a change of the algorithm.
 *
 * Noisy pellet batch: 1000 spectra of `R0-p(R1,CPE1)-CPE2`, 61 points 1 MHz–1 Hz; true
 * parameters from bench/fit-bench.ts's pelletSet(1000, seed 7) — log-uniform R0 5–50 Ω,
 * R1 1e3–1e5 Ω, Q1 1e-10–1e-9, Q2 3e-7–3e-6, uniform α1 0.8–0.98, α2 0.7–0.95 — then
 * simulate()'s seeded Gaussian noise, sd 0.5 %·|Z| on Re and Im, seed 1000 + k for spectrum k
 * (the spectra of bench/quality-bench.ts). Fitted with automatic start values (no `initial`: the
 * start fit() takes from initialGuess) and modulus weighting (the default).
 *
 * Run: npm run bench:fit:noisy [-- --export file.json] — the export (spectra, start values, the
 * true parameters and χ² there, eiskit's results) is what bench/fit-noisy-scipy.py reads.
 */
import { writeFileSync } from 'node:fs';
import { fit, fitBatch, init, terminateFitWorkers, parseCircuit, simulate, logFrequencies, type FitResult, type Spectrum } from '../src/index.ts';
import { buildProblem } from '../src/fit/problem.ts';
import tv from '../test/fixtures/impedancepy/test-vectors.json';
import { pelletSet } from './fit-bench.ts';
import { timeSlices } from './bench.ts';
import { loadavg } from 'node:os';

const COUNT = 1000;
const NOISE = 0.005;
const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
const freq = logFrequencies(1e6, 1, 61);

await init();
const load0 = loadavg();
const { truths } = pelletSet(COUNT);
const spectra: Spectrum[] = truths.map((t, k) => simulate(c, freq, t, { noise: NOISE, seed: 1000 + k }));

/** χ² of the modulus-weighted residuals (σ = |Z_exp|, as weighting 'modulus' takes it) at parameters p. */
function chi2At(s: Spectrum, p: ArrayLike<number>): number {
  const z = c.impedance(s.freq, Array.from(p));
  let chi2 = 0;
  for (let i = 0; i < s.freq.length; i++) {
    const sigma = Math.hypot(s.re[i]!, s.im[i]!);
    const a = (s.re[i]! - z.re[i]!) / sigma, b = (s.im[i]! - z.im[i]!) / sigma;
    chi2 += a * a + b * b;
  }
  return chi2;
}
const chi2True = spectra.map((s, k) => chi2At(s, truths[k]!));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const stats = (xs: number[]) => `${mean(xs).toFixed(2)} | ${median(xs)} | ${quantile(xs, 0.9)} | ${Math.max(...xs)}`;

// ---- timing: one thread (the calling thread, WASM) and workers: 2, interleaved ----
const ROUNDS = 7;
const one: number[] = [], two: number[] = [];
let results: FitResult[] = [];
await fitBatch(c, spectra); // warm-up
await fitBatch(c, spectra, { workers: 2 }); // starts the pool and warms the workers' code
for (let r = 0; r < ROUNDS; r++) {
  let t = performance.now();
  results = await fitBatch(c, spectra);
  one.push(performance.now() - t);
  t = performance.now();
  const r2 = await fitBatch(c, spectra, { workers: 2 });
  two.push(performance.now() - t);
  if (r === 0 && r2.some((x, k) => x.chi2 !== results[k]!.chi2)) throw new Error('workers: 2 gave other fits than the calling thread');
}
const msOne = median(one), msTwo = median(two);
terminateFitWorkers();

// ---- machine-independent counts ----
const njev = results.map((r) => r.njev), nfev = results.map((r) => r.nfev), iters = results.map((r) => r.iterations);
const dof = 2 * freq.length - 6;
const excess = results.map((r, k) => (r.chi2 - chi2True[k]!) / (chi2True[k]! / dof)); // in units of s² at the truth
const reached = excess.filter((e) => e <= 0).length;
const statusCount = new Map<number, number>();
for (const r of results) statusCount.set(r.status, (statusCount.get(r.status) ?? 0) + 1);

// where the Jacobians go: fits whose R0 ended near 0 (the log-valley creep) and by R0's share of |Z|
const r0Zero = results.map((r, k) => r.params[0]! < 0.05 * truths[k]![0]!);
const r0Share = truths.map((t, k) => t[0]! / Math.hypot(spectra[k]!.re[0]!, spectra[k]!.im[0]!)); // R0 / |Z(1 MHz)|
const groups: [string, (k: number) => boolean][] = [
  ['all', () => true],
  ['R0 fitted < 5 % of its true value ("R0 → 0")', (k) => r0Zero[k]!],
  ['R0 fitted within 20 % of its true value', (k) => Math.abs(results[k]!.params[0]! / truths[k]![0]! - 1) < 0.2],
  ['true R0 < 2 % of \\|Z(1 MHz)\\|', (k) => r0Share[k]! < 0.02],
  ['true R0 ≥ 2 % of \\|Z(1 MHz)\\|', (k) => r0Share[k]! >= 0.02],
  ['njev ≤ 8', (k) => njev[k]! <= 8],
  ['njev 9–30', (k) => njev[k]! > 8 && njev[k]! <= 30],
  ['njev 31–100', (k) => njev[k]! > 30 && njev[k]! <= 100],
  ['njev > 100', (k) => njev[k]! > 100],
];
const totalJ = sum(njev);
const groupRows = groups.map(([label, pick]) => {
  const ks = results.map((_, k) => k).filter(pick);
  if (ks.length === 0) return `| ${label} | 0 | — | — | — | — |`;
  const j = ks.map((k) => njev[k]!);
  const zero = ks.filter((k) => r0Zero[k]).length;
  return `| ${label} | ${ks.length} | ${((100 * sum(j)) / totalJ).toFixed(1)} % | ${mean(j).toFixed(1)} / ${median(j)} | ${((100 * zero) / ks.length).toFixed(0)} % | ${median(ks.map((k) => r0Share[k]! * 100)).toFixed(2)} % |`;
});

// An oracle statistical stop: the fewest evaluations after which χ² is within 0.01·s² (and 1e-4·s²)
// of the fit's final χ² (s² = χ²/ν at the end). A fit cut by maxEvaluations = e follows the same
// path up to the cut, so the smallest such e is found by bisection; its njev is what a perfect
// statistical stop would have spent (a bound on the gain of the issue's first direction).
function oracle(k: number, eps: number): number {
  const r = results[k]!, target = r.chi2 + (eps * r.chi2) / dof, total = r.nfev + r.njev;
  let lo = 2, hi = total; // χ²(hi) = final
  const at = (e: number) => fit(c, spectra[k]!, { maxEvaluations: e });
  if (at(lo).chi2 <= target) return at(lo).njev;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (at(mid).chi2 <= target) hi = mid;
    else lo = mid;
  }
  return at(hi).njev;
}
// the same fits without the statistical stop (ftol given turns it off: src/fit/problem.ts), run to
// ftol = 1e-10 as before issue 14: how far the stop leaves χ² above them, in s² = χ²/ν
const noStop = await fitBatch(c, spectra, { ftol: 1e-10 });
const stopGap = results.map((r, k) => (r.chi2 - noStop[k]!.chi2) / (noStop[k]!.chi2 / dof));
const oracle2 = results.map((_, k) => oracle(k, 1e-2));
const oracle4 = results.map((_, k) => oracle(k, 1e-4));

// ---- impedance.py's exampleData fit ----
const fz = tv.fitting as unknown as { frequencies_hz: number[]; Z: { re: number[]; im: number[] }; initial_guess: number[]; circuit_fit: { case: string; computed_params: number[] }[] };
const ex = { freq: fz.frequencies_hz, re: fz.Z.re, im: fz.Z.im };
const exC = parseCircuit('R0-p(R1,C1)-p(R2-Wo1,C2)');
const exOpts = { initial: fz.initial_guess, weighting: 'unit' as const };
const exR = fit(exC, ex, exOpts);
const exNoStop = fit(exC, ex, { ...exOpts, ftol: 1e-10 }); // without the statistical stop
const exMs = timeSlices(() => fit(exC, ex, exOpts), 9, 60);
const ipyParams = fz.circuit_fit.find((x) => x.case.startsWith('local ('))!.computed_params;
const ipyZ = exC.impedance(ex.freq, ipyParams);
const ipyChi2 = ex.freq.reduce((s, _, i) => s + (ex.re[i]! - ipyZ.re[i]!) ** 2 + (ex.im[i]! - ipyZ.im[i]!) ** 2, 0);
const exDof = 2 * ex.freq.length - 7;
const load1 = loadavg();

const fps = (ms: number) => (COUNT / (ms / 1000)).toFixed(0);
const spread = (xs: number[]) => `${fps(Math.max(...xs))}–${fps(Math.min(...xs))}`;
const out = [
  `Node ${process.version}, ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, load average ${load0.map((x) => x.toFixed(2)).join(' / ')} before, ${load1.map((x) => x.toFixed(2)).join(' / ')} after`,
  '',
  `#### Noisy pellet batch: ${COUNT} spectra, \`R0-p(R1,CPE1)-CPE2\`, 61 points, 0.5 % noise, automatic start values, modulus weighting`,
  '',
  '| time (median of 7 interleaved runs, [range]) | fits/s |',
  '|---|---|',
  `| \`fitBatch\`, WASM, calling thread (one core) | ${fps(msOne)} [${spread(one)}] |`,
  `| \`fitBatch(…, { workers: 2 })\` | ${fps(msTwo)} [${spread(two)}] |`,
  `| workers: 2 / calling thread | ${(msOne / msTwo).toFixed(2)}× |`,
  '',
  '| per fit (machine-independent) | mean | median | p90 | max |',
  '|---|---|---|---|---|',
  `| Jacobians (njev) | ${stats(njev)} |`,
  `| residual evaluations (nfev) | ${stats(nfev)} |`,
  `| iterations | ${stats(iters)} |`,
  `| njev without the statistical stop (ftol 1e-10 given) | ${stats(noStop.map((r) => r.njev))} |`,
  `| njev with an oracle stop at χ²_final + 0.01·s² | ${stats(oracle2)} |`,
  `| njev with an oracle stop at χ²_final + 1e-4·s² | ${stats(oracle4)} |`,
  '',
  `χ² ≤ χ²(true parameters): ${reached} of ${COUNT} (${((100 * reached) / COUNT).toFixed(1)} %); largest excess ${Math.max(...excess).toExponential(2)}·s², median ${median(excess).toFixed(2)}·s² (s² = χ²(true)/ν, ν = ${dof}). Status: ${[...statusCount].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`).join(', ')}. χ² above the fits without the statistical stop: largest ${Math.max(...stopGap).toExponential(2)}·s², median ${median(stopGap).toExponential(2)}·s²; ${stopGap.filter((g) => g < 0).length} fits end lower.`,
  '',
  '| where the Jacobians go | fits | share of all Jacobians | njev mean / median | R0 → 0 | median true R0 / \\|Z(1 MHz)\\| |',
  '|---|---|---|---|---|---|',
  ...groupRows,
  '',
  '#### impedance.py exampleData (`R0-p(R1,C1)-p(R2-Wo1,C2)`, its start, unit weighting, 57 points)',
  '',
  '| ms per fit (median of 9 slices, [range]) | iterations | nfev | njev | χ² | impedance.py\'s χ² (its parameters) | Δχ²/s² |',
  '|---|---|---|---|---|---|---|',
  `| ${median(exMs).toFixed(3)} [${exMs[0]!.toFixed(3)}–${exMs[exMs.length - 1]!.toFixed(3)}] | ${exR.iterations} | ${exR.nfev} | ${exR.njev} | ${exR.chi2.toExponential(6)} | ${ipyChi2.toExponential(6)} | ${((exR.chi2 - ipyChi2) / (exR.chi2 / exDof)).toExponential(2)} |`,
  `| without the statistical stop (ftol 1e-10 given) | ${exNoStop.iterations} | ${exNoStop.nfev} | ${exNoStop.njev} | ${exNoStop.chi2.toExponential(6)} | ${ipyChi2.toExponential(6)} | ${((exNoStop.chi2 - ipyChi2) / (exNoStop.chi2 / exDof)).toExponential(2)} |`,
];
console.log(out.join('\n'));

// ---- export for bench/fit-noisy-scipy.py ----
const at = process.argv.indexOf('--export');
if (at > 0) {
  const file = process.argv[at + 1]!;
  const starts = spectra.map((s) => Array.from(buildProblem(c, s, {}).params));
  const exPr = buildProblem(exC, ex, exOpts);
  const arr = (a: ArrayLike<number>) => Array.from(a);
  writeFileSync(file, JSON.stringify({
    pellet: {
      circuit: c.toString(), paramNames: c.paramNames, lower: arr(c.program.lower), upper: arr(c.program.upper), freq: arr(freq),
      spectra: spectra.map((s) => ({ re: arr(s.re), im: arr(s.im) })), truths, chi2True, starts,
      eiskit: results.map((r) => ({ chi2: r.chi2, params: arr(r.params), njev: r.njev, nfev: r.nfev, iterations: r.iterations, status: r.status })),
    },
    exampleData: {
      circuit: exC.toString(), paramNames: exC.paramNames, lower: arr(exC.program.lower), upper: arr(exC.program.upper),
      freq: ex.freq, re: ex.re, im: ex.im, start: arr(exPr.params),
      eiskit: { chi2: exR.chi2, params: arr(exR.params), njev: exR.njev, nfev: exR.nfev, iterations: exR.iterations },
    },
  }));
  console.error(`exported to ${file}`);
}
