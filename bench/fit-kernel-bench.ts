/**
 * Kernel time per LM iteration (Node): the WASM fit kernel (eis_fit_batch) alone, timed around
 * its calls, on the noisy and the noise-free pellet batch of bench/fit-noisy-bench.ts (1000
 * spectra of `R0-p(R1,CPE1)-CPE2`, 61 points, automatic start values, modulus weighting), and
 * divided by the batch's iterations and Jacobians (machine-independent counts, printed beside).
 * JS around the kernel (problem building, results, fit quality) is not in the figure.
 *
 * Several core modules can be compared in one process, interleaved round by round (the same
 * load for each): `--wasm before.wasm --wasm build/release.wasm` (files built by `asc … --target
 * release`); without `--wasm` the embedded module runs alone.
 *
 * Run: npm run bench:fit:kernel [-- --wasm a.wasm --wasm b.wasm] [-- --rounds 9] [-- --representation Y]
 * (the fits in Y or M: the same spectra, σ of X by the default weighting).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fitBatch, init, parseCircuit, simulate, logFrequencies, createEngine, type FitResult, type Spectrum } from '../src/index.ts';
import { Engine } from '../bindings/engine.ts';
import { WasmModule, type RawExports } from '../bindings/loader.ts';
import { pelletSet } from './fit-bench.ts';
import { median } from './bench.ts';

const args = process.argv.slice(2);
const files = args.flatMap((a, i) => (a === '--wasm' ? [args[i + 1]!] : []));
const roundsAt = args.indexOf('--rounds');
const ROUNDS = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 9;
const reprAt = args.indexOf('--representation');
const representation = (reprAt >= 0 ? args[reprAt + 1] : 'Z') as 'Z' | 'Y' | 'M';

await init();
const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
const freq = logFrequencies(1e6, 1, 61);
const { truths, spectra: clean } = pelletSet(1000);
const noisy: Spectrum[] = truths.map((t, k) => simulate(c, freq, t, { noise: 0.005, seed: 1000 + k }));

interface Variant {
  label: string;
  engine: Engine;
  kernelMs: number;
}

/** An engine whose eis_fit_batch calls add their wall time to `v.kernelMs`. */
function timed(label: string, engine: Engine): Variant {
  const v: Variant = { label, engine, kernelMs: 0 };
  const run = engine.run.bind(engine);
  let raw: RawExports | undefined, wrapped: RawExports | undefined;
  // the exports object is frozen: a copy with eis_fit_batch wrapped
  engine.run = <T>(fn: (ex: RawExports) => T): T => run((ex) => {
    if (ex !== raw) {
      raw = ex;
      const fitBatchRaw = ex.eis_fit_batch;
      wrapped = { ...ex, eis_fit_batch: (...a: Parameters<RawExports['eis_fit_batch']>) => {
        const t = performance.now();
        fitBatchRaw(...a);
        v.kernelMs += performance.now() - t;
      } } as RawExports;
    }
    return fn(wrapped!);
  });
  return v;
}

const variants: Variant[] = [];
if (files.length === 0) variants.push(timed('embedded', await createEngine()));
for (const f of files) {
  const bytes = readFileSync(f);
  const mod = new WasmModule<RawExports>(f, async () => new Uint8Array(bytes));
  await mod.compile();
  variants.push(timed(`#${variants.length + 1} ${f}`, Engine.forModule(mod)));
}

const batches = [['noisy', noisy], ['noise-free', clean]] as const;
const counts = new Map<string, { iterations: number; njev: number; nfev: number; fits: number }>();
const times = new Map<string, { kernel: number[]; total: number[] }>();
const load0 = loadavg();
for (let r = -1; r < ROUNDS; r++) {
  for (const [name, spectra] of batches) {
    for (const v of variants) {
      const key = `${v.label} ${name}`;
      v.kernelMs = 0;
      const t = performance.now();
      const res: FitResult[] = await fitBatch(c, spectra, { engine: v.engine, representation });
      const total = performance.now() - t;
      if (r < 0) {
        // warm-up round: the counts (identical every round: the fits are deterministic)
        counts.set(key, { fits: res.length, iterations: res.reduce((s, x) => s + x.iterations, 0), njev: res.reduce((s, x) => s + x.njev, 0), nfev: res.reduce((s, x) => s + x.nfev, 0) });
        times.set(key, { kernel: [], total: [] });
        continue;
      }
      times.get(key)!.kernel.push(v.kernelMs);
      times.get(key)!.total.push(total);
    }
  }
}
const load1 = loadavg();

console.log(`Node ${process.version}, representation ${representation}, ${ROUNDS} interleaved rounds, load average ${load0.map((x) => x.toFixed(2)).join(' ')} → ${load1.map((x) => x.toFixed(2)).join(' ')}`);
console.log('| module | batch | iterations / njev / nfev per fit | kernel ms per batch, median [min–max] | kernel µs per iteration, median (min) | µs per Jacobian | fits/s (fitBatch, calling thread) |');
console.log('|---|---|---|---|---|---|---|');
for (const [name] of batches) {
  for (const v of variants) {
    const key = `${v.label} ${name}`;
    const n = counts.get(key)!, t = times.get(key)!;
    const k = median(t.kernel);
    console.log(`| ${v.label} | ${name} | ${(n.iterations / n.fits).toFixed(2)} / ${(n.njev / n.fits).toFixed(2)} / ${(n.nfev / n.fits).toFixed(2)} | ${k.toFixed(2)} [${Math.min(...t.kernel).toFixed(2)}–${Math.max(...t.kernel).toFixed(2)}] | ${((1000 * k) / n.iterations).toFixed(3)} (${((1000 * Math.min(...t.kernel)) / n.iterations).toFixed(3)}) | ${((1000 * k) / n.njev).toFixed(3)} | ${Math.round((1000 * n.fits) / median(t.total))} |`);
  }
}
