/**
 * Lin-KK benchmark (Node): impedance.py's linKK on its exampleData (66 points, automatic M up
 * to 50), WASM vs the TS reference, other option sets, and a batch of 1000 spectra.
 * Method: warm-up, then the median of repeated slices (single tests) or of 5 runs (batch).
 */
import { createEngine, linKK, linKKBatch, type LinKKOptions } from '../src/index.ts';
import fx from '../test/fixtures/linkk.json';
import { timeIt } from './bench.ts';
import { pelletSet } from './fit-bench.ts';

export async function runKkBench(log: (s: string) => void): Promise<string> {
  const engine = await createEngine();
  const data = { freq: fx.freq, re: fx.re, im: fx.im };
  const lines = ['#### Single spectrum: exampleData.csv (66 points)', '', '| options | M | WASM ms | TS reference ms | WASM / TS |', '|---|---|---|---|---|'];
  const sets: [string, LinKKOptions][] = [
    ["impedance.py's: `{ fitType: 'real', addCapacitance: false, c: 0.85, maxM: 50, method: 'mu', verdict: 'threshold' }`", { fitType: 'real', addCapacitance: false, c: 0.85, maxM: 50, method: 'mu', verdict: 'threshold' }],
    ["complex, series C and L, `method: 'mu'` (the default before issue 10)", { method: 'mu' }],
    ["`method: 'score'` (scans M = 1…50)", { method: 'score' }],
    ["`method: 'mu', extension: 'auto'` (21 F_ext values)", { method: 'mu', extension: 'auto' }],
    ["defaults: `method: 'noise'` (a score scan over 5 F_ext values, then one fit), statistics verdict", {}],
  ];
  for (const [label, o] of sets) {
    const r = linKK(data, { ...o, engine });
    const w = timeIt(() => linKK(data, { ...o, engine }));
    const j = timeIt(() => linKK(data, { ...o, backend: 'js' }), 5, 200);
    lines.push(`| ${label} | ${r.M} | ${w.toFixed(3)} | ${j.toFixed(2)} | ${(j / w).toFixed(1)}× |`);
    log(lines[lines.length - 1]!);
  }
  lines.push('| impedance.py 1.7.1 `linKK` (measured on this machine, issue text) | 22 | — | 45 (Python) | — |', '');

  // batch: 1000 pellet spectra with 0.2 % noise, the μ rule (the default before issue 10)
  const { spectra } = pelletSet(1000);
  const noisy = spectra.map((s, k) => ({ ...s, re: s.re.map((v, i) => v * (1 + 0.002 * Math.sin(97 * k + 13 * i))), im: s.im }));
  const run = async (backend: 'wasm' | 'js', n: number) => {
    const t = performance.now();
    const res = await linKKBatch(noisy.slice(0, n), { method: 'mu', backend, engine: backend === 'wasm' ? engine : undefined });
    return { ms: performance.now() - t, pass: res.filter((r) => r.pass).length };
  };
  await run('wasm', 1000);
  const runs = [];
  for (let k = 0; k < 5; k++) runs.push(await run('wasm', 1000));
  const med = runs.sort((a, b) => a.ms - b.ms)[2]!;
  const js = await run('js', 100);
  lines.push('#### Batch: `linKKBatch` of 1000 pellet spectra (61 points, 0.2 % deterministic noise), `method: \'mu\'`', '',
    '| | spectra per second | ms per 1000 | passed |', '|---|---|---|---|',
    `| WASM | ${(1000 / (med.ms / 1000)).toFixed(0)} | ${med.ms.toFixed(0)} | ${(med.pass / 10).toFixed(1)} % |`,
    `| TS reference (first 100) | ${(100 / (js.ms / 1000)).toFixed(0)} | — | ${js.pass} % |`);
  log(lines.slice(-2).join('\n'));
  return lines.join('\n');
}
