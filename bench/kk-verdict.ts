/**
 * The Lin-KK default verdict on the clear-cut cases of issue 10 (test/kk-cases.ts), over many
 * seeds: the false-fail rate on valid spectra (2-RC, ZARC, Havriliak–Negami, pellet; 71 and 81
 * points; 0.5 % noise proportional to |Z| or to each part) and the miss rate on invalid ones
 * (20 % drift, 3 % non-causal bump, 50 Hz pickup). Run: npm run bench:kk-verdict [-- seeds invalidSeeds]
 */
import { init, linKK } from '../src/index.ts';
import { VALID_CIRCUITS, invalidSpectrum, validSpectrum } from '../test/kk-cases.ts';

await init();
const seeds = Number(process.argv[2] ?? 200), invalidSeeds = Number(process.argv[3] ?? 50);
const conventions = ['modulus', 'parts'] as const;
const t0 = performance.now();
let calls = 0;
const run = (s: Parameters<typeof linKK>[0]) => {
  calls++;
  return linKK(s);
};
console.log(`Lin-KK default verdict; valid: ${seeds} seeds per case and noise convention; invalid: ${invalidSeeds}`);
console.log('case                     N   valid noise-free  false fails (modulus, parts)   drift miss  bump miss  pickup miss');
for (const c of VALID_CIRCUITS) {
  for (const n of [71, 81] as const) {
    const clean = run(validSpectrum(c, n, 0, 1)).pass ? 'pass' : 'FAIL';
    const fails = conventions.map((conv) => {
      let f = 0;
      for (let seed = 1; seed <= seeds; seed++) if (!run(validSpectrum(c, n, 0.005, seed, conv)).pass) f++;
      return `${f}/${seeds}`;
    });
    const misses = (['drift', 'bump', 'pickup'] as const).map((a) => {
      let m = run(invalidSpectrum(c, a, n, 0, 1)).pass ? 1 : 0;
      for (const conv of conventions) for (let seed = 1; seed <= invalidSeeds; seed++) if (run(invalidSpectrum(c, a, n, 0.005, seed, conv)).pass) m++;
      return `${m}/${2 * invalidSeeds + 1}`;
    });
    console.log(`${c.name.padEnd(24)} ${n}  ${clean.padEnd(17)} ${fails.join(', ').padEnd(30)} ${misses.map((m) => m.padEnd(11)).join('')}`);
  }
}
console.log(`${calls} linKK calls, ${((performance.now() - t0) / calls).toFixed(1)} ms each (WASM, default options)`);
