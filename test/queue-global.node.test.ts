/**
 * Global fits over eiskit/queue: submitGlobalFitBatch on an in-process startFitWorker against
 * globalFit in this thread (WASM) — element i the same bits as globalFit(circuit, series[i]),
 * idempotent resubmission, an invalid series or option refused before any job (the series named),
 * a forged job's series named by its batch index on the worker, the lock renewed between series,
 * and GlobalFitResults through the packer.
 */
import { describe, expect, it } from 'vitest';
import { parseCircuit } from '../src/index.ts';
import { globalFit, type GlobalFitOptions, type GlobalFitResult, type GlobalSpectrumInput } from '../src/global/index.ts';
import { packJobChunk } from '../src/queue/payload.ts';
import { submitGlobalFitBatch } from '../src/queue/index.ts';
import type { Spectrum } from '../src/types/spectrum.ts';
import { ensureInit, rejection } from './helpers.ts';
import { RECIPE_CIRCUIT, RECIPE_T, recipeSeries } from './global-recipe.ts';
import { none, packerRoundTrip, queueHarness, watchEventLoop } from './queue-harness.ts';
import { REDIS } from './redis-server.ts';
import { expectSame } from './same-value.ts';

const circuit = parseCircuit(RECIPE_CIRCUIT);
const OPTIONS = { shared: ['CPE1.Q', 'CPE1.alpha', 'CPE2.Q', 'CPE2.alpha'], arrhenius: { R1: 'sigma', R2: 'sigma' } } satisfies GlobalFitOptions;
const FIVE = RECIPE_T.slice(0, 5);
/** `count` cells, each a 5-temperature series of the recipe at 1 % noise with its own seed. */
const cells = (count: number, temperatures: readonly number[] = FIVE): GlobalSpectrumInput[][] =>
  Array.from({ length: count }, (_, i) => recipeSeries(0.01, 20 + i, { temperatures }));

describe('GlobalFitResults cross the packer', () => {
  it('laws, shared parameters, lack of fit and the shared test, geometry (prefactors), VTF (t0), no law: the same bits back', async () => {
    await ensureInit();
    const series = cells(1)[0]!;
    const families: GlobalFitOptions[] = [OPTIONS, { ...OPTIONS, testShared: true, geometry: { thicknessCm: 0.1, areaCm2: 0.5 } },
      { shared: ['CPE1.alpha'], arrhenius: { R1: { form: 'vtf' }, R2: 'sigmaT' }, lackOfFit: false }, { shared: ['CPE2.alpha'] }];
    const results = await Promise.all(families.map((o) => globalFit(circuit, series, o)));
    const back = packerRoundTrip(results);
    results.forEach((r, k) => expectSame(r, back[k], `families[${k}]`));
  }, 60_000);
});

describe.skipIf(!REDIS.available).sequential('eiskit/queue: submitGlobalFitBatch on startFitWorker', () => {
  const series = cells(6);
  let local: GlobalFitResult[];
  const h = queueHarness({
    setup: async () => {
      local = [];
      for (const s of series) local.push(await globalFit(circuit, s, OPTIONS));
      await h.worker('global');
    },
  });
  const { look, counts } = h;

  it('6 series × 5 temperatures in jobs of 4 series: element i the same bits as globalFit(circuit, series[i]) (WASM), progress in series; a resubmission adds no job', async () => {
    const q = await look('global');
    const names: string[] = [];
    const seen: [number, number][] = [];
    const results = await submitGlobalFitBatch(circuit, series, OPTIONS, { connection: { url: h.url }, queue: 'global', chunkSize: 4, onProgress: (d, n) => void seen.push([d, n]) });
    expect(results).toHaveLength(6);
    results.forEach((r, i) => expectSame(r, local[i], `results[${i}]`));
    expect(results.every((r) => r.backend === 'wasm' && r.success && r.spectra.length === 5 && r.temperatures.join() === FIVE.join())).toBe(true);
    expect(seen.at(-1)).toEqual([6, 6]);
    // two jobs (4 + 2 series), named by their kind
    for (const entry of await h.client.xrange('bull:global:events', '-', '+')) {
      const fields = entry[1];
      if (fields[fields.indexOf('event') + 1] === 'added') names.push(fields[fields.indexOf('name') + 1]!);
    }
    expect(names).toEqual(['global', 'global']);

    await h.addsNoJob(q, async () => {
      const again = await submitGlobalFitBatch(circuit, series, OPTIONS, { connection: { url: h.url }, queue: 'global', chunkSize: 4 });
      again.forEach((r, i) => expectSame(r, local[i], `again[${i}]`));
    });
  }, 120_000);

  it('one series with the default chunkSize, and series of other lengths in one job: the same as globalFit', async () => {
    const mixed = [series[0]!, recipeSeries(0.01, 40), recipeSeries(0.01, 41, { temperatures: RECIPE_T.slice(2) })];
    const options = { shared: ['CPE1.alpha', 'CPE2.alpha'], arrhenius: { R1: 'sigmaT' }, testShared: true } satisfies GlobalFitOptions;
    const expected: GlobalFitResult[] = [];
    for (const s of mixed) expected.push(await globalFit(circuit, s, options));
    const results = await submitGlobalFitBatch(circuit, mixed, options, { connection: { url: h.url }, queue: 'global' });
    results.forEach((r, i) => expectSame(r, expected[i], `results[${i}]`));
    const one = await submitGlobalFitBatch(circuit, [series[5]!], OPTIONS, { connection: { url: h.url }, queue: 'global' });
    expectSame(one[0], local[5], 'one');
  }, 60_000);

  it('an invalid series: globalFit\'s EisError on it, named series[i] (its spectrum as globalFit names it), and no job is added', async () => {
    const q = await look('global-invalid');
    const submit = (s: GlobalSpectrumInput[][]) => rejection(submitGlobalFitBatch(circuit, s, OPTIONS, { connection: { url: h.url }, queue: 'global-invalid', chunkSize: 2 }));
    const cold = series.map((s) => [...s]);
    cold[3]![1] = { ...cold[3]![1]!, temperatureK: -5 };
    const short = series.map((s) => [...s]);
    short[4]![2] = { ...short[4]![2]!, re: Array.from(short[4]![2]!.re).slice(1) };
    for (const [bad, i] of [[cold, 3], [short, 4]] as const) {
      const expected = await rejection(globalFit(circuit, bad[i]!, OPTIONS));
      const got = await submit(bad);
      expect({ code: got.code, message: got.message, details: got.details }).toEqual({ code: expected.code, message: `series[${i}]: ${expected.message}`, details: { ...expected.details, series: i } });
    }
    expect((await submit(short)).details).toMatchObject({ series: 4, spectrum: 2 });
    expect((await submit(short)).message).toMatch(/^series\[4\]: spectra\[2\]: /);
    // a series of one spectrum, and no series at all
    expect((await submit([series[0]!, series[1]!.slice(0, 1)])).message).toMatch(/^series\[1\]: .*at least 3 distinct temperatures/);
    expect([(await submit([])).code, (await submit([])).details.argument]).toEqual(['E_ARG_TYPE', 'series']);
    // a field beside freq, re, im and temperatureK that is not plain JSON (globalFit ignores it; a job cannot carry it)
    const dated = series.map((s) => [...s]);
    dated[2]![1] = Object.assign({ ...dated[2]![1]! }, { measured: new Date(0) });
    expect([(await submit(dated)).code, (await submit(dated)).details.argument]).toEqual(['E_ARG_TYPE', 'series[2][1].measured']);
    expect(await counts(q)).toEqual(none);
  });

  it('a bad option is refused before any job: globalFit\'s error on series[0], or an option a queue cannot take named (start with its reason)', async () => {
    const q = await look('global-options');
    const two = series.slice(0, 2);
    const submit = (o: unknown) => rejection(submitGlobalFitBatch(circuit, two, o as never, { connection: { url: h.url }, queue: 'global-options' }));
    for (const o of [{ shared: ['CPE9.Q'] }, { arrhenius: { R1: 'arrhenius' } }, { lackOfFit: 1 }, { weighting: 'bogus' }]) {
      const expected = await rejection(globalFit(circuit, two[0]!, o as never));
      const got = await submit(o);
      expect({ code: got.code, message: got.message }).toEqual({ code: expected.code, message: `series[0]: ${expected.message}` });
    }
    for (const key of ['backend', 'engine', 'onProgress', 'chunkSize', 'signal']) {
      const e = await submit({ [key]: key === 'onProgress' ? () => {} : 'js' });
      expect([e.code, e.details.argument]).toEqual(['E_ARG_RANGE', key]);
    }
    const start = await submit({ ...OPTIONS, start: local[0] });
    expect([start.code, start.details.argument]).toEqual(['E_ARG_RANGE', 'start']);
    expect(start.message).toMatch(/cannot be sent to a queue/);
    expect(await counts(q)).toEqual(none);
  });

  it('abort: rejects with E_ABORTED counting series and removes the jobs no worker took', async () => {
    const q = await look('global-abort'); // no worker on this queue: every job waits
    const controller = new AbortController();
    // series no other test submits (a chunk whose result is in Redis is not queued again)
    const fresh = Array.from({ length: 6 }, (_, i) => recipeSeries(0.01, 60 + i, { temperatures: FIVE }));
    const submitted = submitGlobalFitBatch(circuit, fresh, OPTIONS, { connection: { url: h.url }, queue: 'global-abort', chunkSize: 2, signal: controller.signal });
    await expect.poll(async () => (await counts(q)).waiting, { timeout: 10_000 }).toBe(3);
    controller.abort();
    const e = await rejection(submitted);
    expect([e.code, e.message, e.details.total]).toEqual(['E_ABORTED', 'the queued batch was aborted after 0 of 6 series.', 6]);
    expect(await counts(q)).toEqual(none);
  });

  it('on the worker: a job made elsewhere with an invalid series fails at once naming the series by its batch index', async () => {
    const q = await look('global-forged');
    await h.worker('global-forged');
    const bad = series[1]!.map((s) => ({ ...s })) as Spectrum[];
    (bad[2] as unknown as { temperatureK: number }).temperatureK = 0;
    const parts = [series[0]!, bad] as unknown as Spectrum[][];
    const chunk = packJobChunk({ kind: 'global', circuit: RECIPE_CIRCUIT, options: OPTIONS, spectra: parts.flat(), series: [5, 5] });
    const e = await h.failsAtOnce(q, chunk, 10);
    const expected = await rejection(globalFit(circuit, bad as unknown as GlobalSpectrumInput[], OPTIONS));
    expect({ code: e.code, message: e.message, details: e.details }).toEqual({ code: expected.code, message: `series[11]: ${expected.message}`, details: { ...expected.details, series: 11 } });
  }, 30_000);

  // a 1.5 s lock (not the DRT test's 1 s): the worker and the submitter share this process, so the
  // gap also holds the job's encode and the result's decode, and on a loaded 2-core VM a 1 s lock
  // failed once in about a dozen runs
  it('a one-job batch longer than the lock (1.5 s): the event loop gets a turn between global fits, so the lock is renewed and the job never stalls', async () => {
    const listener = await h.listen('global-lock');
    const stalled: string[] = [];
    listener.events.on('stalled', ({ jobId }) => void stalled.push(jobId));
    await h.worker('global-lock', { lockDuration: 1500, stalledInterval: 750 });
    // 50 temperatures from 140 to 200 °C: a long series (bench/README.md: 35–85 ms each), and the shared test's refit
    const options = { ...OPTIONS, testShared: true };
    const long = cells(36, Array.from({ length: 50 }, (_, i) => RECIPE_T[0]! + (60 * i) / 49));
    const expected: GlobalFitResult[] = [];
    const each: number[] = [];
    for (const s of long) {
      const t = performance.now();
      expected.push(await globalFit(circuit, s, options));
      each.push(performance.now() - t);
    }
    const loop = watchEventLoop();
    try {
      const results = await submitGlobalFitBatch(circuit, long, options, { connection: { url: h.url }, queue: 'global-lock', chunkSize: 36 });
      results.forEach((r, i) => expectSame(r, expected[i], `results[${i}]`));
    } finally {
      loop.stop();
      await listener.close();
      console.log(`global fits of 50 spectra: ${each.map((t) => t.toFixed(0)).join(', ')} ms (${each.reduce((a, b) => a + b, 0).toFixed(0)} ms in all); longest event-loop gap on the worker ${loop.longest.toFixed(0)} ms; stalled ${stalled.length}`);
    }
    const total = each.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1500); // longer than the lock: without the turns it would stall
    expect(loop.longest).toBeLessThan(750); // below lockDuration / 2: BullMQ's renewal timer ran
    expect(stalled).toEqual([]);
  }, 120_000);
});
