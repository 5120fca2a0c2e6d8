/**
 * The committed example data (examples/data/) is exactly what its generator writes, so the
 * files `npm start` reads cannot drift from the truths the tests check; and the README's copy of
 * what `npm start` prints is what the workflow prints on them (run in-process), with the
 * Bruce–Vincent fits' verdicts in the table, the JSON and the report (Node only: reads files).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { makeSeedData, SEED_TRUTH } from '../examples/seed-data.ts';
import { seedFiles } from '../examples/seed-files.ts';
import { runSeedWorkflow, type SeedReport } from '../examples/seed-workflow-core.ts';
import { seedLines, verdictText } from '../examples/seed-print.ts';
import { reportHtml, reportJson } from '../examples/seed-report.ts';
import { ensureInit } from './helpers.ts';

describe('examples/data', () => {
  it('every generated file is committed unchanged, and nothing else is there', () => {
    const files = seedFiles(makeSeedData());
    const dir = new URL('../examples/data/', import.meta.url);
    const present = readdirSync(dir).filter((n) => n.endsWith('.csv')).sort();
    expect(present).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files)) expect(readFileSync(new URL(name, dir), 'utf8'), name).toBe(text);
    expect(JSON.parse(readFileSync(new URL('truth.json', dir), 'utf8'))).toEqual(JSON.parse(JSON.stringify(SEED_TRUTH)));
  });
});

describe("npm start's output", () => {
  const dir = new URL('../examples/data/', import.meta.url);
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) if (name.endsWith('.csv')) files[name] = readFileSync(new URL(name, dir), 'utf8');
  let report: SeedReport;
  let lines: string[];
  beforeAll(async () => {
    await ensureInit();
    report = await runSeedWorkflow(files);
    lines = seedLines(report);
  });

  it('the README stays a front page: at most 16 kB (issue 11; details belong in docs/)', () => {
    expect(Buffer.byteLength(readFileSync('README.md', 'utf8'))).toBeLessThanOrEqual(16 * 1024);
  });
  it("the README's printed seed table is what the workflow prints ('…' stands for skipped rows)", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const blocks = readme.split('```').filter((_, k) => k % 2 === 1);
    const block = blocks.find((b) => b.includes('t⁺ (Bruce–Vincent)') && b.includes('R_bulk'));
    expect(block, 'the README block with the seed table').toBeDefined();
    const want = block!.split('\n').slice(1).map((l) => l.trimEnd()).filter((l, k, all) => k < all.length - 1 || l !== '');
    // walk both: an exact line must be the next printed line; '  …' skips one or more
    let i = 0;
    for (const [k, line] of want.entries()) {
      if (line.trim() === '…') {
        const next = want[k + 1]!;
        const at = lines.indexOf(next, i + 1);
        expect(at, `README line after '…' not printed: ${next}`).toBeGreaterThan(i);
        i = at;
        continue;
      }
      expect(lines[i], `README line ${k + 1} of the block`).toBe(line);
      i++;
    }
    expect(i, 'the README block stops before the printed output ends').toBe(lines.length);
  });

  it('the arc column shows C_eff per unit cell constant (F/cm), the value the bulk classification uses', () => {
    const rows = lines.filter((l) => / F\/cm\)/.test(l));
    expect(rows.length).toBe(report.series.points.length);
    report.series.points.forEach((p, k) => {
      const { thicknessCm: L, areaCm2: A } = SEED_TRUTH.geometry;
      expect(p.bulkCapacitancePerCellConstant! / ((p.bulkCapacitance! * L) / A)).toBeCloseTo(1, 12);
      expect(rows[k]).toContain(`bulk (${p.bulkCapacitancePerCellConstant!.toExponential(1)} F/cm)`);
      expect(p.bulkCapacitancePerCellConstant!).toBeLessThan(1e-11); // Irvine's bulk range
    });
  });

  it('the Bruce–Vincent fits carry their verdict in the printed table, the JSON and the HTML report', async () => {
    const { before, after } = report.transference.fits;
    const printed = lines.filter((l) => /^ {4}(before|after) polarisation/.test(l));
    expect(printed.map((l) => l.slice(l.indexOf('   fit ') + 7))).toEqual([verdictText(before), verdictText(after)]);
    expect(printed[0]).toContain(`R_interface ${report.transference.r0.toFixed(1)} ± ${report.transference.r0Stderr.toFixed(1)} Ω`);
    const json = JSON.parse(reportJson(report));
    for (const [key, f] of [['before', before], ['after', after]] as const) {
      expect(json.transference.fits[key].quality).toEqual(f.quality);
      expect(json.transference.fits[key].params.R2.value).toBe(f.byName.R2!.value);
    }
    const html = await reportHtml(report, report.raw);
    expect(html).toMatch(/Bruce–Vincent EIS fits/);
    expect(html).toContain(`>${before.quality.verdict}<`);
  });

  it('verdictText gives the reasons whenever a fit is not good', () => {
    const f = { quality: { verdict: 'suspect', reasons: ['a', 'b'] } } as unknown as Parameters<typeof verdictText>[0];
    expect(verdictText(f)).toBe('suspect: a; b');
  });
});
