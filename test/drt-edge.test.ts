/**
 * The DRT on blocking-electrode spectra (issue 12, T1): the tail detection of src/drt/tail.ts on
 * exact spectra (the valley of a Debye arc + a capacitor, computed here in closed form) and on
 * simulated pellets (bulk R‖CPE + grain boundary R‖CPE + electrode CPE, seeded noise); an arc
 * measured only to its peak, a small arc cut on its flank, a complete two-arc spectrum and a
 * grain-boundary arc merged into the tail without a valley are not taken for tails; the DRT on the
 * suggested window finds bulk and grain boundary; peaks' areas over the measured window (shares
 * ≤ 1, summing to ≤ 1, fast-check over random R–RC chains with and without tails) and the edge
 * flag; the report's crop and sentence; the app panel's texts.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { drt, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { drtPlot } from '../src/plot/index.ts';
import { detectTail } from '../src/drt/tail.ts';
import { reportDrt, tailCropText } from '../src/report/drt.ts';
import { drtBlocks, spectrumBlocks, reportHtml, type Block } from '../src/report/index.ts';
import { edgeText, tailCroppedText } from '../app/drt-model.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

const TWO_PI = 2 * Math.PI;
/** −Z″ of R/(1 + (jωτ)^φ) (plain Math: the test's own formula). */
const zarcIm = (r: number, tau: number, phi: number) => (f: number) => {
  const x = (TWO_PI * f * tau) ** phi, a = (phi * Math.PI) / 2;
  return (r * x * Math.sin(a)) / (1 + 2 * x * Math.cos(a) + x * x);
};
/** −Z″ of a CPE 1/(Q(jω)^α). */
const cpeIm = (q: number, alpha: number) => (f: number) => Math.sin((alpha * Math.PI) / 2) / (q * (TWO_PI * f) ** alpha);
const text = (blocks: Block[]) => reportHtml({ title: 't', blocks: blocks.map((b) => (b.kind === 'plots' ? { ...b, svgs: [] } : b)) });

describe('detectTail on exact spectra', () => {
  // R0 + R‖C + C_dl: a Debye arc (τ = RC = 1e-5 s, peak 15.9 kHz, −Z″ max R/2) and a capacitor
  const R = 1e4, C = 1e-9, CDL = 1e-6;
  const exact = (freq: Float64Array) => ({ freq, im: Float64Array.from(freq, (f) => -(zarcIm(R, R * C, 1)(f) + 1 / (TWO_PI * f * CDL))) });

  it('a capacitor after a Debye arc: slope −1, fmin at the analytic valley', () => {
    const freq = logFrequencies(1e6, 1, 61);
    const t = detectTail(freq, exact(freq).im)!;
    expect(t).not.toBeNull();
    // the lowest half decade is the capacitor's 1/(ωC) (the arc adds Rωτ ≤ 0.3 % there)
    expect(t.slope).toBeGreaterThan(-1.01);
    expect(t.slope).toBeLessThan(-0.98);
    // −Z″ ≈ Rωτ + 1/(ωC_dl) below the arc's peak: its minimum at ω = 1/√(RτC_dl) (503 Hz); the 5-point
    // smoothing and the 10-per-decade grid put the chosen point within one grid step (0.1 decade)
    const valley = 1 / (TWO_PI * Math.sqrt(R * R * C * CDL));
    expect(Math.abs(Math.log10(t.fmin / valley))).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(Array.from(freq)).toContain(t.fmin);
  });

  it('no tail: an arc measured only to its peak, a small arc cut on its flank, two complete arcs', () => {
    // R0 + R1‖C1 (τ 1e-6) + R2‖C2 (τ 1e-3, peak 159 Hz)
    const two = (r1: number, r2: number) => (f: number) => zarcIm(r1, 1e-6, 1)(f) + zarcIm(r2, 1e-3, 1)(f);
    const im = (freq: Float64Array, z: (f: number) => number) => Float64Array.from(freq, (f) => -z(f));
    const fPeak = 1 / (TWO_PI * 1e-3);
    // measured down to the second arc's peak: −Z″ still rises toward low f, but flatly (slope ≥ 0 at the peak)
    const toPeak = Float64Array.from({ length: 41 }, (_, k) => 1e7 * (fPeak / 1e7) ** (k / 40));
    expect(detectTail(toPeak, im(toPeak, two(1e4, 1e5)))).toBeNull();
    // measured to 0.3 decade above the peak (slope (1 − 4)/(1 + 4) = −0.6: steep), but the cut arc
    // (−Z″ = 0.4 R2 at f_min) stays below the first arc's maximum R1/2: not beyond the preceding arc
    const cut = Float64Array.from({ length: 41 }, (_, k) => 1e7 * ((2 * fPeak) / 1e7) ** (k / 40));
    expect(detectTail(cut, im(cut, two(4e4, 1e4)))).toBeNull();
    // both arcs complete
    const full = logFrequencies(1e7, 0.1, 81);
    expect(detectTail(full, im(full, two(1e4, 2e4)))).toBeNull();
    // fewer than 7 points, or nothing above zero
    expect(detectTail([3, 2, 1], [-1, -2, -3])).toBeNull();
    expect(detectTail(full, new Float64Array(81))).toBeNull();
  });
});

describe('a simulated pellet: bulk, grain boundary and a blocking electrode', () => {
  const circuit = parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)-CPE3');
  const BULK = { r: 1e4, tau: 1e-6, phi: 0.9 }, GB = { r: 2e4, tau: 1e-4, phi: 0.85 }, EL = { q: 1e-5, alpha: 0.85 };
  const params = [20, ...[BULK, GB].flatMap((a) => [a.r, a.tau ** a.phi / a.r, a.phi]), EL.q, EL.alpha];
  const freq = logFrequencies(1e7, 0.1, 81);
  const arcs = (f: number) => zarcIm(BULK.r, BULK.tau, BULK.phi)(f) + zarcIm(GB.r, GB.tau, GB.phi)(f);
  const el = cpeIm(EL.q, EL.alpha);
  /** The highest f (1 % steps) below which the electrode's −Z″ is k × the arcs'. */
  const where = (k: number) => {
    let f = 1e4;
    while (!(el(f) >= k * arcs(f))) f /= 1.01;
    return f;
  };

  it('the whole range: the tail is found and said, with its fmin; drt() does not crop; the swamping peak is an edge peak with share ≤ 1', () => {
    const s = simulate(circuit, freq, params, { noise: 0.005, seed: 1 });
    const d = drt(s);
    expect(d.freq.length).toBe(81);
    expect(d.fmin).toBeUndefined();
    expect(d.tail).toBeDefined();
    expect(d.tail!.slope).toBeLessThan(-0.8); // the CPE's −α = −0.85, a little flattened by the arcs
    expect(d.warnings.some((w) => w.includes(`fmin = ${Number(d.tail!.fmin.toPrecision(3))} Hz`))).toBe(true);
    // TR-NNLS says the same
    const tr = drt(s, { method: 'tr-nnls' });
    expect(tr.tail).toEqual(d.tail);
    expect(tr.warnings.some((w) => w.includes(`fmin = ${Number(d.tail!.fmin.toPrecision(3))} Hz`))).toBe(true);
    const top = d.peaks[0]!;
    expect(Math.abs(Math.log10(top.tau / 10))).toBeLessThan(0.1); // τ = 1/f_min
    expect(top.edge).toBe(true);
    expect(top.fraction).toBeLessThanOrEqual(1);
    // the γ plot's peak markers carry the flag (in their tooltip)
    const marks = (drtPlot(d) as { layer: { name?: string; data: { values: { edge: boolean }[] } }[] }).layer.find((l) => l.name === 'peaks')!;
    expect(marks.data.values.map((m) => m.edge)).toEqual(d.peaks.map((p) => p.edge));
    expect(d.peaks.reduce((a, p) => a + p.fraction, 0)).toBeLessThanOrEqual(1);
  });

  it('fmin between the grain boundary arc and the tail; the DRT on f ≥ fmin finds bulk and grain boundary', () => {
    // the window asserted: below f_GB/√10 (at least half a decade of the grain-boundary arc's slow
    // flank is kept: f_GB = 1/(2πτ_GB) = 1.59 kHz) and above the frequency where the electrode's −Z″
    // is 3× the arcs' (21.5 Hz: the tail has taken over). The noise-free valley lies where the two
    // are about equal (φ = α: 41 Hz); measured over the 15 seeds × 3 noise levels: 31.6–63.1 Hz.
    const hi = 1 / (TWO_PI * GB.tau) / Math.sqrt(10), lo = where(3);
    expect(lo).toBeGreaterThan(20);
    const gbErrors: number[] = [];
    for (let seed = 1; seed <= 15; seed++) {
      const s = simulate(circuit, freq, params, { noise: 0.005, seed });
      const t = drt(s).tail!;
      expect(t, `seed ${seed}`).toBeDefined();
      expect(t.fmin, `seed ${seed}`).toBeGreaterThan(lo);
      expect(t.fmin, `seed ${seed}`).toBeLessThan(hi);
      const k = drt(s, { fmin: t.fmin });
      for (const p of k.peaks) expect(p.fraction).toBeLessThanOrEqual(1);
      // the two largest non-edge peaks are bulk and grain boundary
      const [bulk, gb] = k.peaks.filter((p) => !p.edge).sort((a, b) => b.resistance - a.resistance).slice(0, 2).sort((a, b) => a.tau - b.tau) as [typeof k.peaks[0], typeof k.peaks[0]];
      // tolerances measured on 15 seeds × noise 0.2/0.5/1 %: bulk τ ≤ 0.072 decade, |ΔR| ≤ 8.3 %;
      // grain boundary τ ≤ 0.164 decade, ΔR from −40 % to +3 % — low, because the regularised DRT at
      // small λ gives part of its area to small peaks beside it (once split in two: seed 4, −37 %)
      expect(Math.abs(Math.log10(bulk.tau / BULK.tau)), `seed ${seed}`).toBeLessThan(0.1);
      expect(Math.abs(bulk.resistance / BULK.r - 1), `seed ${seed}`).toBeLessThan(0.1);
      expect(Math.abs(Math.log10(gb.tau / GB.tau)), `seed ${seed}`).toBeLessThan(0.2);
      expect(gb.resistance / GB.r - 1, `seed ${seed}`).toBeGreaterThan(-0.45);
      expect(gb.resistance / GB.r - 1, `seed ${seed}`).toBeLessThan(0.1);
      gbErrors.push(gb.resistance / GB.r - 1);
    }
    // measured median −6.6 %
    gbErrors.sort((a, b) => a - b);
    expect(Math.abs(gbErrors[7]!)).toBeLessThan(0.12);
  });

  it('a grain-boundary arc merged into the tail (no valley before it) is not cropped away', () => {
    // τ_GB = 1e-3 s and Q_el = 2e-6: −Z″ rises from the bulk–GB valley through the GB arc into the
    // tail with no dip; cropping at the bulk–GB valley would remove the grain boundary
    const merged = [20, BULK.r, BULK.tau ** BULK.phi / BULK.r, BULK.phi, GB.r, 1e-3 ** GB.phi / GB.r, GB.phi, 2e-6, EL.alpha];
    for (const seed of [1, 2, 3]) {
      const s = simulate(circuit, freq, merged, { noise: 0.005, seed });
      expect(detectTail(s.freq, s.im), `seed ${seed}`).toBeNull();
    }
  });

  it('shallow valleys (docs/drt.md\'s pellet): the valley before the tail is chosen, not the one between bulk and grain boundary', () => {
    // −Z″ (smoothed) dips 20 % between bulk and GB (≈ 100 kHz → 20 kHz) and 20 % between GB and tail (≈ 800 → 160 Hz)
    const c = parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)-CPE3');
    const s = simulate(c, logFrequencies(1e6, 0.1, 71), [20, 2000, 2e-9, 0.92, 5000, 2e-7, 0.8, 5e-6, 0.85], { noise: 0.005, seed: 42 });
    const t = detectTail(s.freq, s.im)!;
    const fGb = 1 / (TWO_PI * (5000 * 2e-7) ** (1 / 0.8)); // 894 Hz
    expect(t.fmin).toBeLessThan(fGb / Math.sqrt(10));
    expect(t.fmin).toBeGreaterThan(50);
  });

  it('a grain boundary hidden in the tail is never cropped away while the electrode adds < 4 % to its −Z″', () => {
    // a sweep: τ_GB 1e-5…1e-2 s, R_GB 5 k/20 k/100 kΩ, electrode Q 1e-6…3e-5, 0.5 % noise. Measured (2
    // seeds, 312 spectra): where the electrode's −Z″ at the GB's peak frequency is < 4 % of the GB
    // arc's maximum, 176 of 178 tails found and none cropped at f > f_GB/2; above it the GB arc has no
    // valley of its own and in 31 of 134 the crop lay above it (docs/drt.md, Known limits)
    let found = 0, total = 0;
    for (let e = -5; e <= -2; e += 0.25) for (const q of [1e-6, 3e-6, 1e-5, 3e-5]) for (const r2 of [5e3, 2e4, 1e5]) {
      const t2 = 10 ** e, fGb = 1 / (TWO_PI * t2);
      const share = cpeIm(q, EL.alpha)(fGb) / zarcIm(r2, t2, GB.phi)(fGb);
      if (!(share < 0.04)) continue;
      const s = simulate(circuit, freq, [20, BULK.r, BULK.tau ** BULK.phi / BULK.r, BULK.phi, r2, t2 ** GB.phi / r2, GB.phi, q, EL.alpha], { noise: 0.005, seed: 1 });
      const t = detectTail(s.freq, s.im);
      total++;
      if (t) {
        found++;
        expect(t.fmin, `τ_GB 1e${e}, Q ${q}, R_GB ${r2}`).toBeLessThan(fGb / 2);
      }
    }
    expect(total).toBeGreaterThan(80);
    expect(found / total).toBeGreaterThan(0.95);
  });

  it('the report crops at the tail when no fmin was given, and says so; a given fmin is kept', async () => {
    const s = simulate(circuit, freq, params, { noise: 0.005, seed: 2 });
    const whole = drt(s);
    const r = reportDrt(s);
    expect(r.tailCrop).toBe(whole.tail!.fmin);
    expect(r.result.fmin).toBe(whole.tail!.fmin);
    expect(Array.from(r.result.freq)).toEqual(Array.from(freq).filter((f) => f >= whole.tail!.fmin));
    const kept = reportDrt(s, { fmin: 1 });
    expect(kept.tailCrop).toBeNull();
    expect(kept.result.fmin).toBe(1);
    const html = text(await spectrumBlocks('pellet', s, null, null, { zhit: false }));
    expect(html).toContain(tailCropText(whole.tail!.fmin));
    expect(tailCropText(39.81071705534973)).toBe('DRT on f ≥ 39.81 Hz: the blocking-electrode tail below is excluded; peaks of the whole range would be swamped by it.');
    // a result passed in is shown as it is: no crop sentence
    expect(text(await spectrumBlocks('pellet', s, null, null, { zhit: false, drt: whole }))).not.toContain('DRT on f ≥');
  });
});

describe('peaks over the measured window', () => {
  it('an arc beyond the fast window end is an edge peak; an arc inside is not', () => {
    const c = parseCircuit('R0-p(R1,C1)-p(R2,C2)');
    // τ 3e-7 s: half a decade beyond the window's 1/f_max = 1e-6 s (γ has no RBF there: its peak is
    // pinned at the window end, and most of R1 goes to R∞); τ 1e-3 s inside
    const s = simulate(c, logFrequencies(1e6, 0.01, 81), [10, 1e3, 3e-10, 1e4, 1e-7], { noise: 0.002, seed: 4 });
    const d = drt(s);
    const inside = d.peaks.find((p) => Math.abs(Math.log10(p.tau / 1e-3)) < 0.1)!;
    expect(inside.edge).toBe(false);
    expect(d.tail).toBeUndefined();
    const fast = d.peaks.find((p) => p.tau < 2e-6)!;
    expect(fast.edge).toBe(true);
    expect(fast.tau).toBeGreaterThanOrEqual(1e-6 / 10 ** 0.1);
    const fastRank = d.peaks.indexOf(fast) + 1;
    expect(text(drtBlocks(d))).toContain(`DRT: peak ${fastRank} (τ = ${fast.tau.toPrecision(3)} s) sits at the high-frequency end of the measured window`);
    expect(text(drtBlocks(d))).not.toContain(`DRT: peak ${d.peaks.indexOf(inside) + 1} (`);
  });

  it('shares ≤ 1 and summing to ≤ 1 over random R–RC chains, with and without an electrode tail', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ r: fc.double({ min: 2, max: 5, noNaN: true }), tau: fc.double({ min: -7, max: -1, noNaN: true }) }), { minLength: 1, maxLength: 3 }),
        fc.option(fc.record({ q: fc.double({ min: -7, max: -4, noNaN: true }), alpha: fc.double({ min: 0.7, max: 1, noNaN: true }) }), { nil: null }),
        fc.integer({ min: 1, max: 1000 }),
        (rcs, tail, seed) => {
          const parts = rcs.map((_, k) => `p(R${k + 1},C${k + 1})`);
          if (tail) parts.push('CPE1');
          const c = parseCircuit(['R0', ...parts].join('-'));
          const p = [10, ...rcs.flatMap(({ r, tau }) => [10 ** r, 10 ** tau / 10 ** r]), ...(tail ? [10 ** tail.q, tail.alpha] : [])];
          const d = drt(simulate(c, logFrequencies(1e6, 0.1, 61), p, { noise: 0.005, seed }));
          let sum = 0;
          for (const q of d.peaks) {
            expect(q.resistance).toBeGreaterThanOrEqual(0);
            expect(q.fraction).toBeGreaterThanOrEqual(0);
            expect(q.fraction).toBeLessThanOrEqual(1);
            expect(typeof q.edge).toBe('boolean');
            sum += q.fraction;
          }
          expect(sum).toBeLessThanOrEqual(1);
          if (d.tail) {
            expect(d.tail.slope).toBeLessThanOrEqual(-0.5);
            expect(Array.from(d.freq)).toContain(d.tail.fmin);
          }
        },
      ),
      { numRuns: 25, seed: 12 },
    );
  });
});

describe('the app panel texts', () => {
  it('the crop sentence and the edge note', () => {
    expect(tailCroppedText(2511.886)).toBe('DRT on f ≥ 2510 Hz: the blocking-electrode tail below is excluded; peaks of the whole range would be swamped by it.');
    expect(edgeText([1])).toMatch(/^Peak 1 lies at an end of the measured window/);
    expect(edgeText([1, 3])).toMatch(/^Peaks 1, 3 lie at an end/);
  });
});
