/** The CLI help's list of file layouts is generated from the reader table (Node only: the CLI imports node:util). */
import { expect, it } from 'vitest';
import { HELP } from '../src/cli/main.ts';
import { readableFormats } from '../src/io/index.ts';

it('eiskit --help names every layout readSpectra reads', () => {
  const help = HELP.replace(/\s+/g, ' ');
  for (const f of readableFormats()) expect(help).toContain(f.label);
  expect(help).toContain('BioLogic EC-Lab .mpr');
});
