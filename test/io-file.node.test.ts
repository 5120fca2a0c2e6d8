/** readSpectraFile (Node): the real bytes of the fixture files, the file name as hint. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EisError } from '../src/errors.ts';
import { readSpectra, readSpectraFile } from '../src/io/index.ts';
import tv from './fixtures/impedancepy/test-vectors.json';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/impedancepy/${name}`, import.meta.url));
const pre = tv.preprocessing as unknown as Record<string, { expected_f_hz: number[]; expected_Z: { re: number[]; im: number[] } }>;

describe('readSpectraFile', () => {
  it('reads the windows-1252 bytes of EC-Lab and Gamry files, with the file name in meta', async () => {
    for (const [name, key] of [['exampleDataBioLogic.mpt', 'biologic'], ['exampleDataGamry.DTA', 'gamry']] as const) {
      const bytes = readFileSync(fixture(name));
      expect(bytes.some((b) => b > 0x7f)).toBe(true);
      const [s] = await readSpectraFile(fixture(name));
      expect(s!.meta.fileName).toBe(name);
      expect(Array.from(s!.freq)).toEqual(pre[key]!.expected_f_hz);
      expect(Array.from(s!.re)).toEqual(pre[key]!.expected_Z.re);
      expect(Array.from(s!.im)).toEqual(pre[key]!.expected_Z.im);
      // the same as readSpectra on the bytes
      expect(s).toEqual(readSpectra(bytes, { fileName: name })[0]);
    }
  });

  it('options pass through; options.fileName overrides the name from the path', async () => {
    const [s] = await readSpectraFile(fixture('exampleDataZPlot.z'), { fileName: 'cell-7.z', format: 'zplot' });
    expect(s!.meta.fileName).toBe('cell-7.z');
  });

  it('format errors name the file; file-system errors are Node\'s', async () => {
    await expect(readSpectraFile(fixture('LICENSE'))).rejects.toThrow(/^cannot read "LICENSE": unknown layout/);
    await expect(readSpectraFile(fixture('LICENSE'))).rejects.toBeInstanceOf(EisError);
    await expect(readSpectraFile(fixture('no-such-file.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
