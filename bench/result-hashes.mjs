/**
 * Bit-identity evidence for changes that must not change a result: sha256 (first 16 hex digits)
 * of every number and verdict a set of standard problems gives, computed from a *built* tree's
 * dist/node/eiskit.mjs. Run it on the tree before and after a change (two checkouts, both built)
 * and compare the lines; a set whose hash differs names which results moved.
 *
 *   node bench/result-hashes.mjs [tree] [--quick]      (npm run bench:hashes -- [tree])
 *
 * The sets: the noisy (0.5 %, seed 1000 + k) and noise-free pellet batch of bench/fit-noisy-bench
 * (`R0-p(R1,CPE1)-CPE2`, 61 points; the truths drawn here by a fixed LCG, so the set is the same on
 * every machine), the same fitted warm-started, in Y and M, with R0 fixed and the window cropped,
 * on the JS backend; initialGuess of many circuits on pellet spectra and on reversed/shuffled grids;
 * impedance.py's exampleData and the fits.json problems (Z, Y, M; given and automatic starts,
 * three starts); every element in Z/Y/M (impedance, Jacobian, fits, a warm batch); a global
 * Arrhenius fit; Lin-KK. A field is hashed by its IEEE bits (Float64Array), a verdict by its text.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const root = resolve(args.find((a) => !a.startsWith('--')) ?? '.');
const quick = args.includes('--quick');
const e = await import(pathToFileURL(`${root}/dist/node/eiskit.mjs`).href);
await e.init();
const json = (path) => JSON.parse(readFileSync(`${root}/${path}`, 'utf8'));

const out = {};
let h = null;
const begin = () => { h = createHash('sha256'); };
const end = (name) => { out[name] = h.digest('hex').slice(0, 16); };
const num = (a) => h.update(new Uint8Array(Float64Array.from(a).buffer));
const text = (v) => h.update(JSON.stringify(v, (_k, x) => (ArrayBuffer.isView(x) ? Array.from(x, String) : typeof x === 'number' ? String(x) : x)));
/** Every number of a fit result by its bits, the rest as text. */
const result = (r) => {
  for (const a of [r.params, r.stderr, r.covariance, r.correlation, r.fitted.re, r.fitted.im, r.residuals.re, r.residuals.im]) num(a);
  num([r.chi2, r.reducedChi2, r.dof, r.aic, r.bic, r.iterations, r.nfev ?? 0, r.njev ?? 0, r.status ?? 0]);
  text([r.paramNames, r.free, r.weighting, r.representation, r.success, r.message, r.quality, r.warnings, r.backend, r.byName]);
};
const attempt = (f) => { try { result(f()); } catch (err) { h.update(`error ${err.code}`); } };

// the pellet batch, truths from a fixed LCG
let seed = 12345;
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const logUniform = (a, b) => 10 ** (Math.log10(a) + (Math.log10(b) - Math.log10(a)) * rnd());
const uniform = (a, b) => a + (b - a) * rnd();
const N = quick ? 200 : 1000;
const pellet = e.parseCircuit('R0-p(R1,CPE1)-CPE2');
const f61 = e.logFrequencies(1e6, 1, 61);
const truths = Array.from({ length: N }, () => [logUniform(5, 50), logUniform(1e3, 1e5), logUniform(1e-10, 1e-9), uniform(0.8, 0.98), logUniform(3e-7, 3e-6), uniform(0.7, 0.95)]);
const clean = truths.map((t) => e.simulate(pellet, f61, t));
const noisy = truths.map((t, k) => e.simulate(pellet, f61, t, { noise: 0.005, seed: 1000 + k }));
const part = (n) => noisy.slice(0, quick ? Math.min(n, 100) : n);
for (const [name, set, options] of [
  ['pellet noisy', noisy, {}], ['pellet noise-free', clean, {}], ['pellet warm', part(300), { warmStart: true, chunkSize: 100 }],
  ['pellet Y', part(300), { representation: 'Y' }], ['pellet M', part(300), { representation: 'M' }],
  ['pellet fixed R0, cropped, proportional', part(300), { fixed: { R0: 20 }, fmin: 2, weighting: 'proportional' }],
  ['pellet JS backend', part(60), { backend: 'js' }],
]) {
  begin();
  for (const r of await e.fitBatch(pellet, set, options)) result(r);
  end(name);
}

// initialGuess: many circuits, pellet spectra and exampleData, ascending/reversed/shuffled grids
const tv = json('test/fixtures/impedancepy/test-vectors.json').fitting;
const example = { freq: tv.frequencies_hz, re: tv.Z.re, im: tv.Z.im };
begin();
{
  const reversed = (s) => ({ freq: [...s.freq].reverse(), re: [...s.re].reverse(), im: [...s.im].reverse() });
  const shuffled = (s) => {
    const n = s.freq.length, idx = [...Array(n).keys()].sort((a, b) => ((a * 37) % n) - ((b * 37) % n));
    return { freq: idx.map((i) => s.freq[i]), re: idx.map((i) => s.re[i]), im: idx.map((i) => s.im[i]) };
  };
  const circuits = ['R0-C1', 'R0-CPE1', 'R0-W1', 'R0-p(R1,C1)', 'R0-R1-p(R2,C1)', 'R0-p(R1,C1)-p(R2,C2)', 'R0-p(R1,C1)-p(R2-Wo1,C2)',
    'R0-p(R1,CPE1)-p(R2,CPE2)', 'R0-p(R1-W1,C1)', 'R0-K1-K2', 'R0-p(R1,CPE1)-Ws1', 'R0-p(R1,C1,L1)', 'R0-T1', 'R0-G1', 'L0-R0-p(R1,CPE1)-CPE2'];
  for (const source of circuits) {
    const c = e.parseCircuit(source);
    for (const s of [example, ...noisy.slice(0, 20), ...clean.slice(0, 20)]) {
      for (const g of [s, reversed(s), shuffled(s)]) { try { num(e.initialGuess(c, g)); } catch (err) { h.update(`error ${err.code}`); } }
    }
  }
}
end('initialGuess');

// exampleData and the fits.json problems, both backends
begin();
{
  const c = e.parseCircuit('R0-p(R1,C1)-p(R2-Wo1,C2)');
  const start = [0.01, 0.01, 100, 0.01, 0.05, 100, 1];
  for (const backend of ['wasm', 'js']) {
    attempt(() => e.fit(c, example, { initial: start, weighting: 'unit', backend }));
    attempt(() => e.fit(c, example, { backend }));
    for (const p of json('test/fixtures/fits.json').problems) {
      const cp = e.parseCircuit(p.circuit);
      attempt(() => e.fit(cp, p, { weighting: p.weighting, backend }));
      attempt(() => e.fit(cp, p, { initial: p.initial, weighting: p.weighting, backend, starts: 3 }));
      for (const representation of ['Y', 'M']) attempt(() => e.fit(cp, p, { initial: p.initial, weighting: p.weighting, representation, backend }));
    }
  }
}
end('exampleData and fits.json');

// every element: impedance, Jacobian, fits in Z/Y/M, a warm-started batch
begin();
{
  const f = e.logFrequencies(1e5, 1e-2, 47);
  for (const el of e.ELEMENTS) {
    const c = e.parseCircuit(`R0-p(R1,C1)-${el.symbol}9`);
    const t = [10, 100, 1e-6, ...el.params.map((p) => p.default)];
    const exponent = (i) => i >= 3 && el.params[i - 3]?.upper === 1;
    const spectrum = e.simulate(c, f, t, { noise: 0.01, seed: 5 });
    const z = c.impedance(f, t);
    const j = c.jacobian(f, t);
    num([...z.re, ...z.im, ...j.re, ...j.im]);
    for (const representation of ['Z', 'Y', 'M']) {
      attempt(() => e.fit(c, spectrum, { initial: t.map((v, i) => (exponent(i) ? v * 0.97 : v * 1.3)), representation }));
      attempt(() => e.fit(c, spectrum, { representation }));
    }
    const drift = (k) => t.map((v, i) => v * (1 + 0.05 * k * ((i % 3) - 1) * (exponent(i) ? 0.2 : 1)));
    const batch = [0, 1, 2, 3].map((k) => e.simulate(c, f, drift(k), { noise: 0.005, seed: 50 + k }));
    for (const r of await e.fitBatch(c, batch, { warmStart: true })) result(r);
  }
}
end('elements');

// a global Arrhenius fit of a seven-temperature series
begin();
{
  const K_B = 8.617333262e-5;
  const T = [140, 150, 160, 170, 180, 190, 200].map((x) => x + 273.15);
  const c = e.parseCircuit('p(R1,CPE1)-p(R2,CPE2)-CPE3');
  const f = e.logFrequencies(1e6, 0.07, 40);
  const at = (K) => [1.34e5 * Math.exp((0.57 / K_B) * (1 / K - 1 / T[0])), 7.16e-11, 0.837, 2.03e6 * Math.exp((0.89 / K_B) * (1 / K - 1 / T[0])), 1.5e-10, 0.8,
    Math.exp(Math.log(1.4e-6) + ((K - T[0]) / (T[6] - T[0])) * (Math.log(8.6e-6) - Math.log(1.4e-6))), 0.55];
  const series = T.map((K, k) => ({ ...e.simulate(c, f, at(K), { noise: 0.01, seed: 1001 + k }), temperatureK: K }));
  text(await e.globalFit(c, series, { shared: ['CPE1.Q', 'CPE1.alpha', 'CPE2.Q', 'CPE2.alpha'], arrhenius: { R1: 'sigma', R2: 'sigma' } }));
}
end('global fit');

// Lin-KK
begin();
for (const s of noisy.slice(0, quick ? 50 : 200)) text(e.linKK(s));
end('Lin-KK');

for (const [name, hash] of Object.entries(out)) console.log(`${hash}  ${name}`);
