/**
 * `eiskit drt` on the blocking-electrode example (issue 12, T1): the edge peak at τ = 1/f_min is
 * marked "window end" in the peak table (no capacitance hint), its share is ≤ 100 %, and the
 * warnings name the tail with the fmin to crop at; with that --fmin the bulk arc is the top peak, inside the window.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-run.ts';
import { drt } from '../src/index.ts';
import { readSpectra } from '../src/io/index.ts';
import { ensureInit } from './helpers.ts';

beforeAll(ensureInit);

const FILE = 'examples/data/mof-licl_eis_25C.csv';

describe('eiskit drt on a blocking-electrode spectrum', () => {
  it('the edge peak is marked, shares ≤ 100 %, the tail warning names the fmin; cropped there, the bulk arc leads', async () => {
    const s = readSpectra(readFileSync(FILE, 'utf8'), { fileName: 'x.csv' })[0]!;
    const d = drt(s);
    const fmin = Number(d.tail!.fmin.toPrecision(3));
    const r = await runCli(['drt', FILE]);
    expect(r.code).toBe(0);
    const rows = r.out.split('\n').filter((l) => /^\s+\d+\s{2,}\S/.test(l));
    expect(rows.length).toBe(d.peaks.length);
    expect(rows[0]).toContain('window end: τ, R not determined');
    for (const row of rows) expect(Number(row.trim().split(/\s{2,}/)[6])).toBeLessThanOrEqual(100);
    expect(r.out).toContain(`warning: The spectrum ends in a low-frequency capacitive tail`);
    expect(r.out).toContain(`Crop it with fmin = ${fmin} Hz`);
    const c = await runCli(['drt', FILE, '--fmin', String(d.tail!.fmin)]);
    expect(c.code).toBe(0);
    expect(c.out).not.toContain('capacitive tail');
    // the bulk arc (its −Z″ maximum at 501 kHz: τ = 1/(2π·501 kHz) = 3.18e-7 s) is the most prominent peak, inside the window
    const top = c.out.split('\n').find((l) => /^\s+1\s{2,}\S/.test(l))!;
    expect(top).not.toContain('window end');
    expect(Math.abs(Math.log10(Number(top.trim().split(/\s+/)[1]) / 3.18e-7))).toBeLessThan(0.1);
  });
});
