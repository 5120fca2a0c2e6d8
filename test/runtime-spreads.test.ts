/**
 * Nothing spreads an input-sized array into call arguments (V8 throws RangeError "Maximum call
 * stack size exceeded" somewhere above ~10⁵ arguments): the app's plots of a 300 000-point
 * spectrum and a 300 000-row CLI table work.
 */
import { describe, expect, it } from 'vitest';
import { spectrumSpecs } from '../app/plots.ts';
import type { SpectrumResult } from '../app/protocol.ts';
import { table } from '../src/cli/output.ts';

const N = 300_000;

describe('no spreads of input-sized arrays', () => {
  it(`the app's plots of a ${N}-point spectrum (the Bode data range was Math.min(...freq))`, () => {
    const freq = Array.from({ length: N }, (_, i) => 10 ** (6 - (8 * i) / (N - 1)));
    const re = freq.map((f) => 10 + 1000 / (1 + (f / 1e3) ** 2));
    const im = freq.map((f) => (-1000 * (f / 1e3)) / (1 + (f / 1e3) ** 2));
    const s: SpectrumResult = {
      label: 'long.csv', file: 'long.csv', freq, re, im, used: N,
      fit: { error: 'not fitted' }, kk: { error: 'not tested' },
    } as unknown as SpectrumResult;
    const specs = spectrumSpecs(s, { fmin: 1 });
    // the band left of fmin = 1 Hz is shaded from the lowest frequency (1e-2 Hz) to 1 Hz
    const bands = JSON.stringify(specs.bode).match(/"lo":([^,]+),"hi":([^}]+)}/);
    expect(bands && [Number(bands[1]), Number(bands[2])]).toEqual([freq[N - 1], 1]);
  });

  it(`a ${N}-row CLI table`, () => {
    const rows = [['spectrum', 'R0'], ...Array.from({ length: N }, (_, k) => [`s${k}`, String(k)])];
    const lines = table(rows).split('\n');
    expect(lines.length).toBe(N + 2);
    expect(lines[1]).toBe(`${'─'.repeat('spectrum'.length)}  ${'─'.repeat(String(N - 1).length)}`); // the widest cells
  });
});
