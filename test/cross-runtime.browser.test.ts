/**
 * Chromium and Node produce bit-identical WASM results for the same inputs. The Node side
 * runs as a vitest browser command (see vitest.config.ts), so this compares live outputs,
 * not a stored hash.
 */
import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { fromBase64, wasmOutputs, type CrossRuntimeCase } from './cross-runtime-cases.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    nodeWasmOutputs: () => Promise<{ inputs: CrossRuntimeCase[]; outputs: string[] }>;
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
});
