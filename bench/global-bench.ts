/**
 * globalFit on the §6 recipe (specs/global-fit.md): 7 spectra × 40 f, and 50 spectra × 40 f
 * (140…200 °C evenly), 1 % noise, R1 and R2 'sigma', CPE1/CPE2 shared, CPE3 local. Reports the
 * median of 5 runs (after 3 untimed) of the whole call (start fits by fitBatch on WASM + the global LM on the TS
 * reference) with and without the lack-of-fit refit, and the global LM's iterations.
 */
import { init, globalFit, parseCircuit } from '../src/index.ts';
import { recipeSeries, RECIPE_CIRCUIT } from '../test/global-recipe.ts';

await init();
const c = parseCircuit(RECIPE_CIRCUIT);
const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const opts = { shared: ['CPE1.Q', 'CPE1.alpha', 'CPE2.Q', 'CPE2.alpha'], arrhenius: { R1: 'sigma', R2: 'sigma' } as const };
console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| spectra | unknowns | lack of fit | median ms (5 runs) | iterations | Ea1 ± stderr (eV) |');
console.log('|---|---|---|---|---|---|');
for (const S of [7, 50]) {
  const temperatures = Array.from({ length: S }, (_, k) => 413.15 + (60 * k) / (S - 1));
  const spectra = recipeSeries(0.01, 1, { temperatures });
  for (const lackOfFit of [false, true]) {
    const times: number[] = [];
    let last;
    for (let k = 0; k < 3; k++) await globalFit(c, spectra, { ...opts, lackOfFit }); // warm-up (JIT)
    for (let k = 0; k < 5; k++) {
      const t = performance.now();
      last = await globalFit(c, spectra, { ...opts, lackOfFit });
      times.push(performance.now() - t);
    }
    const ea = last!.activationEnergies.R1!;
    console.log(`| ${S} | ${8 + 2 * S} | ${lackOfFit ? 'yes' : 'no'} | ${median(times).toFixed(0)} | ${last!.iterations} | ${ea.value.toFixed(4)} ± ${ea.stderr.toFixed(4)} |`);
  }
}
