/**
 * The report's verdict display (Node and Chromium): the per-sweep summary and counts, blocks of a
 * fit and a Lin-KK test on a frequency window (plotted on their own grid), and HTML escaping of
 * every text block.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fit, linKK, logFrequencies, parseCircuit, simulate } from '../src/index.ts';
import { countsText, reportHtml, spectrumBlocks, summaryBlocks, summaryRows } from '../src/report/index.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

const c = parseCircuit('R0-p(R1,CPE1)');
const freq = logFrequencies(1e6, 1, 51);
const good = simulate(c, freq, [10, 2e3, 1e-9, 0.9], { noise: 0.003, seed: 3 });

describe('report: verdicts and summary', () => {
  it('summary rows and counts follow the results (quality, convergence, Lin-KK, cropped points)', () => {
    const fits = [fit(c, good), fit(c, good, { fmin: 10 }), fit(c, good, { bounds: { R1: [1, 100] } })];
    const kks = [linKK(good), null, linKK(good, { fmax: 1e5 })];
    const { columns, rows } = summaryRows(['a', 'b', 'c'], fits, kks);
    expect(columns).toEqual(['spectrum', 'points', 'χ²', 'reduced χ²', 'fit', 'quality', 'Lin-KK']);
    const n10 = Array.from(freq).filter((f) => f >= 10).length;
    expect(rows.map((r) => r[1])).toEqual(['51', `${n10}/51`, '51']);
    expect(rows.map((r) => r[2])).toEqual(fits.map((f) => f.chi2));
    expect(fits[2]!.quality.verdict).toBe('bad'); // R1 held at its bound
    expect(rows[2]![5]).toBe('BAD');
    expect(rows.map((r) => r[6])).toEqual([kks[0]!.pass ? 'pass' : 'FAIL', '—', kks[2]!.pass ? 'pass' : 'FAIL']);
    const count = (v: string) => fits.filter((f) => f.quality.verdict === v).length;
    const pass = [kks[0]!, kks[2]!].filter((k) => k.pass).length;
    expect(countsText(fits, kks)).toBe(`fits: ${count('good')} good, ${count('suspect')} suspect, ${count('bad')} bad (${fits.filter((f) => f.success).length} of 3 converged); Lin-KK: ${pass} pass, ${2 - pass} fail`);
    const blocks = summaryBlocks(['a', 'b', 'c'], fits, kks);
    expect(blocks[0]).toEqual({ kind: 'heading', text: 'Summary' });
    expect(blocks[2]).toMatchObject({ kind: 'table', rows });
  });

  it('a fit and a Lin-KK test on a window: blocks with the range, verdict reasons, and plots on their own grid', async () => {
    const f = fit(c, good, { fmin: 10, fmax: 1e5 });
    const k = linKK(good, { fmin: 10, fmax: 1e5 });
    expect(f.fitted.re.length).toBeLessThan(freq.length);
    const blocks = await spectrumBlocks('cropped', { ...good, meta: { format: 'csv', sweep: 0, columns: ['f', 'Z1', 'Z2'], sample: 'S1' } }, f, k);
    const text = JSON.stringify(blocks.filter((b) => b.kind !== 'plots'));
    expect(text).toContain(`${f.freqRange.points} of 51 points in [10, 100000] Hz`);
    for (const why of [...f.quality.reasons, ...k.reasons]) expect(text).toContain(JSON.stringify(why).slice(1, -1));
    expect(text).toContain('sample “S1”');
    const plots = blocks.find((b) => b.kind === 'plots') as { svgs: string[] };
    expect(plots.svgs.length).toBe(3);
    plots.svgs.forEach((s) => expect(s).toMatch(/^<svg/));
  });

  it('reportHtml escapes text from files in every block kind', () => {
    const x = '<script>alert("x")</script>&';
    const html = reportHtml({
      title: x, subtitle: x,
      blocks: [{ kind: 'heading', text: x }, { kind: 'paragraph', text: x }, { kind: 'list', items: [x] }, { kind: 'table', caption: x, columns: [x], rows: [[x]] }],
    });
    expect(html).not.toContain('<script');
    expect(html.split('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;').length - 1).toBe(9); // <title>, <h1>, subtitle, h2, p, li, caption, th, td
  });
});
