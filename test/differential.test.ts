/**
 * Property tests: the WASM kernels against the TS reference on random circuits, the
 * analytic Jacobian against central differences, and circuit identities.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCircuit } from '../src/index.ts';
import { evaluateReference, makeGrid } from '../src/reference/evaluate.ts';
import { problemArb, circuitArb, paramsArb, freqArb } from './arbitraries.ts';
import { cabsDiff, ensureInit } from './helpers.ts';

const FC = { seed: 42, numRuns: 300 } as const;

beforeAll(ensureInit);

/** Z and the rounding scale Σ|∂Z/∂Z_e|·|Z_e| from the reference. */
function reference(source: string, params: number[], freq: number[]) {
  const c = parseCircuit(source);
  return evaluateReference(c.program, params, makeGrid(freq), { jacobian: true, scale: true });
}

describe('WASM == TS reference', () => {
  it('impedance on random circuits within 1e-12 of the propagated magnitude', () => {
    fc.assert(fc.property(problemArb, ({ circuit, params, freq }) => {
      const c = parseCircuit(circuit.source);
      const w = c.impedance(freq, params, { backend: 'wasm' });
      const r = reference(circuit.source, params, freq);
      for (let i = 0; i < freq.length; i++) {
        // Tolerance relative to max(|Z|, Σ_e |∂Z/∂Z_e||Z_e|): the second term is what
        // ulp-level differences in element values can legitimately propagate to when a
        // series or parallel sum cancels (a condition number, not a fudge factor).
        const bound = 1e-12 * Math.max(Math.hypot(r.re[i]!, r.im[i]!), r.scale![i]!);
        const err = cabsDiff(w.re[i]!, w.im[i]!, r.re[i]!, r.im[i]!);
        if (!(err <= bound)) throw new Error(`${circuit.source} f=${freq[i]}: |ΔZ| = ${err} > ${bound}`);
      }
    }), FC);
  });

  it('impedanceMany equals one impedance call per row, bit for bit', () => {
    fc.assert(fc.property(circuitArb.chain((c) => fc.record({
      circuit: fc.constant(c), rows: fc.array(paramsArb(c), { minLength: 1, maxLength: 5 }), freq: freqArb,
    })), ({ circuit, rows, freq }) => {
      const c = parseCircuit(circuit.source);
      for (const backend of ['wasm', 'js'] as const) {
        const many = c.impedanceMany(freq, rows, { backend });
        rows.forEach((p, k) => {
          const one = c.impedance(freq, p, { backend });
          expect(Array.from(many.re.subarray(k * freq.length, (k + 1) * freq.length))).toEqual(Array.from(one.re));
          expect(Array.from(many.im.subarray(k * freq.length, (k + 1) * freq.length))).toEqual(Array.from(one.im));
        });
      }
    }), { seed: 42, numRuns: 60 });
  });

  it('Jacobian on random circuits within 1e-10 (relative to |J| + the propagated scale)', () => {
    fc.assert(fc.property(problemArb, ({ circuit, params, freq }) => {
      const c = parseCircuit(circuit.source);
      const w = c.jacobian(freq, params, { backend: 'wasm' });
      const r = reference(circuit.source, params, freq);
      const P = params.length;
      for (let i = 0; i < freq.length; i++) {
        for (let k = 0; k < P; k++) {
          const j = i * P + k;
          // in Z units (J·p): relative to |J·p| plus the propagated rounding scale of Z
          const err = cabsDiff(w.re[j]!, w.im[j]!, r.jre![j]!, r.jim![j]!) * Math.abs(params[k]!);
          const bound = 1e-10 * (Math.hypot(r.jre![j]!, r.jim![j]!) * Math.abs(params[k]!) + r.scale![i]!);
          if (!(err <= bound)) throw new Error(`${circuit.source} ${c.paramNames[k]} f=${freq[i]}: ${err} > ${bound}`);
        }
      }
    }), FC);
  });
});

describe('analytic Jacobian == central differences', () => {
  for (const backend of ['wasm', 'js'] as const) {
    it(`random circuits (${backend})`, () => {
      fc.assert(fc.property(problemArb, ({ circuit, params, freq }) => {
        const c = parseCircuit(circuit.source);
        const jac = c.jacobian(freq, params, { backend });
        const scale = reference(circuit.source, params, freq).scale!;
        const P = params.length;
        for (let k = 0; k < P; k++) {
          const h = 1e-6 * params[k]!;
          const up = params.slice(), dn = params.slice();
          up[k] = params[k]! + h;
          dn[k] = params[k]! - h;
          const zu = c.impedance(freq, up, { backend }), zd = c.impedance(freq, dn, { backend });
          for (let i = 0; i < freq.length; i++) {
            const fr = (zu.re[i]! - zd.re[i]!) / (2 * h), fi = (zu.im[i]! - zd.im[i]!) / (2 * h);
            const j = i * P + k;
            // compared as J·p (Z units): central-difference truncation is O(h²) ≈ 1e-12
            // relative; its rounding is ≈ 1e-16·scale/1e-6 = 1e-10·scale
            const err = cabsDiff(jac.re[j]!, jac.im[j]!, fr, fi) * Math.abs(params[k]!);
            const bound = 1e-6 * Math.hypot(jac.re[j]!, jac.im[j]!) * Math.abs(params[k]!) + 1e-8 * scale[i]!;
            if (!(err <= bound)) throw new Error(`${circuit.source} ∂/∂${c.paramNames[k]} f=${freq[i]}: ${err} > ${bound}`);
          }
        }
      }), { seed: 7, numRuns: 150 });
    });
  }
});

describe('circuit identities', () => {
  const pairArb = fc.tuple(circuitArb, circuitArb).chain(([a, b]) =>
    fc.record({ a: fc.constant(a), b: fc.constant(b), pa: paramsArb(a), pb: paramsArb(b), freq: freqArb }));

  /** Renames every element of `source` by appending `suffix` to its index. */
  const rename = (source: string, suffix: string) => source.replace(/([A-Za-z]+)(\d+)/g, (m, s: string, d: string) => (s === 'p' ? m : `${s}${d}${suffix}`));

  const close = (ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array, tol = 1e-11) => {
    for (let i = 0; i < ar.length; i++) {
      const err = cabsDiff(ar[i]!, ai[i]!, br[i]!, bi[i]!);
      const mag = Math.max(Math.hypot(ar[i]!, ai[i]!), Math.hypot(br[i]!, bi[i]!));
      if (!(err <= tol * mag)) return false;
    }
    return true;
  };

  it('series is the sum and commutes; parallel commutes and is associative', () => {
    fc.assert(fc.property(pairArb, ({ a, b, pa, pb, freq }) => {
      const bb = rename(b.source, '9');
      const za = parseCircuit(a.source).impedance(freq, pa);
      const zb = parseCircuit(bb).impedance(freq, pb);
      const ab = parseCircuit(`${wrapSeries(a.source)}-${wrapSeries(bb)}`).impedance(freq, [...pa, ...pb]);
      const ba = parseCircuit(`${wrapSeries(bb)}-${wrapSeries(a.source)}`).impedance(freq, [...pb, ...pa]);
      const sumRe = za.re.map((v, i) => v + zb.re[i]!), sumIm = za.im.map((v, i) => v + zb.im[i]!);
      // a cancelling sum is ill-conditioned: compare against the magnitude of the terms
      for (let i = 0; i < freq.length; i++) {
        const mag = Math.hypot(za.re[i]!, za.im[i]!) + Math.hypot(zb.re[i]!, zb.im[i]!);
        expect(cabsDiff(ab.re[i]!, ab.im[i]!, sumRe[i]!, sumIm[i]!)).toBeLessThanOrEqual(1e-13 * mag);
        expect(cabsDiff(ba.re[i]!, ba.im[i]!, ab.re[i]!, ab.im[i]!)).toBeLessThanOrEqual(1e-13 * mag);
      }
      const pab = parseCircuit(`p(${a.source},${bb})`).impedance(freq, [...pa, ...pb]);
      const pba = parseCircuit(`p(${bb},${a.source})`).impedance(freq, [...pb, ...pa]);
      // 1/(1/a + 1/b) is symmetric up to rounding of the sum
      for (let i = 0; i < freq.length; i++) {
        const ya = 1 / Math.hypot(za.re[i]!, za.im[i]!), yb = 1 / Math.hypot(zb.re[i]!, zb.im[i]!);
        const yab = 1 / Math.hypot(pab.re[i]!, pab.im[i]!);
        const cond = (ya + yb) / yab; // |Σ|Y_i|| / |ΣY_i|
        expect(cabsDiff(pab.re[i]!, pab.im[i]!, pba.re[i]!, pba.im[i]!)).toBeLessThanOrEqual(1e-13 * cond / yab);
      }
    }), { seed: 42, numRuns: 150 });
  });

  it('p(p(A,B),C) == p(A,p(B,C)) == p(A,B,C)', () => {
    fc.assert(fc.property(fc.tuple(circuitArb, circuitArb, circuitArb).chain(([a, b, c]) => fc.record({
      a: fc.constant(a.source), b: fc.constant(rename(b.source, '8')), c: fc.constant(rename(c.source, '9')),
      pa: paramsArb(a), pb: paramsArb(b), pc: paramsArb(c), freq: freqArb,
    })), ({ a, b, c, pa, pb, pc, freq }) => {
      const p = [...pa, ...pb, ...pc];
      const flat = parseCircuit(`p(${a},${b},${c})`).impedance(freq, p);
      const left = parseCircuit(`p(p(${a},${b}),${c})`).impedance(freq, p);
      const right = parseCircuit(`p(${a},p(${b},${c}))`).impedance(freq, p);
      const cond = parseCircuit(`p(${a},${b},${c})`);
      const scale = evaluateReference(cond.program, p, makeGrid(freq), { scale: true }).scale!;
      for (let i = 0; i < freq.length; i++) {
        const tol = 1e-12 * Math.max(scale[i]!, Math.hypot(flat.re[i]!, flat.im[i]!));
        expect(cabsDiff(left.re[i]!, left.im[i]!, flat.re[i]!, flat.im[i]!)).toBeLessThanOrEqual(tol);
        expect(cabsDiff(right.re[i]!, right.im[i]!, flat.re[i]!, flat.im[i]!)).toBeLessThanOrEqual(tol);
      }
    }), { seed: 42, numRuns: 150 });
  });

  it('p(X, X) == X/2', () => {
    fc.assert(fc.property(circuitArb.chain((c) => fc.record({ c: fc.constant(c), p: paramsArb(c), freq: freqArb })), ({ c, p, freq }) => {
      const x = parseCircuit(c.source).impedance(freq, p);
      const xx = parseCircuit(`p(${c.source},${rename(c.source, '7')})`).impedance(freq, [...p, ...p]);
      expect(close(xx.re, xx.im, x.re.map((v) => v / 2), x.im.map((v) => v / 2), 1e-14)).toBe(true);
    }), FC);
  });

  it('passive circuits with parameters inside the table bounds have Re Z ≥ 0', () => {
    fc.assert(fc.property(problemArb, ({ circuit, params, freq }) => {
      const z = parseCircuit(circuit.source).impedance(freq, params);
      for (let i = 0; i < freq.length; i++) expect(z.re[i]!).toBeGreaterThanOrEqual(-1e-12 * Math.hypot(z.re[i]!, z.im[i]!));
    }), FC);
  });

  it('R-p(R,C) tends to R0 + R1 as f → 0 and to R0 as f → ∞', () => {
    const c = parseCircuit('R0-p(R1,C1)');
    const z = c.impedance([1e-9, 1e12], [10, 1000, 1e-6]);
    expect(z.re[0]).toBeCloseTo(1010, 6);
    expect(z.re[1]).toBeCloseTo(10, 6);
  });
});

/** Wraps a series string so it can be a term of another series (series flattening keeps it equal). */
function wrapSeries(s: string): string {
  return s;
}
