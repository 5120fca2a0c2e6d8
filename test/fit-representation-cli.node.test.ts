/** `eiskit fit --representation Z|Y|M` (issue 13, Part B): the option reaches fit() and is shown; a bad value is a usage error. */
import { describe, expect, it } from 'vitest';
import { readResultsJson } from '../src/io/index.ts';
import { fit, parseCircuit, readSpectraFile } from '../src/index.ts';
import { runCli } from './cli-run.ts';
import { SEED_TRUTH } from '../examples/seed-data.ts';

const file = `examples/data/mof-licl_eis_${SEED_TRUTH.temperaturesC[0]}C.csv`;
const circuit = 'R0-p(R1,CPE1)-CPE2';

describe('eiskit fit --representation', () => {
  it('M and Y give the fits of fit() with that representation, echoed in the JSON and named in the table', async () => {
    const [spectrum] = await readSpectraFile(file);
    for (const representation of ['Y', 'M'] as const) {
      const j = await runCli(['fit', file, '--circuit', circuit, '--representation', representation, '--weighting', 'unit', '--json', '--no-kk']);
      expect(j.code, j.err).toBe(0);
      const [r] = readResultsJson(j.out).results as { representation: string; chi2: number; params: number[] }[];
      const direct = fit(parseCircuit(circuit), spectrum!, { representation, weighting: 'unit' });
      expect(r!.representation).toBe(representation);
      expect(r!.chi2).toBe(direct.chi2);
      expect(r!.params).toEqual(Array.from(direct.params));
      const t = await runCli(['fit', file, '--circuit', circuit, '--representation', representation, '--no-kk']);
      expect(t.out).toContain(representation === 'Y' ? 'residuals in Y = 1/Z' : 'residuals in M = jωZ (C0 = 1)');
    }
    const z = await runCli(['fit', file, '--circuit', circuit, '--no-kk']);
    expect(z.out).not.toContain('residuals in');
  });
  it('a value other than Z, Y, M is a usage error (exit 2)', async () => {
    const r = await runCli(['fit', file, '--circuit', circuit, '--representation', 'eps']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--representation must be Z, Y, M/);
  });
});
