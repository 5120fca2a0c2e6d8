/**
 * The DRT in Chromium gives the same bits as in Node: the WASM kernel (assembly/drt.ts, every
 * λ method, fixed λ, both row modes, the full build, free columns; all in one K-problem call)
 * and the TS core behind the JS backend. The Node side runs as a vitest browser command (see
 * vitest.config.ts), so this compares live outputs, not a stored hash.
 */
import { expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { createEngine } from '../src/index.ts';
import { DRT_VARIANTS, drtOutputs } from './cross-runtime-drt.ts';
import type { EncodedSpectrum } from './cross-runtime-fits.ts';
import { compareLabelledLines } from './helpers.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    nodeDrtOutputs: () => Promise<{ spectra: EncodedSpectrum[]; outputs: Record<string, string[]> }>;
  }
}

it('DRT outcomes (coefficients, y, A·x, λ scores and index, counters, warnings) are bit-identical in Chromium and Node, WASM and JS backends', async () => {
  const { spectra, outputs: node } = await commands.nodeDrtOutputs();
  const mine = drtOutputs(spectra, await createEngine());
  expect(Object.keys(mine)).toEqual(Object.keys(node));
  expect(Object.keys(mine).length).toBe(2 * spectra.length * DRT_VARIANTS.length);
  const compared = compareLabelledLines(mine, node);
  expect(compared).toBeGreaterThan(20_000);
});
