/**
 * Every element of the table against golden vectors from two independent sources:
 * - mpmath at ≥ 40 digits from the table's formula strings (test/fixtures/gen_golden.py),
 *   values and analytic derivatives, 1e-6 … 1e7 Hz, stress parameter sets;
 * - the values impedance.py 1.7.1's own test suite asserts (test_each_element).
 * A table entry without golden vectors fails here, so a new element cannot skip this; nor can it
 * skip its reference, kernel, dispatch case, role, start-value rule or plot units (missingPieces).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ELEMENTS, parseCircuit } from '../src/index.ts';
import golden from './fixtures/elements.golden.json';
import ipy from './fixtures/impedancepy/element-test-values.json';
import { BACKENDS, cabsDiff, ensureInit } from './helpers.ts';
import { ELEMENT_DEFINITIONS } from '../src/elements/index.ts';
import type { ElementDefinition } from '../src/elements/index.ts';
import { missingPieces, type PieceSources } from './element-pieces.ts';
import { paramName } from '../src/elements/index.ts';
import { parameterSpec, prettyUnit } from '../src/plot/index.ts';
import kernelSource from '../assembly/elements.ts?raw';
import dispatchSource from '../assembly/generated/dispatch.ts?raw';

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

describe('every element is complete (one file per element, nothing forgotten elsewhere)', () => {
  const sources: PieceSources = { golden: G, kernelSource, dispatchSource };

  it('ELEMENTS are the rows of the element files, in op order, op ids unique and increasing', () => {
    expect(ELEMENTS.map((e) => e.symbol)).toEqual(ELEMENT_DEFINITIONS.map((d) => d.spec.symbol));
    ELEMENTS.forEach((e, k) => expect(e).toBe(ELEMENT_DEFINITIONS[k]!.spec));
    for (let k = 1; k < ELEMENTS.length; k++) expect(ELEMENTS[k]!.op).toBeGreaterThan(ELEMENTS[k - 1]!.op);
    // the generated dispatch has exactly one kernel case per element, one gradient-only case per
    // gradientKernel and one flag case per valuesDependOnGradient and per gradientWithValues
    const cases = (what: string) => dispatchSource.match(new RegExp(`case OP_\\w+: ${what}`, 'g'))?.length ?? 0;
    const defs = ELEMENT_DEFINITIONS as readonly ElementDefinition[];
    expect(cases('E\\.elem\\w+\\(n, w, lnw, p, zr, zi, jr, ji, stride\\); break;')).toBe(ELEMENTS.length);
    expect(cases('E\\.elem\\w+Gradient\\(')).toBe(defs.filter((d) => d.gradientKernel).length);
    expect(dispatchSource.split('export function valuesDependOnGradient(')[1]!.split('\n}\n')[0]!.match(/case OP_\w+: return true;/g)?.length ?? 0)
      .toBe(defs.filter((d) => d.valuesDependOnGradient).length);
    expect(cases('return true; // gradientWithValues')).toBe(defs.filter((d) => d.gradientWithValues).length);
    expect(dispatchSource.match(/case OP_\w+:/g)?.length).toBe(ELEMENTS.length + cases('E\\.elem\\w+Gradient\\(') + cases('return true;'));
  });

  for (const def of ELEMENT_DEFINITIONS) {
    it(`${def.spec.symbol}: reference, kernel, dispatch, golden vectors, role, start-value rule, plot units`, () => {
      expect(missingPieces(def, sources)).toEqual([]);
    });

    it(`${def.spec.symbol}: the WASM kernel, reached through the generated dispatch, equals the element file's reference`, () => {
      const c = parseCircuit(`${def.spec.symbol}1`);
      const freq = [1e-3, 0.1, 1, 37, 1e3, 2.5e4, 1e6];
      const params = def.spec.params.map((p) => p.default);
      const jac = c.jacobian(freq, params, { backend: 'wasm' });
      const P = params.length;
      freq.forEach((f, i) => {
        const w = 2 * Math.PI * f;
        const ref = def.impedance(w, Math.log(w), params, 0);
        const mag = Math.hypot(ref.z.re, ref.z.im);
        expect(cabsDiff(jac.z.re[i]!, jac.z.im[i]!, ref.z.re, ref.z.im) / mag, `Z at ${f} Hz`).toBeLessThan(TOL_Z);
        for (let k = 0; k < P; k++) {
          const g = ref.grad[k]!;
          const err = cabsDiff(jac.re[i * P + k]!, jac.im[i * P + k]!, g.re, g.im) / (Math.hypot(g.re, g.im) || 1);
          expect(err, `∂Z/∂${def.spec.params[k]!.name} at ${f} Hz`).toBeLessThan(TOL_DZ);
        }
      });
    });
  }

  it('a parameter table of any element is plotted with its units (no axis titled unit?)', () => {
    for (const def of ELEMENT_DEFINITIONS) {
      const names = def.spec.params.map((_p, k) => paramName(`${def.spec.symbol}3`, def.spec, k));
      const columns = ['temperatureK', ...names.flatMap((n) => [n, `${n} stderr`])];
      const rows = [300, 350].map((T) => [T, ...def.spec.params.flatMap((p) => [p.default, 0])]);
      const text = JSON.stringify(parameterSpec({ columns, rows }));
      def.spec.params.forEach((p, k) => expect(text, `${names[k]}`).toContain(`"${names[k]} (${prettyUnit(p.unit) || '–'})"`));
      expect(text).not.toContain('unit?');
    }
  });

  it('element files import only each other, src/math (with the complex helper) and the ABI descriptor (the generators bundle the folder alone)', () => {
    const files = import.meta.glob('../src/elements/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
    expect(Object.keys(files).length).toBeGreaterThan(10);
    for (const [path, text] of Object.entries(files)) {
      for (const m of text.matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gm)) {
        expect(/^\.\/[\w-]+\.ts$|^\.\.\/math\/[\w-]+\.ts$|^\.\.\/abi\/descriptor\.ts$/.test(m[1]!), `${path} imports ${m[1]}`).toBe(true);
      }
    }
  });

  describe('missingPieces reports what an incomplete entry lacks', () => {
    const cpe = ELEMENT_DEFINITIONS.find((d) => d.spec.symbol === 'CPE')! as ElementDefinition;
    const inductor = ELEMENT_DEFINITIONS.find((d) => d.spec.symbol === 'L')! as ElementDefinition;
    const without = (def: ElementDefinition, change: Partial<ElementDefinition>): ElementDefinition => ({ ...def, ...change });

    it('a new element with only its row and a reference: every other piece named', () => {
      const fake: ElementDefinition = {
        spec: { ...cpe.spec, symbol: 'Qx', op: 99, params: cpe.spec.params },
        kernel: 'elemQx', impedance: cpe.impedance, role: 'blocking', guess: { scaled: cpe.guess.scaled },
      };
      expect(missingPieces(fake, sources)).toEqual([
        'kernel elemQx in assembly/elements.ts',
        'case in the generated dispatch (npm run gen)',
        'golden vectors (test/fixtures/gen_golden.py)',
        'start-value rule (inArc, asTail)',
        'plot units (Q, alpha)',
      ]);
    });

    it('one piece removed from a complete element: that piece alone', () => {
      expect(missingPieces(without(cpe, { kernel: 'elemCPX' }), sources)).toEqual(['kernel elemCPX in assembly/elements.ts', 'case in the generated dispatch (npm run gen)']);
      expect(missingPieces(without(cpe, { guess: { ...cpe.guess, asTail: undefined } }), sources)).toEqual(['start-value rule (asTail)']);
      expect(missingPieces(without(cpe, { guess: { ...cpe.guess, scaled: () => [1] } }), sources)).toEqual(['start-value rule (scaled)']);
      expect(missingPieces(without(inductor, { guess: { scaled: inductor.guess.scaled } }), sources)).toEqual(['start-value rule (asInductor)']);
      expect(missingPieces(without(cpe, { role: 'capacitive' as never }), sources)).toEqual(['role']);
      expect(missingPieces(without(cpe, { gradientKernel: 'elemCPXGradient' }), sources)).toEqual(['gradient-only kernel elemCPXGradient in assembly/elements.ts and its case in the generated dispatch']);
      // a reference that forgets a derivative
      const oneGrad = without(cpe, { impedance: (w, lnw, p, o) => ({ ...cpe.impedance(w, lnw, p, o), grad: cpe.impedance(w, lnw, p, o).grad.slice(0, 1) }) });
      expect(missingPieces(oneGrad, sources)).toEqual(['reference impedance with one ∂Z/∂p per parameter']);
      // golden vectors of another parameter list
      expect(missingPieces(cpe, { ...sources, golden: { ...G, CPE: { paramNames: ['Q', 'n'], cases: G.CPE!.cases } } })).toEqual(['golden vectors (test/fixtures/gen_golden.py)']);
    });
  });
});

describe('Wo, Ws, G, K, TLMQ, Gs and T two points per step (assembly/vwarburg.ts, rOverPowU)', () => {
  // x = √(ωτ/2) from 1e-9 to 40 on 801 points (odd: a scalar tail): both sides of the series
  // limit x√2 = 0.5 and of the semi-infinite limit x = 22, pairs with one lane on each side, and
  // every quadrant of sin x. In a series circuit with another element the Jacobian columns of
  // Wo/Ws are not the first ones, so the vector stores' row stride and column offset are checked.
  // For G and K the same grid is y = ωτ = 2x² from 2e-18 to 3200; for TLMQ |b| = √(Rion·Qs·ω^γ)
  // runs from 1e-8 to 250 (series limit 0.5; γ = 1 puts b on the diagonal, where Re(A·br − B·bi) cancels);
  // for Gs (φ = 2) Re φs runs from 2 to 160; for T (a = 0.5, b = τ) Re β from 0.7 to 40, Im β
  // from 1e-18 to 40 (every quadrant of sin/cos Im β, whose signs csch β needs).
  const tau = 2e-3;
  const xs = Array.from({ length: 801 }, (_, i) => 10 ** (-9 + (i / 800) * Math.log10(40e9)));
  const freq = xs.map((x) => (2 * x * x) / tau / (2 * Math.PI));
  const elementParams: Record<string, number[]> = { Wo: [30, tau], Ws: [30, tau], G: [30, tau], K: [30, tau], TLMQ: [30, 1e-3, 1], Gs: [30, tau, 2], T: [30, 20, 0.5, tau] };
  for (const [symbol, own] of Object.entries(elementParams)) {
    it(`${symbol}: Z and ∂Z/∂p equal the element file's reference at every x`, () => {
      const def = ELEMENT_DEFINITIONS.find((d) => d.spec.symbol === symbol)!;
      const c = parseCircuit(`R0-${symbol}1`);
      const params = [5, ...own];
      const P = params.length;
      const jac = c.jacobian(freq, params, { backend: 'wasm' });
      const z = parseCircuit(`${symbol}1`).impedance(freq, params.slice(1), { backend: 'wasm' }); // Z alone: R0 + Z would round away small |Z|
      let worstZ = 0, worstJ = 0;
      freq.forEach((f, i) => {
        const w = 2 * Math.PI * f;
        const ref = def.impedance(w, Math.log(w), params.slice(1), 0);
        worstZ = Math.max(worstZ, cabsDiff(z.re[i]!, z.im[i]!, ref.z.re, ref.z.im) / Math.hypot(ref.z.re, ref.z.im));
        expect([jac.re[i * P]!, jac.im[i * P]!]).toEqual([1, 0]);
        for (let k = 0; k < own.length; k++) {
          const g = ref.grad[k]!;
          worstJ = Math.max(worstJ, cabsDiff(jac.re[i * P + 1 + k]!, jac.im[i * P + 1 + k]!, g.re, g.im) / Math.hypot(g.re, g.im));
        }
      });
      // measured: Z ≤ 1.1e-15, ∂Z/∂p ≤ 3.4e-15 (TLMQ, the others less); the element-wide tolerances above are 1e-13 / 1e-12
      expect(worstZ).toBeLessThan(1e-14);
      // Gs's ∂Z/∂τ is a product of four rounded complex factors, (tanh + φs·sech²)·h²·j/(2s), and T's
      // ∂Z/∂a, ∂Z/∂b of five: 1.0e-14 each
      expect(worstJ).toBeLessThan(symbol === 'Gs' || symbol === 'T' ? 5e-14 : 1e-14);
    });
  }
});
