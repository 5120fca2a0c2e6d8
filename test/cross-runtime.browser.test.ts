/**
 * Chromium and Node produce bit-identical results for the same inputs: the WASM kernels
 * (impedance, Jacobian), and whole fits, batch fits and Lin-KK tests (the JS around the kernels
 * included), also on the JS reference backend. The Node side runs as vitest browser commands
 * (see vitest.config.ts), so this compares live outputs, not a stored hash.
 */
import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { createEngine } from '../src/index.ts';
import { fromBase64, wasmOutputs, type CrossRuntimeCase } from './cross-runtime-cases.ts';
import { fitOutputs, KK_VARIANTS, type EncodedSpectrum } from './cross-runtime-fits.ts';
import { compareLabelledLines } from './helpers.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    nodeWasmOutputs: () => Promise<{ inputs: CrossRuntimeCase[]; outputs: string[] }>;
    nodeFitOutputs: () => Promise<{ spectra: EncodedSpectrum[]; outputs: Record<string, string[]> }>;
  }
}

async function sha256(planes: string[]): Promise<string> {
  const bytes = new TextEncoder().encode(planes.join('|'));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('cross-runtime determinism', () => {
  it('Chromium WASM outputs equal Node WASM outputs bit for bit', async () => {
    const { inputs, outputs: node } = await commands.nodeWasmOutputs();
    const mine = await wasmOutputs(inputs);
    expect(mine.length).toBe(node.length);
    let compared = 0;
    mine.forEach((plane, a) => {
      const x = fromBase64(plane), y = fromBase64(node[a]!);
      expect(x.length).toBe(y.length);
      x.forEach((v, i) => {
        if (!Object.is(v, y[i])) throw new Error(`plane ${a} index ${i}: chromium ${v} vs node ${y[i]}`);
        compared++;
      });
    });
    expect(compared).toBeGreaterThan(10_000);
    expect(await sha256(mine)).toBe(await sha256(node));
  });

  it('fit (given, estimated, multi-start), fitBatch with warm start and every Lin-KK method give the same bits as in Node (WASM and JS backends)', async () => {
    const { spectra, outputs: node } = await commands.nodeFitOutputs();
    const mine = await fitOutputs(spectra, await createEngine());
    expect(Object.keys(mine)).toEqual(Object.keys(node));
    expect(Object.keys(mine).filter((k) => k.startsWith('linKK')).length).toBe(KK_VARIANTS.length);
    expect(Object.keys(mine).filter((k) => k.startsWith('js backend')).length).toBe(4);
    const compared = compareLabelledLines(mine, node);
    // params, stderr, covariance, fitted, residuals, statistics… of 7 fits, 4 batch fits and 24 Lin-KK tests
    expect(compared).toBeGreaterThan(10_000);
    // the comparison covers what it claims: the fields named in the issue are among the leaves
    const leaves = Object.values(node).flat().map((l) => l.replace(/\[\d+\]/g, '[]').split('=')[0]!);
    for (const field of ['.params[]', '.stderr[]', '.covariance[]', '.chi2', '.fitted.re[]', '.residuals.im[]', '.iterations', '.nfev', '.njev',
      '.status', '.quality.verdict', '.quality.reasons[]', '.M', '.mu', '.pass', '.statistics.re.noise']) {
      expect(leaves.some((l) => l.endsWith(field)), field).toBe(true);
    }
  });
});
