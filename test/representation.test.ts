/**
 * Representations (specs/global-fit.md Part B; src/representation/): every view against numpy
 * complex arithmetic on a two-arc spectrum (test/fixtures/gen_representation.py), the sign of each
 * imaginary part for a capacitive sample, round trips M ↔ ε ↔ C ↔ Y ↔ Z, one parallel RC against
 * the analytic peaks (−Z″ and M″ at ω = 1/RC, heights R/2 and C0/(2C)), the chain-rule Jacobians
 * against central differences of the conversions of circuit.impedance (both backends), and the
 * errors. Node and Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCircuit } from '../src/index.ts';
import {
  EPSILON_0, cellConstants, representationJacobian, representationSigmaFactor, representationValues, toAdmittance, toCapacitance, toConductivity, toModulus, toPermittivity,
  type CellGeometry, type RepresentationKind, type RepresentedSpectrum,
} from '../src/representation/index.ts';
import fx from './fixtures/representation.json';
import { BACKENDS, ensureInit, expectError } from './helpers.ts';

const TWO_PI = 2 * Math.PI;
const G = fx.geometry as CellGeometry;
const Z = { freq: fx.freq, re: fx.Z.re, im: fx.Z.im };

/** |x − y| ≤ rel·|y| at every point (complex modulus). */
function expectClose(x: { re: ArrayLike<number>; im: ArrayLike<number> }, y: { re: ArrayLike<number>; im: ArrayLike<number> }, rel: number, what: string) {
  expect(x.re.length, what).toBe(y.re.length);
  let worst = 0;
  for (let i = 0; i < y.re.length; i++) {
    const d = Math.hypot(x.re[i]! - y.re[i]!, x.im[i]! - y.im[i]!) / Math.hypot(y.re[i]!, y.im[i]!);
    worst = Math.max(worst, d);
  }
  expect(worst, what).toBeLessThanOrEqual(rel);
}

describe('the views against numpy (two arcs, 91 frequencies, inductive at the top)', () => {
  it('the geometry: A = πd²/4, C0 = ε0·A/L, L/A, as numpy', () => {
    expect(EPSILON_0).toBe(8.8541878128e-14);
    const g = cellConstants(G);
    expect(Math.abs(g.areaCm2 - fx.areaCm2)).toBeLessThanOrEqual(1e-15 * fx.areaCm2);
    expect(Math.abs(g.c0 - fx.c0)).toBeLessThanOrEqual(1e-15 * fx.c0);
    expect(Math.abs(g.cellConstant - fx.cellConstant)).toBeLessThanOrEqual(1e-15 * fx.cellConstant);
    // the area form is the same cell
    const byArea = cellConstants({ thicknessCm: fx.geometry.thicknessCm, areaCm2: fx.areaCm2 });
    expect(byArea.c0).toBe(g.c0);
  });

  it('Y, C*, ε*, M*, σ* equal numpy to 1e-15 relative at every point, with their quantity and unit', () => {
    const cases: [RepresentedSpectrum, { re: number[]; im: number[] }, string, string][] = [
      [toAdmittance(Z), fx.Y, 'Y', 'S'],
      [toCapacitance(Z), fx.C, 'C*', 'F'],
      [toPermittivity(Z, G), fx.eps, 'ε*', '1'],
      [toModulus(Z, G), fx.M, 'M*', '1'],
      [toConductivity(Z, G), fx.sigma, 'σ*', 'S/cm'],
    ];
    for (const [x, ref, quantity, unit] of cases) {
      expectClose(x, ref, 1e-15 * 4, quantity);
      expect(x.quantity).toBe(quantity);
      expect(x.unit).toBe(unit);
      expect(Array.from(x.freq)).toEqual(fx.freq);
    }
  });

  it('C* with a geometry is C*·L/A in F/cm', () => {
    const c = toCapacitance(Z, G);
    expect(c.unit).toBe('F/cm');
    expectClose(c, { re: fx.C.re.map((v) => v * fx.cellConstant), im: fx.C.im.map((v) => v * fx.cellConstant) }, 4e-15, 'C*·L/A');
  });

  it('signs of the table: Im Y > 0, Im C* < 0, Im ε* < 0, Im M* > 0, Im σ* > 0 at a capacitive point; where Z is inductive, Im Y, Im σ* and Re C*, Re ε*, Re M* turn', () => {
    const v = { Y: toAdmittance(Z), C: toCapacitance(Z), eps: toPermittivity(Z, G), M: toModulus(Z, G), sigma: toConductivity(Z, G) };
    let capacitive = 0, inductive = 0;
    for (let i = 0; i < fx.freq.length; i++) {
      const s = Math.sign(-fx.Z.im[i]!); // +1 capacitive, −1 inductive
      if (s > 0) capacitive++;
      else inductive++;
      // the losses: Re Z > 0, so Y′ > 0, C″ = Y′/ω > 0 (Im C* = −C″), ε″ > 0, M″ = ωC0·Z′ > 0, σ′ > 0 — at every point
      expect(fx.Z.re[i]!).toBeGreaterThan(0);
      expect(v.C.im[i]!).toBeLessThan(0);
      expect(v.eps.im[i]!).toBeLessThan(0);
      expect(v.M.im[i]!).toBeGreaterThan(0);
      expect(v.Y.re[i]!).toBeGreaterThan(0);
      expect(v.sigma.re[i]!).toBeGreaterThan(0);
      // the stored energy: Y″, σ″ and C′, ε′, M′ carry the sign of −Z″
      expect(Math.sign(v.Y.im[i]!)).toBe(s);
      expect(Math.sign(v.sigma.im[i]!)).toBe(s);
      expect(Math.sign(v.C.re[i]!)).toBe(s);
      expect(Math.sign(v.eps.re[i]!)).toBe(s);
      expect(Math.sign(v.M.re[i]!)).toBe(s);
    }
    expect(capacitive).toBeGreaterThan(80);
    expect(inductive).toBeGreaterThan(0); // the top frequencies, with L0 = 10 µH
  });

  it('round trips: 1/M = ε, 1/ε = M, C0·ε = C*, jω·C* = Y, (L/A)·Y = σ*, 1/Y = Z', () => {
    const g = cellConstants(G);
    const Y = toAdmittance(Z), C = toCapacitance(Z), eps = toPermittivity(Z, G), M = toModulus(Z, G), sigma = toConductivity(Z, G);
    const asSpectrum = (x: RepresentedSpectrum) => ({ freq: x.freq, re: x.re, im: x.im });
    expectClose(toAdmittance(asSpectrum(M)), eps, 1e-15 * 4, 'M → ε');
    expectClose(toAdmittance(asSpectrum(eps)), M, 1e-15 * 4, 'ε → M');
    expectClose({ re: eps.re.map((v) => v * g.c0), im: eps.im.map((v) => v * g.c0) }, C, 1e-15 * 4, 'ε → C');
    const w = fx.freq.map((f) => TWO_PI * f);
    expectClose({ re: C.re.map((_, i) => -w[i]! * C.im[i]!), im: C.im.map((_, i) => w[i]! * C.re[i]!) }, Y, 1e-15 * 4, 'C → Y');
    expectClose({ re: Y.re.map((v) => v * g.cellConstant), im: Y.im.map((v) => v * g.cellConstant) }, sigma, 1e-15 * 4, 'Y → σ');
    expectClose(toAdmittance(asSpectrum(Y)), Z, 1e-15 * 4, 'Y → Z');
    // σ* = jωε0·ε*
    expectClose({ re: eps.im.map((v, i) => -w[i]! * EPSILON_0 * v), im: eps.re.map((v, i) => w[i]! * EPSILON_0 * v) }, sigma, 1e-15 * 8, 'σ = jωε0ε');
  });

  it('M″ picks the small capacitance (bulk), −Z″ the large resistance (grain boundary)', () => {
    const M = toModulus(Z, G);
    const argmax = (a: ArrayLike<number>) => {
      let k = 0;
      for (let i = 1; i < a.length; i++) if (a[i]! > a[k]!) k = i;
      return k;
    };
    const kM = argmax(M.im), kZ = argmax(fx.Z.im.map((v) => -v));
    const p = fx.params, c0 = cellConstants(G).c0;
    // within one grid step (10 per decade) of 1/(2πR1C1) and 1/(2πR2C2)
    expect(Math.abs(Math.log10(fx.freq[kM]! * TWO_PI * p.R1 * p.C1))).toBeLessThanOrEqual(0.05);
    expect(Math.abs(Math.log10(fx.freq[kZ]! * TWO_PI * p.R2 * p.C2))).toBeLessThanOrEqual(0.05);
    // heights near C0/(2C1) and R2/2 (the other arc adds a few %)
    expect(Math.abs(M.im[kM]! / (c0 / (2 * p.C1)) - 1)).toBeLessThan(0.03);
    expect(Math.abs(-fx.Z.im[kZ]! / (p.R2 / 2) - 1)).toBeLessThan(0.03);
  });
});

describe('one parallel RC: −Z″ and M″ peak at ω = 1/RC, heights R/2 and C0/(2C)', () => {
  const R = 2.5e5, C = 4e-11, geometry = { thicknessCm: 0.1, areaCm2: 0.5 };
  const f0 = 1 / (TWO_PI * R * C);
  // 81 frequencies, 10 per decade, f0 among them (index 40)
  const freq = Array.from({ length: 81 }, (_, k) => f0 * 10 ** ((40 - k) / 10));
  freq[40] = f0;
  const z = { freq, re: freq.map((f) => R / (1 + (TWO_PI * f * R * C) ** 2)), im: freq.map((f) => (-TWO_PI * f * R * R * C) / (1 + (TWO_PI * f * R * C) ** 2)) };
  it('the maxima sit at f0 with the analytic heights', () => {
    const M = toModulus(z, geometry);
    const c0 = (EPSILON_0 * geometry.areaCm2) / geometry.thicknessCm;
    let kM = 0, kZ = 0;
    for (let k = 1; k < freq.length; k++) {
      if (M.im[k]! > M.im[kM]!) kM = k;
      if (-z.im[k]! > -z.im[kZ]!) kZ = k;
    }
    expect(kM).toBe(40);
    expect(kZ).toBe(40);
    expect(Math.abs(M.im[40]! / (c0 / (2 * C)) - 1)).toBeLessThan(1e-14);
    expect(Math.abs(-z.im[40]! / (R / 2) - 1)).toBeLessThan(1e-14);
    // ε* of an ideal R‖C: ε′ = C/C0 at every frequency, ε″ = 1/(ωRC0)
    const eps = toPermittivity(z, geometry);
    for (let k = 0; k < freq.length; k++) {
      expect(Math.abs(eps.re[k]! / (C / c0) - 1)).toBeLessThan(1e-12);
      expect(Math.abs(-eps.im[k]! * TWO_PI * freq[k]! * R * c0 - 1)).toBeLessThan(1e-12);
    }
    // σ′ = (L/A)/R at every frequency (no dispersion in an ideal R‖C)
    const sigma = toConductivity(z, geometry);
    for (let k = 0; k < freq.length; k++) expect(Math.abs(sigma.re[k]! * R * (geometry.areaCm2 / geometry.thicknessCm) - 1)).toBeLessThan(1e-12);
  });
});

describe('Jacobians by the chain rule against central differences of the conversions', () => {
  beforeAll(ensureInit);
  const circuit = parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)-L0');
  const params = [15, 1.2e5, 8e-11, 0.9, 1.8e6, 2e-9, 0.8, 3e-7];
  const freq = Array.from({ length: 36 }, (_, k) => 10 ** (7 - k / 4));
  const scaleOf: Record<RepresentationKind, number> = { Y: 1, C: 1, eps: cellConstants(G).c0, M: cellConstants(G).c0, sigma: cellConstants(G).cellConstant };
  const convert: Record<RepresentationKind, (s: { freq: number[]; re: Float64Array; im: Float64Array }) => RepresentedSpectrum> = {
    Y: (s) => toAdmittance(s), C: (s) => toCapacitance(s), eps: (s) => toPermittivity(s, G), M: (s) => toModulus(s, G), sigma: (s) => toConductivity(s, G),
  };
  for (const backend of BACKENDS) {
    for (const kind of ['Y', 'C', 'eps', 'M', 'sigma'] as const) {
      it(`${kind} (${backend}): ∂X/∂p matches (X(p + h) − X(p − h))/2h; X equals the public conversion bit for bit`, () => {
        const J = circuit.jacobian(freq, params, { backend });
        const P = J.cols, N = freq.length;
        const x = representationJacobian(kind, Float64Array.from(freq), { re: J.z.re, im: J.z.im, jre: J.re, jim: J.im }, scaleOf[kind]);
        const pub = convert[kind]({ freq, ...J.z });
        expect(Array.from(x.re)).toEqual(Array.from(pub.re));
        expect(Array.from(x.im)).toEqual(Array.from(pub.im));
        expect(representationValues(kind, freq, J.z, scaleOf[kind])).toEqual({ re: x.re, im: x.im });
        for (let p = 0; p < P; p++) {
          const h = 1e-5 * Math.abs(params[p]!);
          const up = params.slice(), dn = params.slice();
          up[p]! += h;
          dn[p]! -= h;
          const xu = convert[kind]({ freq, ...circuit.impedance(freq, up, { backend }) });
          const xd = convert[kind]({ freq, ...circuit.impedance(freq, dn, { backend }) });
          // per point: truncation O(h²) (1e-6 relative) plus the rounding of X(p ± h) divided by 2h
          let worst = 0;
          for (let i = 0; i < N; i++) {
            const d = up[p]! - dn[p]!;
            const fr = (xu.re[i]! - xd.re[i]!) / d, fi = (xu.im[i]! - xd.im[i]!) / d;
            const an = Math.hypot(x.jre[i * P + p]!, x.jim[i * P + p]!);
            const tol = 1e-6 * an + (1e-14 * Math.hypot(x.re[i]!, x.im[i]!)) / d;
            worst = Math.max(worst, Math.hypot(fr - x.jre[i * P + p]!, fi - x.jim[i * P + p]!) / tol);
          }
          expect(worst, `${kind} column ${p}: error / tolerance`).toBeLessThan(1);
        }
      });
    }
  }

  it('σ factors: σ_Y = |Y|²·σ_Z, σ_M = ωC0·σ_Z, σ_C = |Y|²/ω·σ_Z, σ_ε = |Y|²/(ωC0)·σ_Z, σ_σ = (L/A)|Y|²·σ_Z (numpy Y)', () => {
    const g = cellConstants(G);
    const y2 = fx.Y.re.map((r, i) => r * r + fx.Y.im[i]! * fx.Y.im[i]!);
    const w = fx.freq.map((f) => TWO_PI * f);
    const expected: Record<RepresentationKind, number[]> = {
      Y: y2, M: w.map((v) => v * g.c0), C: y2.map((v, i) => v / w[i]!), eps: y2.map((v, i) => v / (w[i]! * g.c0)), sigma: y2.map((v) => v * g.cellConstant),
    };
    for (const kind of ['Y', 'C', 'eps', 'M', 'sigma'] as const) {
      const f = representationSigmaFactor(kind, fx.freq, { re: Float64Array.from(fx.Z.re), im: Float64Array.from(fx.Z.im) }, scaleOf[kind]);
      f.forEach((v, i) => expect(Math.abs(v / expected[kind][i]! - 1), `${kind}[${i}]`).toBeLessThan(1e-14));
    }
  });

  it('∂M* = jωC0·∂Z exactly, and ∂Y = −Y²·∂Z on one point by hand', () => {
    const z = { re: Float64Array.of(3), im: Float64Array.of(-4), jre: Float64Array.of(1, 0), jim: Float64Array.of(0, 1) };
    const f = Float64Array.of(1 / TWO_PI); // ω = 1 (to rounding)
    const w = TWO_PI * f[0]!;
    const m = representationJacobian('M', f, z, 2);
    expect(Array.from(m.jre)).toEqual([0, -2 * w]);
    expect(Array.from(m.jim)).toEqual([2 * w, 0]);
    // Y = 1/(3 − 4j) = (3 + 4j)/25; Y² = (−7 + 24j)/625; −Y² = (7 − 24j)/625
    const y = representationJacobian('Y', f, z);
    expect(y.re[0]).toBeCloseTo(3 / 25, 15);
    expect(y.im[0]).toBeCloseTo(4 / 25, 15);
    expect(y.jre[0]).toBeCloseTo(7 / 625, 15); // ∂/∂p0 with ∂Z = 1
    expect(y.jim[0]).toBeCloseTo(-24 / 625, 15);
    expect(y.jre[1]).toBeCloseTo(24 / 625, 15); // ∂Z = j: −Y²·j = (24 + 7j)/625
    expect(y.jim[1]).toBeCloseTo(7 / 625, 15);
  });
});

describe('errors', () => {
  const s = { freq: [1e3, 10, 1], re: [100, 200, 300], im: [-10, -20, -30] };
  it('a view that needs the geometry names `geometry` (E_ARG_TYPE) when it is missing; toCapacitance does not need it', () => {
    for (const fn of [toPermittivity, toModulus, toConductivity]) {
      const e = expectError(() => fn(s, undefined as unknown as CellGeometry), 'E_ARG_TYPE', /geometry/);
      expect(e.details.argument).toBe('geometry');
    }
    expect(toCapacitance(s).unit).toBe('F');
  });
  it('bad geometry: each value named', () => {
    expect(expectError(() => toModulus(s, { thicknessCm: -1, areaCm2: 1 }), 'E_ARG_RANGE').details.argument).toBe('geometry.thicknessCm');
    expect(expectError(() => toModulus(s, { thicknessCm: 0.1, areaCm2: Number.NaN }), 'E_NONFINITE').details.argument).toBe('geometry.areaCm2');
    expect(expectError(() => toModulus(s, { thicknessCm: 0.1, diameterCm: 0 }), 'E_ARG_RANGE').details.argument).toBe('geometry.diameterCm');
    expect(expectError(() => toModulus(s, { thicknessCm: 0.1 } as CellGeometry), 'E_ARG_TYPE', /areaCm2/).details.argument).toBe('geometry.areaCm2');
    expectError(() => toModulus(s, { thicknessCm: 0.1, areaCm2: 1, diameterCm: 1 } as unknown as CellGeometry), 'E_ARG_TYPE', /not both|one of them/);
    expect(expectError(() => toModulus(s, 'thick' as unknown as CellGeometry), 'E_ARG_TYPE').details.argument).toBe('geometry');
    expect(expectError(() => toCapacitance(s, { thicknessCm: '1', areaCm2: 1 } as unknown as CellGeometry), 'E_ARG_TYPE').details.argument).toBe('geometry.thicknessCm');
  });
  it('Z = 0 at a point: E_ARG_RANGE naming its index (M* is defined there: 0)', () => {
    const z0 = { freq: [1e3, 10, 1], re: [100, 0, 300], im: [-10, 0, -30] };
    for (const fn of [(x: typeof z0) => toAdmittance(x), (x: typeof z0) => toCapacitance(x), (x: typeof z0) => toPermittivity(x, G), (x: typeof z0) => toConductivity(x, G)]) {
      const e = expectError(() => fn(z0), 'E_ARG_RANGE', /index 1/);
      expect(e.details).toMatchObject({ argument: 'spectrum', index: 1 });
    }
    const m = toModulus(z0, G);
    expect(m.re[1] === 0 && m.im[1] === 0).toBe(true);
  });
  it('a |Z| so small that 1/Z overflows: E_ARG_RANGE naming the index, never Infinity', () => {
    const e = expectError(() => toAdmittance({ freq: [1, 2], re: [1, 1e-320], im: [0, 0] }), 'E_ARG_RANGE', /non-finite/);
    expect(e.details).toMatchObject({ argument: 'spectrum', index: 1 });
  });
  it('the spectrum is checked like everywhere else', () => {
    expectError(() => toAdmittance({ freq: [1, 2], re: [1], im: [1, 2] }), 'E_ARG_LENGTH');
    expectError(() => toModulus({ freq: [1, -2], re: [1, 1], im: [1, 2] }, G), 'E_NONPOSITIVE_FREQ');
    expectError(() => toAdmittance(null as never), 'E_ARG_TYPE');
  });
});
