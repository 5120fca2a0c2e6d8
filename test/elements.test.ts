/**
 * Every element of the table against golden vectors from two independent sources:
 * - mpmath at ≥ 40 digits from the table's formula strings (test/fixtures/gen_golden.py),
 *   values and analytic derivatives, 1e-6 … 1e7 Hz, stress parameter sets;
 * - the values impedance.py 1.7.1's own test suite asserts (test_each_element).
 * A table entry without golden vectors fails here, so a new element cannot skip this.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ELEMENTS, parseCircuit } from '../src/index.ts';
import golden from './fixtures/elements.golden.json';
import ipy from './fixtures/impedancepy/element-test-values.json';
import { BACKENDS, cabsDiff, ensureInit } from './helpers.ts';

interface GoldenCase { label?: string; params: number[]; freq: number[]; re: number[]; im: number[]; dRe: number[][]; dIm: number[][] }
const G = (golden as unknown as { elements: Record<string, { paramNames: string[]; cases: GoldenCase[] }> }).elements;

// Relative tolerance on |Z| (complex modulus: a component alone can be exactly 0 or tiny).
// The formulas are evaluated in closed forms without cancellation (expm1-based hyperbolics,
// series where closed forms cancel), so both backends stay within a few hundred ulps.
const TOL_Z = 1e-13;
// Derivatives: same, relative to |∂Z/∂p|.
const TOL_DZ = 1e-12;

beforeAll(ensureInit);

describe('element golden vectors (mpmath)', () => {
  it('every element in the table has golden vectors with ≥ 4 parameter sets', () => {
    for (const e of ELEMENTS) {
      expect(G[e.symbol], `no golden vectors for ${e.symbol}`).toBeDefined();
      expect(G[e.symbol]!.cases.length).toBeGreaterThanOrEqual(4);
      expect(G[e.symbol]!.paramNames).toEqual(e.params.map((p) => p.name));
    }
  });

  for (const e of ELEMENTS) {
    for (const backend of BACKENDS) {
      it(`${e.symbol}: Z and ∂Z/∂p match mpmath (${backend})`, () => {
        const c = parseCircuit(`${e.symbol}1`);
        let worstZ = 0, worstD = 0;
        for (const gc of G[e.symbol]!.cases) {
          const jac = c.jacobian(gc.freq, gc.params, { backend });
          const z = c.impedance(gc.freq, gc.params, { backend });
          const P = gc.params.length;
          gc.freq.forEach((_, i) => {
            const mag = Math.hypot(gc.re[i]!, gc.im[i]!);
            const errZ = cabsDiff(z.re[i]!, z.im[i]!, gc.re[i]!, gc.im[i]!) / mag;
            const errJZ = cabsDiff(jac.z.re[i]!, jac.z.im[i]!, gc.re[i]!, gc.im[i]!) / mag;
            worstZ = Math.max(worstZ, errZ, errJZ);
            for (let k = 0; k < P; k++) {
              const gr = gc.dRe[k]![i]!, gi = gc.dIm[k]![i]!;
              const dm = Math.hypot(gr, gi);
              const err = cabsDiff(jac.re[i * P + k]!, jac.im[i * P + k]!, gr, gi) / (dm || 1);
              if (err > TOL_DZ) throw new Error(`${e.symbol} ${gc.label ?? ''} ∂/∂${e.params[k]!.name} at f=${gc.freq[i]}: rel err ${err}`);
              worstD = Math.max(worstD, err);
            }
            if (errZ > TOL_Z) throw new Error(`${e.symbol} ${gc.label ?? ''} Z at f=${gc.freq[i]}: rel err ${errZ}`);
          });
        }
        expect(worstZ).toBeLessThanOrEqual(TOL_Z);
        expect(worstD).toBeLessThanOrEqual(TOL_DZ);
      });
    }
  }
});

describe('impedance.py test_each_element values', () => {
  // impedance.py compares with numpy.isclose: |a − b| ≤ 1e-8 + 1e-5·|b|
  const isclose = (a: number, b: number) => Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
  const ipyElements = (ipy as unknown as { elements: Record<string, [number, number][]> }).elements;

  it('covers every impedance.py element in the table', () => {
    expect(Object.keys(ipyElements).sort()).toEqual(ELEMENTS.filter((e) => e.symbol !== 'H').map((e) => e.symbol).sort());
  });

  for (const [symbol, expected] of Object.entries(ipyElements)) {
    for (const backend of BACKENDS) {
      it(`${symbol} (${backend})`, () => {
        const c = parseCircuit(`${symbol}1`);
        const params = ipy.params.slice(0, c.paramNames.length);
        const z = c.impedance(ipy.freq, params, { backend });
        expected.forEach(([re, im], i) => {
          expect(isclose(z.re[i]!, re), `Re ${symbol} f=${ipy.freq[i]}: ${z.re[i]} vs ${re}`).toBe(true);
          expect(isclose(z.im[i]!, im), `Im ${symbol} f=${ipy.freq[i]}: ${z.im[i]} vs ${im}`).toBe(true);
        });
      });
    }
  }
});
