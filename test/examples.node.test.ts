/**
 * The committed example data (examples/data/) is exactly what its generator writes, so the
 * files `npm start` reads cannot drift from the truths the tests check (Node only: reads files).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { makeSeedData, SEED_TRUTH } from '../examples/seed-data.ts';
import { seedFiles } from '../examples/seed-files.ts';

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
