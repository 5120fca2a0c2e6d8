// A/B of the kernels and the public calls of two builds in one process, interleaved round-robin
// so machine noise hits both equally (ns per frequency point, median of 25 slices of 20 ms after
// 150 ms of warm-up; one pellet fit from given start values in µs). Each build is a bundle of
//   export { createEngine, parseCircuit, logFrequencies, fit, simulate } from './src/index.ts';
// made with esbuild --bundle --format=esm --platform=node in a checkout of that commit after
// npm run build:wasm. Usage: node bench/ab-kernels.mjs before.mjs after.mjs
const [beforePath, afterPath] = process.argv.slice(2).map((p) => new URL(p, `file://${process.cwd()}/`).href);
const before = await import(beforePath);
const after = await import(afterPath);
const circuits = [
  ['2 params', 'p(R1,C1)', [100, 1e-6]],
  ['6 params (pellet)', 'R0-p(R1,CPE1)-CPE2', [10, 1e4, 1e-9, 0.9, 1e-6, 0.8]],
  ['12 params', 'R0-p(R1,CPE1)-p(R2,CPE2)-p(R3-Wo1,CPE3)', [10, 1e3, 1e-9, 0.9, 1e4, 1e-8, 0.85, 1e3, 1e3, 1, 1e-6, 0.8]],
];
const sizes = [61, 1000];
const now = () => performance.now();
function timeSlice(fn, ms) {
  let calls = 0;
  const t0 = now();
  let t;
  do {
    for (let i = 0; i < 20; i++) fn();
    calls += 20;
  } while ((t = now() - t0) < ms);
  return (t * 1e6) / calls; // ns per call
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const rows = [];
for (const [label, src, p] of circuits) {
  for (const n of sizes) {
    const variants = [];
    for (const [name, lib] of [['before', before], ['after', after]]) {
      const engine = await lib.createEngine();
      const c = lib.parseCircuit(src);
      const f = lib.logFrequencies(1e6, 1, n);
      const bz = engine.bind(c.kernelProgram, f); bz.setParams(p);
      const bj = engine.bind(c.kernelProgram, f); bj.setParams(p);
      variants.push([`${name} Z kernel`, () => bz.impedance()]);
      variants.push([`${name} J kernel`, () => bj.jacobian()]);
      variants.push([`${name} Z public`, () => c.impedance(f, p, { engine })]);
    }
    for (const [, fn] of variants) timeSlice(fn, 150); // warm
    const samples = variants.map(() => []);
    for (let s = 0; s < 25; s++) variants.forEach(([, fn], k) => samples[k].push(timeSlice(fn, 20) / n));
    const med = Object.fromEntries(variants.map(([name], k) => [name, median(samples[k])]));
    rows.push({ label, n, med });
    console.error(label, n, JSON.stringify(Object.fromEntries(Object.entries(med).map(([k, v]) => [k, +v.toFixed(2)]))));
  }
}
// one pellet fit from given start values, end to end
{
  const times = { before: [], after: [] };
  const setups = [];
  for (const [name, lib] of [['before', before], ['after', after]]) {
    const engine = await lib.createEngine();
    const c = lib.parseCircuit('R0-p(R1,CPE1)-CPE2');
    const f = lib.logFrequencies(1e6, 0.1, 61);
    const data = lib.simulate(c, f, [10, 1e4, 1e-9, 0.9, 1e-6, 0.8], { noise: 0.002, seed: 3, backend: 'js' });
    const initial = { R0: 12, R1: 8e3, 'CPE1.Q': 2e-9, 'CPE1.alpha': 0.85, 'CPE2.Q': 2e-6, 'CPE2.alpha': 0.75 };
    setups.push([name, () => lib.fit(c, data, { initial, engine })]);
  }
  for (const [, fn] of setups) timeSlice(fn, 300);
  for (let s = 0; s < 15; s++) for (const [name, fn] of setups) times[name].push(timeSlice(fn, 40) / 1e3);
  rows.push({ label: 'pellet fit (given start)', n: 61, med: { 'before fit µs': median(times.before), 'after fit µs': median(times.after) } });
  console.error('fit', median(times.before).toFixed(1), median(times.after).toFixed(1));
}
console.log(JSON.stringify(rows));
