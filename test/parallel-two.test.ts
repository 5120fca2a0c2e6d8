/**
 * A parallel node of two children by one complex division (issue 14, lever 8; assembly/program.ts
 * parallel2, src/reference/evaluate.ts parallel): Z = (|Z₁|²Z₂ + |Z₂|²Z₁)/|Z₁ + Z₂|² where |Z₁|²,
 * |Z₂|², |Z₁ + Z₂|² lie in [1e-150, 1e150], the sum of reciprocals elsewhere (shorted and open
 * branches, resonance, overflow), as for three or more children.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { logFrequencies, parseCircuit } from '../src/index.ts';
import { cabsDiff, ensureInit } from './helpers.ts';

beforeAll(ensureInit);

const freq = logFrequencies(1e9, 1e-3, 121);

describe('parallel of two children', () => {
  it('R‖CPE: each of Re Z and Im Z to 2e-15 relative of itself, also where −Im Z ≪ Re Z (no cancellation)', () => {
    const c = parseCircuit('p(R1,CPE1)');
    for (const [R, Q, a] of [[100, 1e-6, 0.9], [1e5, 1e-10, 0.8], [1, 1e-3, 0.5], [1e3, 1e-9, 1]] as const) {
      const z = c.impedance(freq, [R, Q, a]);
      let worst = 0;
      for (let i = 0; i < freq.length; i++) {
        // Z = R/(1 + R·Y₂), Y₂ = Q(jω)^α: every part a sum of terms of one sign
        const w = 2 * Math.PI * freq[i]!, y = Q * w ** a;
        const yr = R * y * Math.cos((a * Math.PI) / 2), yi = R * y * Math.sin((a * Math.PI) / 2);
        const d = (1 + yr) ** 2 + yi ** 2;
        const re = (R * (1 + yr)) / d, im = (-R * yi) / d;
        worst = Math.max(worst, Math.abs(z.re[i]! - re) / Math.abs(re), Math.abs(z.im[i]! - im) / Math.abs(im));
      }
      // the closed form's own cos/sin/pow error included; (Z₁Z₂)·conj(S) with its products formed
      // first loses up to ~|Z₂|/R ulps in Im Z at the low frequencies (3e-11 measured for the first case)
      expect(worst).toBeLessThan(2e-15 * 8);
    }
  });

  it('the same bits at a point whichever lane or the odd last point takes it', () => {
    // (R, L and C only: some element kernels' own scalar tails differ from their lanes)
    const c = parseCircuit('R0-p(R1,C1)-p(R2-L1,C2)');
    const p = [0.01, 0.01, 100, 0.01, 1e-6, 100];
    const all = c.impedance(freq, p);
    for (const [from, to] of [[0, 5], [1, 6], [3, 4], [7, 120]]) {
      const part = c.impedance(freq.slice(from, to), p);
      for (let i = from; i < to; i++) {
        expect(Object.is(part.re[i - from], all.re[i])).toBe(true);
        expect(Object.is(part.im[i - from], all.im[i])).toBe(true);
      }
    }
  });

  it('WASM and the TS reference take the same operations: R‖C, R‖R and two series RC branches bit for bit', () => {
    for (const [src, p] of [['p(R1,C1)', [120, 3e-7]], ['p(R1,R2)', [3, 7]], ['p(R1-C1,R2-C2)', [10, 1e-6, 1e3, 1e-9]]] as const) {
      const c = parseCircuit(src);
      const w = c.impedance(freq, [...p], { backend: 'wasm' }), j = c.impedance(freq, [...p], { backend: 'js' });
      for (let i = 0; i < freq.length; i++) {
        expect(Object.is(w.re[i], j.re[i])).toBe(true);
        expect(Object.is(w.im[i], j.im[i])).toBe(true);
      }
    }
  });

  it('a shorted branch gives 0, a vanishing or huge one the other child (the sum of reciprocals)', () => {
    const f = freq.slice(0, 7);
    for (const backend of ['wasm', 'js'] as const) {
      const short = parseCircuit('p(R1,C1)').impedance(f, [0, 1e-6], { backend });
      for (let i = 0; i < f.length; i++) expect([short.re[i], short.im[i]]).toEqual([0, 0]);
      // |Z₁|² = 1e-400 underflows, 1e400 overflows: outside the one-division range
      const tiny = parseCircuit('p(R1,R2)').impedance(f, [1e-200, 1], { backend });
      const huge = parseCircuit('p(R1,R2)').impedance(f, [1e200, 1], { backend });
      for (let i = 0; i < f.length; i++) {
        expect(Math.abs(tiny.re[i]! - 1e-200)).toBeLessThanOrEqual(1e-215);
        expect(tiny.im[i] === 0).toBe(true);
        expect(huge.re[i]).toBe(1);
        // (−0 from the sum of reciprocals' conj(Y); the one-division form gives +0 for R‖R)
        expect(huge.im[i] === 0).toBe(true);
      }
    }
  });

  it('L‖C through resonance (Z₁ + Z₂ → 0): the WASM result within 1e-12 of the reference\'s, relative to the propagated magnitude', () => {
    const c = parseCircuit('p(L1,C1)');
    const L = 1e-3, C = 1e-6, f0 = 1 / (2 * Math.PI * Math.sqrt(L * C));
    const f = [f0 / 2, f0 * (1 - 1e-9), f0, f0 * (1 + 1e-9), f0 * 1.5, f0 * 3, f0 * 10];
    const w = c.impedance(f, [L, C], { backend: 'wasm' }), j = c.impedance(f, [L, C], { backend: 'js' });
    for (let i = 0; i < f.length; i++) {
      // Σ|∂Z/∂Z_c|·|Z_c| = |Z|²(1/|Z₁| + 1/|Z₂|): what ulps in the children propagate to (test/differential.test.ts)
      const om = 2 * Math.PI * f[i]!, z = Math.hypot(j.re[i]!, j.im[i]!);
      const bound = 1e-12 * Math.max(z, z * z * (1 / (om * L) + om * C));
      expect(cabsDiff(w.re[i]!, w.im[i]!, j.re[i]!, j.im[i]!)).toBeLessThanOrEqual(bound);
    }
  });
});
