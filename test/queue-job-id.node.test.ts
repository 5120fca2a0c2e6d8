/** Content-hash job ids of eiskit/queue (src/queue/job-id.ts): canonical JSON, golden ids, what changes an id. */
import { describe, expect, it } from 'vitest';
import { batchJobId, canonicalJson, chunkHeader, chunkJobId, type ChunkIdentity, reviveNonFinite } from '../src/queue/job-id.ts';
import { packSpectra } from '../src/runtime/pack.ts';
import type { Spectrum } from '../src/types/spectrum.ts';
import { expectError } from './helpers.ts';

const IDENTITY = { eiskitVersion: '0.10.0', wasmHash: '0123456789abcdef' };
const f64 = (xs: number[]) => new Float64Array(xs);
/** The spectra of test/fixtures/gen_queue_job_id.py. */
const spectra = (): Spectrum[] => [
  { freq: f64([1000, 10, 0.1]), re: f64([10.5, 60.25, 110]), im: f64([-0, -30.5, -2]) },
  { freq: f64([100, 1]), re: f64([11, 99.5]), im: f64([-45, Infinity]), temperatureK: 300, name: 'cell A' } as Spectrum,
];
const fitChunk = (over: Partial<ChunkIdentity> = {}): ChunkIdentity => ({
  ...IDENTITY,
  kind: 'fit',
  circuit: 'R0-p(R1,CPE1)',
  options: { weighting: 'modulus', maxIterations: 200, fixed: { R0: 10.5 } },
  spectra: packSpectra(spectra()),
  ...over,
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, leaves out undefined values, writes typed arrays as arrays and −0 as -0', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null, true], c: undefined }, e: new Float64Array([0.5, -0]) })).toBe('{"a":{"d":[1,"x",null,true]},"b":1,"e":[0.5,-0]}');
    expect(canonicalJson(Object.assign(Object.create(null), { z: 1e21, y: 1e-7 }))).toBe('{"y":1e-7,"z":1e+21}');
    // valid JSON that reads back −0
    expect(Object.is((JSON.parse(canonicalJson({ x: -0 })) as { x: number }).x, -0)).toBe(true);
  });

  it('writes ±Infinity and NaN as tagged objects that reviveNonFinite reads back (a bound [0, Infinity]), each its own text', () => {
    const text = canonicalJson({ bounds: { R0: [0, Infinity], R1: [-Infinity, 1] }, x: Number.NaN });
    expect(text).toBe('{"bounds":{"R0":[0,{"\\u0000n":"Infinity"}],"R1":[{"\\u0000n":"-Infinity"},1]},"x":{"\\u0000n":"NaN"}}');
    const back = JSON.parse(text, reviveNonFinite) as { bounds: { R0: number[]; R1: number[] }; x: number };
    expect([back.bounds.R0[1], back.bounds.R1[0], back.x]).toEqual([Infinity, -Infinity, Number.NaN]);
    const ids = [Infinity, -Infinity, Number.NaN, 1e308].map((b) => chunkJobId(fitChunk({ options: { bounds: { R0: [0, b] } } })));
    expect(new Set(ids).size).toBe(4);
    // the tag is the queue's: an object that holds it is refused, and another shape is not read as a number
    expectError(() => canonicalJson({ x: { '\u0000n': 'Infinity' } }, 'options'), 'E_ARG_TYPE', /options\.x has the key/);
    expect(JSON.parse('{"a":{"\\u0000n":"Infinity","b":1},"c":{"\\u0000n":"big"}}', reviveNonFinite)).toEqual({ a: { '\u0000n': 'Infinity', b: 1 }, c: { '\u0000n': 'big' } });
  });

  it('refuses what is not plain data, naming the path', () => {
    expectError(() => canonicalJson({ onProgress: () => 0 }, 'options'), 'E_ARG_TYPE', /options\.onProgress is a function/);
    expectError(() => canonicalJson({ when: new Date(0) }, 'options'), 'E_ARG_TYPE', /options\.when is a Date/);
    expectError(() => canonicalJson({ m: new Map() }, 'options'), 'E_ARG_TYPE', /options\.m is a Map/);
    expectError(() => canonicalJson([1, undefined], 'options'), 'E_ARG_TYPE', /options\[1\] is undefined/);
    expectError(() => canonicalJson({ n: 1n }, 'options'), 'E_ARG_TYPE', /options\.n is a bigint/);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expectError(() => canonicalJson(loop, 'options'), 'E_ARG_TYPE', /options\.self refers to itself/);
    // the same object twice is not a cycle
    const shared = { a: 1 };
    expect(canonicalJson({ x: shared, y: shared })).toBe('{"x":{"a":1},"y":{"a":1}}');
  });
});

describe('chunkJobId', () => {
  it('equals the golden ids of test/fixtures/gen_queue_job_id.py (Python hashlib, its own canonical JSON)', () => {
    expect(chunkHeader(fitChunk())).toBe('{"bytes":168,"circuit":"R0-p(R1,CPE1)","eiskitVersion":"0.10.0","id":"eiskit-job-id/1","kind":"fit","options":{"fixed":{"R0":10.5},"maxIterations":200,"weighting":"modulus"},"packed":[1,1],"rest":[null,{"name":"cell A","temperatureK":300}],"wasmHash":"0123456789abcdef"}');
    expect(chunkJobId(fitChunk())).toBe('eis-c40aaf75f8832850d5320562b444bf03132e0368816f8293e1b0b6924c2e09e6');
    expect(chunkJobId(fitChunk({ kind: 'linkk', circuit: '', options: { c: 0.85 } }))).toBe('eis-ceed58a2ff85474eca9e274e4e4885aaeba1183df26bdc0769420ef59d9bff7f');
    expect(chunkJobId(fitChunk({ kind: 'drt', circuit: '', options: { credible: true, peakThreshold: 0.1, fmin: 0.5 } }))).toBe('eis-05dd0dedab43ec6f863c6eda6518de54f900af227129f9020a6c7683f87c2f0f');
    const global = fitChunk({ kind: 'global', circuit: 'p(R1,CPE1)', options: { shared: ['CPE1.alpha'], arrhenius: { R1: 'sigmaT' }, lackOfFit: false }, series: [1, 1] });
    expect(chunkHeader(global)).toContain('"rest":[null,{"name":"cell A","temperatureK":300}],"series":[1,1],"wasmHash"');
    expect(chunkJobId(global)).toBe('eis-f5106b6d5ae0a6a4da693adf4cf485d6d50e183b5117270aedf334cc2e8868de');
  });

  it('does not depend on the order of keys', () => {
    const a = chunkJobId(fitChunk({ options: { fixed: { R0: 10.5 }, maxIterations: 200, weighting: 'modulus' } }));
    expect(a).toBe(chunkJobId(fitChunk()));
  });

  it('changes with every input that could change a result', () => {
    const base = chunkJobId(fitChunk());
    const variants: ChunkIdentity[] = [
      fitChunk({ kind: 'linkk' }),
      fitChunk({ kind: 'drt' }),
      fitChunk({ kind: 'global', series: [2] }),
      fitChunk({ kind: 'global', series: [1, 1] }), // the same spectra cut into other series
      fitChunk({ circuit: 'R0-p(R1,C1)' }),
      fitChunk({ options: { weighting: 'modulus', maxIterations: 201, fixed: { R0: 10.5 } } }),
      fitChunk({ options: { weighting: 'modulus', maxIterations: 200, fixed: { R0: 10.500000000000002 } } }), // one ulp
      fitChunk({ options: { weighting: 'modulus', maxIterations: 200, fixed: { R0: 10.5 }, starts: 1 } }),
      fitChunk({ eiskitVersion: '0.10.1' }),
      fitChunk({ wasmHash: '0123456789abcdee' }),
    ];
    const s = spectra();
    s[0]!.re[1] = 60.25000000000001; // one ulp
    variants.push(fitChunk({ spectra: packSpectra(s) }));
    const t = spectra();
    t[0]!.im[0] = 0; // −0 → 0
    variants.push(fitChunk({ spectra: packSpectra(t) }));
    const u = spectra();
    (u[1] as unknown as { temperatureK: number }).temperatureK = 301;
    variants.push(fitChunk({ spectra: packSpectra(u) }));
    variants.push(fitChunk({ spectra: packSpectra(spectra().slice(0, 1)) }));
    const ids = variants.map(chunkJobId);
    for (const id of ids) expect(id).toMatch(/^eis-[0-9a-f]{64}$/);
    expect(new Set([base, ...ids]).size).toBe(ids.length + 1);
  });

  it('tells −0 from 0 in options', () => {
    const zero = chunkJobId(fitChunk({ options: { fixed: { R0: 0 } } }));
    const minusZero = chunkJobId(fitChunk({ options: { fixed: { R0: -0 } } }));
    expect(minusZero).not.toBe(zero);
  });

  it('names the offending option or spectrum property', () => {
    expectError(() => chunkJobId(fitChunk({ options: { bounds: { R0: [0, new Date(0)] } } })), 'E_ARG_TYPE', /options\.bounds\.R0\[1\] is a Date/);
    const s = spectra();
    (s[1] as unknown as { meta: unknown }).meta = { read: new Date(0) };
    expectError(() => chunkJobId(fitChunk({ spectra: packSpectra(s) })), 'E_ARG_TYPE', /spectra\[1\]\.meta\.read is a Date/);
  });

  it('batchJobId hashes the chunk ids in order', () => {
    const [a, b] = [chunkJobId(fitChunk()), chunkJobId(fitChunk({ kind: 'linkk' }))];
    expect(batchJobId([a, b])).toMatch(/^eis-[0-9a-f]{64}$/);
    expect(batchJobId([a, b])).not.toBe(batchJobId([b, a]));
    expect(batchJobId([a, b])).toBe(batchJobId([a, b]));
  });
});
