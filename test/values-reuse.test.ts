/**
 * The Jacobian after a values pass at the same parameters (assembly/program.ts: a fit's next
 * Jacobian after its accepted trial keeps the trial's node values and writes only the element
 * gradients, from the stored Z where the element has a gradient-only kernel) gives the bits of a
 * full pass: Z and ∂Z/∂p of eis_jacobian_after_values equal eis_jacobian's, for every element
 * alone and inside series and parallel nodes, at the golden vectors' stress parameters and
 * frequencies (1e-6 … 1e7 Hz: the scalar and the two-point paths). The values are kept for
 * every circuit except those with an element whose Z depends on the gradient flag (TLMQ). A batch
 * spectrum on the grid of the one before takes its ω and ln ω (eis_fit_batch).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, ELEMENTS, fit, fitBatch, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { ELEMENT_DEFINITIONS, type ElementDefinition } from '../src/elements/index.ts';
import { workspaceBytes } from '../src/abi/sizes.ts';
import golden from './fixtures/elements.golden.json';

interface GoldenCase { params: number[]; freq: number[] }
const G = (golden as unknown as { elements: Record<string, { cases: GoldenCase[] }> }).elements;

type Engine = Awaited<ReturnType<typeof createEngine>>;
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});

const bits = (a: Float64Array): bigint[] => Array.from(new BigUint64Array(a.slice().buffer));

/** Z and J of `source` at `params` and `freq` by eis_jacobian and by eis_jacobian_after_values. */
function both(source: string, params: number[], freq: number[]) {
  const c = parseCircuit(source);
  const { code, nodeCount, paramCount: P } = c.kernelProgram;
  const n = freq.length;
  const words = [Math.ceil(code.length / 2), P, n, n, n, workspaceBytes(nodeCount, n) / 8, n, n, n * P, n * P];
  const [rc, rp, rf, rw, rl, rk, rzr, rzi, rjr, rji] = words.map((w) => engine.allocRegion(w));
  try {
    engine.i32({ ptr: rc!.ptr, length: code.length }).set(code);
    engine.f64(rp!).set(params);
    engine.f64(rf!).set(freq);
    const read = () => ({ z: [engine.f64(rzr!).slice(), engine.f64(rzi!).slice()], j: [engine.f64(rjr!).slice(), engine.f64(rji!).slice()] });
    return engine.run((ex) => {
      ex.eis_grid(rf!.ptr, n, rw!.ptr, rl!.ptr);
      const args = [rc!.ptr, code.length, nodeCount, rp!.ptr, P, n, rw!.ptr, rl!.ptr, rk!.ptr, rzr!.ptr, rzi!.ptr, rjr!.ptr, rji!.ptr] as const;
      ex.eis_jacobian(...args);
      const full = read();
      const reused = ex.eis_jacobian_after_values(...args);
      return { full, after: read(), reused };
    });
  } finally {
    for (const r of [rc, rp, rf, rw, rl, rk, rzr, rzi, rjr, rji]) engine.freeRegion(r!);
  }
}

describe('the Jacobian after a values pass keeps the values and gives a full pass\'s bits', () => {
  for (const e of ELEMENTS) {
    const def: ElementDefinition = ELEMENT_DEFINITIONS.find((d) => d.spec.symbol === e.symbol)!;
    const keeps = !def.valuesDependOnGradient;
    it(`${e.symbol}${def.gradientKernel ? ` (${def.gradientKernel})` : ''}: alone, in series and in parallel, ${keeps ? 'values kept' : 'everything evaluated again'}`, () => {
      const circuits: [string, (p: number[]) => number[]][] = [
        [`${e.symbol}1`, (p) => p],
        [`R8-p(R9,${e.symbol}1)-C9`, (p) => [10, 100, ...p, 1e-6]],
        [`p(${e.symbol}1-R9,CPE9)-CPE8`, (p) => [...p, 50, 1e-5, 0.8, 1e-4, 0.6]],
      ];
      let compared = 0;
      for (const gc of G[e.symbol]!.cases) {
        for (const [source, withOthers] of circuits) {
          const { full, after, reused } = both(source, withOthers(gc.params), gc.freq);
          expect(reused, source).toBe(keeps ? 1 : 0);
          for (let k = 0; k < 2; k++) {
            expect(bits(after.z[k]!), `${source} Z ${gc.params}`).toEqual(bits(full.z[k]!));
            expect(bits(after.j[k]!), `${source} J ${gc.params}`).toEqual(bits(full.j[k]!));
          }
          compared++;
        }
      }
      expect(compared).toBeGreaterThanOrEqual(12);
    });
  }

  it('CPE at non-finite and extreme parameters: the gradient-only kernel takes elemCPE\'s scalar path where elemCPE does (a NaN keeps its sign bit)', () => {
    // V8's scalar and f64x2 code propagate NaN with different sign bits: a gradient kernel that
    // always took the pair path gave 0xfff8… where the full pass gave 0x7ff8… (review of lever 3)
    const freq = [1e-300, 1.7e-7, 11.26, 8.7e10, 1.48e10, 3, 1e5];
    let nonFinite = 0;
    for (const params of [[0, Infinity], [Number.NaN, 4779], [5e9, Number.NaN], [1e-300, 80], [1e300, -60], [1e-6, 0.8]]) {
      const { full, after, reused } = both('CPE1', params, freq);
      expect(reused).toBe(1);
      for (let k = 0; k < 2; k++) {
        expect(bits(after.j[k]!), `J ${params}`).toEqual(bits(full.j[k]!));
        nonFinite += full.j[k]!.filter((x) => !Number.isFinite(x)).length;
      }
    }
    expect(nonFinite).toBeGreaterThan(0);
  });

  it('elements of the root series (d = 1 + 0j exactly, its columns not written or multiplied): the bits of 1·g, signed zeros included', () => {
    // CPE at α = 80 and ω ≥ 6e4: Z underflows to +0 and ∂Z/∂Q = −Z/Q = (−0, −0); 1·(−0) − 0·(−0)
    // is +0 (a copy of g would keep −0), 0·(−0) + 1·(−0) is −0: the bits main's multiply by d gave
    const freq = [1e4, 1e5, 1e6, 1e7];
    const sign = (a: ArrayLike<number>) => Array.from(a, (x) => (Object.is(x, -0) ? '-0' : String(x)));
    for (const [source, params, re, im] of [
      ['CPE1', [1, 80], '0 0 0 0 0 0 0 0', '-0 -0 -0 -0 -0 -0 -0 -0'],
      ['R9-CPE1', [2, 1, 80], '1 0 0 1 0 0 1 0 0 1 0 0', '0 -0 -0 0 -0 -0 0 -0 -0 0 -0 -0'],
    ] as const) {
      const { full, after } = both(source, [...params], freq);
      for (const j of [full.j, after.j]) {
        expect(sign(j[0]!), source).toEqual(re.split(' '));
        expect(sign(j[1]!), source).toEqual(im.split(' '));
      }
    }
  });

  it('the memo lives for one kernel call: another program at the same addresses and parameters is evaluated, not taken from the last call', () => {
    // the backend writes each call's program into the same scratch and keeps the grid (no eis_grid between)
    const freq = [1, 10, 100, 1e3];
    const a = parseCircuit('R1-C1'), b = parseCircuit('R1-L1');
    expect(a.kernelProgram.code.length).toBe(b.kernelProgram.code.length);
    for (const [first, second] of [[a, b], [b, a]] as const) {
      const z = second.impedance(freq, [5, 1e-3]);
      first.impedance(freq, [5, 1e-3]);
      const j = second.jacobian(freq, [5, 1e-3], { engine });
      first.impedance(freq, [5, 1e-3], { engine });
      const j2 = second.jacobian(freq, [5, 1e-3], { engine });
      for (const jj of [j, j2]) {
        expect(bits(Float64Array.from(jj.z.re))).toEqual(bits(Float64Array.from(z.re)));
        expect(bits(Float64Array.from(jj.z.im))).toEqual(bits(Float64Array.from(z.im)));
      }
    }
  });

  it('a circuit of more than 64 parameters (beyond the memo) evaluates everything again, 64 keep the values', () => {
    const freq = [1e-2, 1, 1e2, 1e4, 1e6];
    for (const [count, keeps] of [[33, 0], [32, 1]] as const) {
      const source = Array.from({ length: count }, (_, k) => `CPE${k + 1}`).join('-');
      const params = Array.from({ length: count }, (_, k) => [1e-6 * (1 + k), 0.5 + 0.01 * k]).flat();
      const { full, after, reused } = both(source, params, freq);
      expect(reused, `${2 * count} parameters`).toBe(keeps);
      for (let k = 0; k < 2; k++) {
        expect(bits(after.z[k]!)).toEqual(bits(full.z[k]!));
        expect(bits(after.j[k]!)).toEqual(bits(full.j[k]!));
      }
    }
  });

  it('a batch whose grid changes between spectra (same length, other frequencies, and back) fits each as fit() does, bit for bit', async () => {
    const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
    const ga = logFrequencies(1e6, 1, 41), gb = logFrequencies(1e5, 0.1, 41);
    const truth = [20, 1e4, 1e-9, 0.9, 1e-6, 0.8];
    const grids = [ga, ga, gb, ga, gb, gb];
    const batch = grids.map((g, k) => simulate(c, g, truth.map((v, i) => (i === 1 ? v * (1 + 0.1 * k) : v)), { noise: 0.003, seed: 70 + k }));
    const res = await fitBatch(c, batch, { engine });
    res.forEach((r, k) => {
      const one = fit(c, batch[k]!, { engine });
      expect(bits(Float64Array.from(r.params)), `spectrum ${k}`).toEqual(bits(Float64Array.from(one.params)));
      expect(bits(Float64Array.from(r.fitted.re)), `spectrum ${k}`).toEqual(bits(Float64Array.from(one.fitted.re)));
      expect(r.chi2).toBe(one.chi2);
      expect(r.njev).toBe(one.njev);
    });
  });
});
