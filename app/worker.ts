/**
 * The app's worker: reads the dropped files (bytes → spectra), fits the circuit and runs
 * Lin-KK with the WASM engine, and answers with plain arrays.
 */
import { fitBatch, init, linKKBatch, parseCircuit } from '../src/index.ts';
import { readSpectra } from '../src/io/index.ts';
import type { AnalyseReply, AnalyseRequest, SpectrumResult } from './protocol.ts';

const post = (m: AnalyseReply) => (self as unknown as { postMessage(m: AnalyseReply): void }).postMessage(m);
const ready = init();

self.onmessage = async (e: MessageEvent<AnalyseRequest>) => {
  const t0 = performance.now();
  try {
    await ready;
    const circuit = parseCircuit(e.data.circuit);
    const spectra = e.data.files.flatMap((f) => readSpectra(new Uint8Array(f.bytes), { fileName: f.name }).map((s, k, all) => ({ ...s, label: all.length > 1 ? `${f.name} #${k + 1}` : f.name })));
    post({ type: 'progress', message: `fitting ${spectra.length} spectra…` });
    const fits = await fitBatch(circuit, spectra, { onProgress: (d, n) => post({ type: 'progress', message: `fitted ${d} of ${n}` }) });
    const kks = await linKKBatch(spectra, { method: 'score', extension: 'auto' });
    const out: SpectrumResult[] = spectra.map((s, k) => {
      const f = fits[k]!, kk = kks[k]!;
      return {
        label: s.label, freq: Array.from(s.freq), re: Array.from(s.re), im: Array.from(s.im),
        fit: {
          paramNames: [...f.paramNames], units: [...f.units], params: Array.from(f.params), stderr: Array.from(f.stderr), chi2: f.chi2,
          success: f.success, message: f.message, fitted: { re: Array.from(f.fitted.re), im: Array.from(f.fitted.im) }, warnings: f.warnings,
        },
        kk: { M: kk.M, mu: kk.mu, pass: kk.pass, maxResidual: kk.maxResidual, threshold: kk.threshold, residuals: { re: Array.from(kk.residuals.re), im: Array.from(kk.residuals.im) }, noiseEstimate: kk.noiseEstimate },
      };
    });
    post({ type: 'done', circuit: circuit.toString(), spectra: out, ms: performance.now() - t0 });
  } catch (err) {
    post({ type: 'error', message: (err as Error)?.message ?? String(err) });
  }
};
