/**
 * A fixed set of evaluations whose WASM outputs must be bit-identical in every runtime.
 * Shared by the browser test and the Node-side command in vitest.config.ts. The inputs are
 * made once, in Node, and sent to the browser: JS's own `10 ** x` and Math.* may differ by an
 * ulp between V8 versions (Node 20 vs Chromium 156), which would change the inputs, not the
 * kernels.
 */
import { ELEMENTS, createEngine, logFrequencies, parseCircuit } from '../src/index.ts';
import { Random } from '../src/random.ts';

export interface CrossRuntimeCase {
  source: string;
  params: number[];
  freq: number[];
}

const CIRCUITS = [
  'R0-p(R1,CPE1)-CPE2',
  'R0-p(R1,C1)-p(R2-Wo1,C2)',
  ...ELEMENTS.map((e) => `R0-p(R1,${e.symbol}2)`),
  'p(Ws1,La1,G1)-p(Gs1,K1-Zarc1)-TLMQ1-T1-H1-W1-L1',
];

export function crossRuntimeInputs(): CrossRuntimeCase[] {
  const rng = new Random(2026);
  const freq = Array.from(logFrequencies(1e7, 1e-4, 97));
  return CIRCUITS.map((source) => {
    const c = parseCircuit(source);
    const params = c.paramNames.map((_, k) => (c.program.upper[k] === 1
      ? 0.3 + 0.7 * rng.uniform()
      : c.program.defaults[k]! * 10 ** (4 * rng.uniform() - 2)));
    return { source, params, freq };
  });
}

/**
 * Z and Jacobian planes of every case, each as base64 of its raw IEEE-754 bytes (JSON would
 * turn −0 into 0 and could hide a sign-of-zero difference).
 */
export async function wasmOutputs(cases: readonly CrossRuntimeCase[]): Promise<string[]> {
  const engine = await createEngine();
  return cases.flatMap(({ source, params, freq }) => {
    const j = parseCircuit(source).jacobian(freq, params, { engine, backend: 'wasm' });
    return [j.z.re, j.z.im, j.re, j.im].map(toBase64);
  });
}

/** The raw bytes of a Float64Array as base64. */
export function toBase64(a: Float64Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Decodes {@link wasmOutputs}' strings. */
export function fromBase64(s: string): Float64Array {
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float64Array(bytes.buffer);
}

/** What the Node side of the comparison returns. */
export async function nodeSide(): Promise<{ inputs: CrossRuntimeCase[]; outputs: string[] }> {
  const inputs = crossRuntimeInputs();
  return { inputs, outputs: await wasmOutputs(inputs) };
}
