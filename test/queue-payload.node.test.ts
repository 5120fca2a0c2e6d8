/** The job and result texts of eiskit/queue (src/queue/payload.ts): round trips bit for bit, version checks, corrupt data. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EisError, fitBatch, logFrequencies, parseCircuit, simulate, type Spectrum } from '../src/index.ts';
import { queueIdentity } from '../src/queue/identity.ts';
import { decodeJob, decodeResult, encodeJob, encodeResult, type JobChunk, packJobChunk } from '../src/queue/payload.ts';
import { canonicalJson } from '../src/queue/job-id.ts';
import { QUEUE_FIT_OPTION_KEYS } from '../src/queue/shared.ts';
import { fitInWorkers, terminateFitWorkers } from '../src/runtime/workers.ts';
import { ensureInit, expectError } from './helpers.ts';
import { expectSame } from './same-value.ts';

beforeAll(ensureInit);
afterAll(terminateFitWorkers);

const circuit = parseCircuit('R0-p(R1,CPE1)-CPE2');
const P = [20, 500, 2e-6, 0.85, 1e-4, 0.8];
const freq = logFrequencies(1e5, 0.1, 31);
const noisy = (n: number): Spectrum[] => Array.from({ length: n }, (_, k) => simulate(circuit, freq, P, { noise: 0.01, seed: k + 1 }));
const PLACE = { batchId: 'eis-batch', index: 2, offset: 64 };
const OTHER = { eiskitVersion: '0.0.0-test', wasmHash: 'ffffffffffffffff' };

/** What a decode of `text` throws. */
function failure(run: () => unknown): EisError {
  try {
    run();
  } catch (e) {
    if (e instanceof EisError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('job text', () => {
  const spectra = noisy(3);
  spectra[1]!.im[4] = -0;
  (spectra[2] as unknown as { temperatureK: number }).temperatureK = 353.15;
  const options = { weighting: 'proportional', fixed: { R0: -0 }, maxIterations: 300 };

  it('round trip: the same spectra bit for bit, −0 in options kept, the same id recomputed', () => {
    const chunk = packJobChunk({ kind: 'fit', circuit: circuit.toString(), options, spectra });
    const text = encodeJob(chunk, PLACE);
    const job = decodeJob(text);
    expect(job.id).toBe(chunk.id);
    expect(job.id).toMatch(/^eis-[0-9a-f]{64}$/);
    expect(job.kind).toBe('fit');
    expect(job.circuit).toBe('R0-p(R1,CPE1)-CPE2');
    expect(job.chunk).toEqual({ ...PLACE, count: 3 });
    expect(Object.is((job.options as { fixed: { R0: number } }).fixed.R0, -0)).toBe(true);
    expect(job.spectraList).toHaveLength(3);
    job.spectraList.forEach((s, k) => {
      for (const part of ['freq', 're', 'im'] as const) {
        expect(s[part]).toBeInstanceOf(Float64Array);
        expect(Array.from(s[part]).map((x) => Object.is(x, -0) ? '-0' : x)).toEqual(Array.from(spectra[k]![part]).map((x) => Object.is(x, -0) ? '-0' : x));
      }
    });
    expect((job.spectraList[2] as unknown as { temperatureK: number }).temperatureK).toBe(353.15);
    expect(text).toBe(canonicalJson(JSON.parse(text))); // written by hand around the spectra, still canonical
    // the text itself is deterministic
    expect(encodeJob(packJobChunk({ kind: 'fit', circuit: circuit.toString(), options: { ...options }, spectra }), PLACE)).toBe(text);
  });

  it('only validated spectra (Float64Array freq, re, im) are packed', () => {
    const loose = { freq: [1, 2], re: [1, 2], im: [0, 0] } as unknown as Spectrum;
    expectError(() => packJobChunk({ kind: 'fit', circuit: 'R0', options: {}, spectra: [spectra[0]!, loose] }), 'E_ARG_TYPE', /spectra\[1\]/, /validated/);
    // non-finite options travel (a bound of [0, Infinity]) and read back as numbers
    const infinite = decodeJob(encodeJob(packJobChunk({ kind: 'fit', circuit: 'R0', options: { bounds: { R0: [-0, Infinity] } }, spectra }), PLACE));
    const bound = (infinite.options as { bounds: { R0: number[] } }).bounds.R0;
    expect([Object.is(bound[0], -0), bound[1]]).toEqual([true, Infinity]);
    expectError(() => packJobChunk({ kind: 'fit', circuit: 'R0', options: [1] as never, spectra }), 'E_ARG_TYPE', /`options` must be an object/);
  });

  it('another eiskit version, WASM hash or schema version is E_VERSION naming both sides', () => {
    const text = encodeJob(packJobChunk({ kind: 'fit', circuit: 'R0', options: {}, spectra, identity: OTHER }), PLACE);
    const e = failure(() => decodeJob(text));
    expect(e.code).toBe('E_VERSION');
    const self = queueIdentity();
    expect(e.message).toContain('eiskit "0.0.0-test" (WASM "ffffffffffffffff")');
    expect(e.message).toContain(`eiskit ${JSON.stringify(self.eiskitVersion)} (WASM ${JSON.stringify(self.wasmHash)})`);
    expect(decodeJob(text, OTHER).kind).toBe('fit');
    const good = JSON.parse(encodeJob(packJobChunk({ kind: 'fit', circuit: 'R0', options: {}, spectra }), PLACE)) as Record<string, unknown>;
    expectError(() => decodeJob(JSON.stringify({ ...good, schema: 'eiskit-batch-job/2' })), 'E_VERSION', /"eiskit-batch-job\/2"/, /"eiskit-batch-job\/1"/);
  });

  it('a global chunk: its series boundaries in the text and back, in its id; the other kinds have none', () => {
    const chunk = packJobChunk({ kind: 'global', circuit: 'R0', options: { shared: ['R0'] }, spectra, series: [2, 1] });
    const text = encodeJob(chunk, { ...PLACE, offset: 16 });
    expect(JSON.parse(text)).toMatchObject({ kind: 'global', series: [2, 1], chunk: { offset: 16, count: 3 } });
    expect(text).toBe(canonicalJson(JSON.parse(text)));
    const back = decodeJob(text);
    expect([back.id, back.series, back.spectraList.length]).toEqual([chunk.id, [2, 1], 3]);
    expect(packJobChunk({ kind: 'global', circuit: 'R0', options: { shared: ['R0'] }, spectra, series: [1, 2] }).id).not.toBe(chunk.id);
    expect('series' in JSON.parse(encodeJob(packJobChunk({ kind: 'fit', circuit: 'R0', options: {}, spectra }), PLACE))).toBe(false);
  });

  it('a text that is not the layout is E_QUEUE saying what is wrong', () => {
    const chunk: JobChunk = packJobChunk({ kind: 'fit', circuit: 'R0', options: {}, spectra });
    const good = JSON.parse(encodeJob(chunk, PLACE)) as Record<string, Record<string, unknown>>;
    const spectraPart = good.spectra!;
    const cases: [unknown, RegExp][] = [
      [42, /42, not JSON text/],
      ['{"schema":', /not JSON/],
      ['[1]', /is not an object/],
      [JSON.stringify({ ...good, schema: 'something-else/1' }), /schema is "something-else\/1"/],
      [JSON.stringify({ ...good, kind: 'zhit' }), /kind "zhit" is not one of fit, linkk, drt, global/],
      [JSON.stringify({ ...good, kind: 'global' }), /series is undefined, not a list of spectrum counts/],
      [JSON.stringify({ ...good, kind: 'global', series: [2, 0, 1] }), /series is \[2, 0, 1\]/],
      [JSON.stringify({ ...good, kind: 'global', series: [2, 2] }), /its series hold 2 \+ 2 spectra, not chunk\.count 3/],
      [JSON.stringify({ ...good, series: [3] }), /a fit job has series \[3\]/],
      [JSON.stringify({ ...good, kind: 'drt' }), /a drt job has circuit "R0", not ""/],
      [JSON.stringify({ ...good, circuit: 3 }), /circuit is 3/],
      [JSON.stringify({ ...good, chunk: { ...good.chunk, count: 4 } }), /chunk\.count is 4 but it holds 3/],
      [JSON.stringify({ ...good, chunk: { ...good.chunk, index: -1 } }), /chunk needs/],
      [JSON.stringify({ ...good, spectra: { ...spectraPart, data: 'not base64!' } }), /spectra\.data is not base64/],
      [JSON.stringify({ ...good, spectra: { ...spectraPart, data: (spectraPart.data as string).slice(0, -16) } }), /runs past the data|not whole float64s/],
      [JSON.stringify({ ...good, spectra: { ...spectraPart, data: `${spectraPart.data as string}AAAAAAAAAAA=` } }), /values after the last spectrum/],
      [JSON.stringify({ ...good, spectra: { ...spectraPart, packed: 'AAAA' } }), /3 spectra \(3 flags\)|not packed/],
    ];
    for (const [text, pattern] of cases) {
      const e = failure(() => decodeJob(text));
      expect(e.code, String(text).slice(0, 80)).toBe('E_QUEUE');
      expect(e.message).toMatch(/^a queued job cannot be read: /);
      expect(e.message).toMatch(pattern);
    }
  });
});

describe('result text', () => {
  it('round trip of fitBatch results: expectSame (every bit, the Float64Array layout) as fitBatch gives them', async () => {
    const spectra = noisy(5);
    const results = await fitBatch(circuit, spectra);
    const text = encodeResult({ jobId: 'eis-job', batchId: 'eis-batch', index: 1, results, ms: 12.5 });
    expect(text).toBe(canonicalJson(JSON.parse(text)));
    const back = decodeResult(text, { jobId: 'eis-job', count: 5 });
    expect(back).toMatchObject({ jobId: 'eis-job', batchId: 'eis-batch', index: 1, runtime: process.version, ms: 12.5 });
    expect(back.results).toHaveLength(5);
    back.results.forEach((r, k) => expectSame(results[k], r, `results[${k}]`));
  });

  it("a fit job's pool chunks pass through packed (several parts), read back the same bit for bit as fitBatch", async () => {
    const spectra = noisy(70);
    const parts = await fitInWorkers(1, circuit.toString(), spectra, {}, QUEUE_FIT_OPTION_KEYS, false, 32, undefined, { whole: true, packed: true });
    expect(parts.map((p) => p.count)).toEqual([32, 32, 6]);
    const text = encodeResult({ jobId: 'eis-job', batchId: 'eis-batch', index: 0, parts, ms: 1 });
    expect((JSON.parse(text) as { count: number; parts: unknown[] }).count).toBe(70);
    expect(text).toBe(canonicalJson(JSON.parse(text))); // written by hand around the parts, still canonical
    const back = decodeResult(text, { jobId: 'eis-job', count: 70 });
    const local = await fitBatch(circuit, spectra);
    back.results.forEach((r, k) => expectSame(local[k], r, `results[${k}]`));
  });

  it('−0, NaN and ±Infinity survive, in numbers and in typed arrays', () => {
    const block = new Float64Array([-0, Number.NaN, Infinity, -Infinity, 0]);
    const values = [{ a: -0, b: Number.NaN, c: Infinity, d: -Infinity, arr: block.subarray(1, 4), all: block, s: ['NaN', '-0'], ok: true, none: null }];
    const back = decodeResult(encodeResult({ jobId: 'j', batchId: 'b', index: 0, results: values, ms: 0 }), { jobId: 'j', count: 1 });
    expectSame(values[0], back.results[0]);
  });

  it('checks version, job id, count and layout', () => {
    const text = encodeResult({ jobId: 'j', batchId: 'b', index: 0, results: [{ x: 1 }], ms: 1 });
    expectError(() => decodeResult(text, { jobId: 'j', count: 1 }, OTHER), 'E_VERSION', /0\.0\.0-test/);
    expectError(() => decodeResult(text, { jobId: 'k', count: 1 }), 'E_QUEUE', /job "j"'s, not "k"'s/);
    expectError(() => decodeResult(text, { jobId: 'j', count: 2 }), 'E_QUEUE', /holds 1 results, not 2/);
    const good = JSON.parse(text) as Record<string, unknown> & { parts: Record<string, unknown>[] };
    const part = good.parts[0]!;
    expect(good.parts).toHaveLength(1);
    expectError(() => decodeResult(JSON.stringify({ ...good, parts: [{ ...part, data: 'AAAAAAAAAAA=' }] }), { jobId: 'j', count: 1 }), 'E_QUEUE', /do not match their shapes \(parts\[0\]/);
    expectError(() => decodeResult(JSON.stringify({ ...good, parts: [{ ...part, shapes: ['{'] }] }), { jobId: 'j', count: 1 }), 'E_QUEUE', /do not match their shapes/);
    expectError(() => decodeResult(JSON.stringify({ ...good, parts: [part, { ...part, count: 0 }, { ...part, count: 1 }] }), { jobId: 'j', count: 1 }), 'E_QUEUE', /parts hold 2 results, not 1/);
    // strict base64: bad characters, '=' inside, a wrong length, bits set in the padding
    for (const data of ['A$==', 'AA=A', 'AAA', 'A AA', 'AB==', 'AAB=', 'AAAAAAAAAAA\n']) {
      expectError(() => decodeResult(JSON.stringify({ ...good, parts: [{ ...part, data }] }), { jobId: 'j', count: 1 }), 'E_QUEUE', /parts\[0\]\.data is not base64/);
    }
    for (const parts of [undefined, part, [{ ...part, count: -1 }], [{ ...part, strings: [1] }]]) {
      expectError(() => decodeResult(JSON.stringify({ ...good, parts }), { jobId: 'j', count: 1 }), 'E_QUEUE', /parts needs a list of \{ count, data, shapes, strings \}/);
    }
    expectError(() => decodeResult(JSON.stringify({ ...good, ms: 'x' }), { jobId: 'j', count: 1 }), 'E_QUEUE', /ms is missing/);
    expectError(() => decodeResult(JSON.stringify({ ...good, schema: 'eiskit-batch-result/9' }), { jobId: 'j', count: 1 }), 'E_VERSION', /eiskit-batch-result\/9/);
  });
});
