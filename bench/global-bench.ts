/**
 * globalFit on the §6 recipe (specs/global-fit.md): 7 spectra × 40 f, and 50 spectra × 40 f
 * (140…200 °C evenly), 1 % noise, R1 and R2 'sigma', CPE1/CPE2 shared, CPE3 local, on both
 * backends' LM loops: the WASM loop (the global module, assembly/global-lm.ts) and the TS
 * reference loop (src/reference/global-lm.ts).
 *  1. The loop alone (GlobalKernels.globalLm) from the θ globalFit starts from (warm-started
 *     fitBatch + startTheta): median of 7 runs after 3 untimed; iterations, Jacobians (njev),
 *     dense fallbacks, ms per spectrum.
 *  2. The whole call on each backend (start fits by fitBatch and the loop on it, covariance on the TS reference,
 *     per-spectrum results, optionally the lack-of-fit refit): median of 7 rounds after 3
 *     untimed, the four configurations interleaved in each round.
 * In Node (`npm run bench:global`) and Chromium (`npm run bench:global:browser`, bench/global-bench.html).
 */
import { init, fitBatch, globalFit, parseCircuit, type FitResult } from '../src/index.ts';
import { selectBackend } from '../src/backend/select.ts';
import { jsGlobalKernels, wasmGlobalKernels } from '../src/backend/global-kernels.ts';
import type { WasmBackend } from '../src/backend/wasm.ts';
import { buildProblem } from '../src/fit/problem.ts';
import { globalLayout, ROLE } from '../src/reference/global-map.ts';
import { startTheta } from '../src/global/start.ts';
import { recipeSeries, RECIPE_CIRCUIT } from '../test/global-recipe.ts';

await init();
const c = parseCircuit(RECIPE_CIRCUIT);
const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const opts = { shared: ['CPE1.Q', 'CPE1.alpha', 'CPE2.Q', 'CPE2.alpha'], arrhenius: { R1: 'sigma', R2: 'sigma' } as const };
const wasm = wasmGlobalKernels(selectBackend({ backend: 'wasm' }) as WasmBackend);
const now = () => performance.now();
const where = typeof window !== 'undefined' ? navigator.userAgent : `Node ${process.version}`;
console.log(`\n${where}, ${new Date().toISOString().slice(0, 16)}Z\n`);

const loopRows: string[] = [], callRows: string[] = [];
for (const S of [7, 50]) {
  const temperatures = Array.from({ length: S }, (_, k) => 413.15 + (60 * k) / (S - 1));
  const spectra = recipeSeries(0.01, 1, { temperatures });
  // 1. the loop alone, from globalFit's own start
  const problems = spectra.map((s) => buildProblem(c, { freq: s.freq, re: s.re, im: s.im }, {}));
  const roles = Int32Array.from([ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.SIGMA, ROLE.SHARED, ROLE.SHARED, ROLE.LOCAL, ROLE.LOCAL]);
  const lay = globalLayout(roles, Float64Array.from(temperatures));
  const single = (await fitBatch(c, spectra.map((s) => ({ freq: s.freq, re: s.re, im: s.im })), { warmStart: true })) as FitResult[];
  const forms = [ 'sigma', null, null, 'sigma', null, null, null, null] as const;
  const theta0 = startTheta(lay, problems[0]!, roles, forms, forms.map(() => undefined), single, temperatures, []);
  const pr0 = problems[0]!;
  const lmOpts = { ftol: pr0.ftol, xtol: pr0.xtol, gtol: pr0.gtol, maxEvaluations: 200 * (theta0.length + 1) };
  for (const k of [wasm, jsGlobalKernels]) {
    const times: number[] = [];
    let res;
    for (let r = 0; r < 10; r++) {
      const th = theta0.slice();
      const t = now();
      res = k.globalLm(c.kernelProgram, problems, lay, th, lmOpts);
      if (r >= 3) times.push(now() - t);
    }
    const ms = median(times);
    loopRows.push(`| ${S} | ${theta0.length} | ${k.name === 'wasm' ? 'WASM' : 'TS reference'} | ${ms.toFixed(2)} | ${res!.iterations} | ${res!.njev} | ${res!.denseFallbacks} | ${(ms / S).toFixed(3)} | ${res!.chi2.toPrecision(10)} |`);
  }
  // 2. the whole call; the four configurations interleaved per round (no order effects)
  const configs = (['wasm', 'js'] as const).flatMap((backend) => [false, true].map((lackOfFit) => ({ backend, lackOfFit })));
  const times = configs.map(() => [] as number[]);
  const last: Awaited<ReturnType<typeof globalFit>>[] = [];
  for (let round = 0; round < 10; round++) {
    for (let i = 0; i < configs.length; i++) {
      const t = now();
      last[i] = await globalFit(c, spectra, { ...opts, ...configs[i]! });
      if (round >= 3) times[i]!.push(now() - t); // 3 untimed rounds (JIT)
    }
  }
  configs.forEach(({ lackOfFit }, i) => {
    const g = last[i]!, ea = g.activationEnergies.R1!;
    callRows.push(`| ${S} | ${8 + 2 * S} | ${g.backend === 'wasm' ? 'WASM' : 'JS (TS reference)'} | ${lackOfFit ? 'yes' : 'no'} | ${median(times[i]!).toFixed(0)} | ${g.iterations} | ${ea.value.toFixed(4)} ± ${ea.stderr.toFixed(4)} |`);
  });
}
console.log('The LM loop alone (GlobalKernels.globalLm from globalFit\'s start θ), median of 7 after 3 untimed\n');
console.log('| spectra | unknowns | loop | median ms | iterations | Jacobians (njev) | dense fallbacks | ms per spectrum | χ² |');
console.log('|---|---|---|---|---|---|---|---|---|');
console.log(loopRows.join('\n'));
console.log('\nThe whole globalFit call, median of 7 rounds after 3 untimed (configurations interleaved)\n');
console.log('| spectra | unknowns | backend (start fits and loop) | lack of fit | median ms | iterations | Ea1 ± stderr (eV) |');
console.log('|---|---|---|---|---|---|---|');
console.log(callRows.join('\n'));
console.log('ALL DONE');
