/** The public surface named in the design contract exists and behaves as documented. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as eiskit from '../src/index.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

describe('public API', () => {
  it('exports the contract names', () => {
    for (const name of ['init', 'createEngine', 'parseCircuit', 'simulate', 'logFrequencies', 'EisError', 'CircuitSyntaxError', 'ELEMENTS', 'Circuit', 'Engine', 'WASM_HASH']) {
      expect(eiskit, name).toHaveProperty(name);
    }
  });

  it('matches the DESIGN.md example', async () => {
    expect((await eiskit.init()).backend).toBe('wasm');
    const c = eiskit.parseCircuit('R0-p(R1,CPE1)-CPE2');
    expect(c.paramNames).toEqual(['R0', 'R1', 'CPE1.Q', 'CPE1.alpha', 'CPE2.Q', 'CPE2.alpha']);
    expect(c.units).toEqual(['Ohm', 'Ohm', 'S s^a', '', 'S s^a', '']);
    expect(eiskit.parseCircuit('R(RQ)Q', { syntax: 'cdc' }).toString()).toBe('R1-p(R2,CPE1)-CPE2');
    expect(c.toCDC()).toBe('R(RQ)Q');
    const j = c.jacobian([1, 10, 100], [10, 1e3, 1e-6, 0.9, 1e-5, 0.8]);
    expect([j.rows, j.cols, j.re.length]).toEqual([3, 6, 18]);
  });

  it('results are plain data that survive structuredClone', () => {
    const c = eiskit.parseCircuit('R0-p(R1,C1)');
    const s = eiskit.simulate(c, [1, 10], [1, 2, 3], { noise: 0.01, seed: 3 });
    const copy = structuredClone(s);
    expect(Array.from(copy.re)).toEqual(Array.from(s.re));
  });

  it('simulate: the same seed gives the same noise, another seed different noise, noise scales with |Z|', () => {
    const c = eiskit.parseCircuit('R0-p(R1,CPE1)');
    const f = eiskit.logFrequencies(1e5, 1, 400);
    const p = [10, 1e3, 1e-6, 0.9];
    const a = eiskit.simulate(c, f, p, { noise: 0.01, seed: 5 });
    const b = eiskit.simulate(c, f, p, { noise: 0.01, seed: 5 });
    const d = eiskit.simulate(c, f, p, { noise: 0.01, seed: 6 });
    const z = c.impedance(f, p);
    expect(Array.from(a.re)).toEqual(Array.from(b.re));
    expect(Array.from(a.re)).not.toEqual(Array.from(d.re));
    // standardised residuals have sd ≈ 1 (400 points × 2: within ±10 %)
    let ss = 0;
    for (let i = 0; i < f.length; i++) {
      const m = Math.hypot(z.re[i]!, z.im[i]!);
      ss += ((a.re[i]! - z.re[i]!) / (0.01 * m)) ** 2 + ((a.im[i]! - z.im[i]!) / (0.01 * m)) ** 2;
    }
    expect(Math.sqrt(ss / (2 * f.length))).toBeGreaterThan(0.9);
    expect(Math.sqrt(ss / (2 * f.length))).toBeLessThan(1.1);
  });

  it('logFrequencies spans the sweep from high to low', () => {
    const f = eiskit.logFrequencies(1e6, 1, 61);
    expect(f[0]).toBeCloseTo(1e6, 6);
    expect(f[60]).toBeCloseTo(1, 12);
    expect(f[10]).toBeCloseTo(1e5, 6);
  });

  it('impedance.py circuit semantics: parameter names, units and high-frequency limit', async () => {
    const tv = (await import('./fixtures/impedancepy/test-vectors.json')).default as unknown as {
      circuit_strings: {
        get_param_names_computed: Record<string, { names: string[] }>;
        custom_circuit_high_f_limit: { circuit: string; params: number[]; frequency_hz: number; computed: { re: number[]; im: number[] } };
        buildCircuit: { circuit: string; params: number[]; frequencies_hz: number[] }[];
      };
    };
    for (const [circuit, { names }] of Object.entries(tv.circuit_strings.get_param_names_computed)) {
      const c = eiskit.parseCircuit(circuit);
      // every impedance.py name (positional alias) resolves, in impedance.py's order
      const all = c.paramNames.map((_, k) => k);
      const ipyOrder = names.map((n) => c.paramIndex(n));
      expect(ipyOrder).toEqual(all.filter((k) => ipyOrder.includes(k)));
    }
    const h = tv.circuit_strings.custom_circuit_high_f_limit;
    const z = eiskit.parseCircuit(h.circuit).impedance([h.frequency_hz], h.params);
    expect(z.re[0]).toBeCloseTo(h.computed.re[0]!, 12);
    expect(z.im[0]).toBeCloseTo(h.computed.im[0]!, 12);
    for (const b of tv.circuit_strings.buildCircuit) {
      expect(() => eiskit.parseCircuit(b.circuit).impedance(b.frequencies_hz, b.params)).not.toThrow();
    }
  });
});
