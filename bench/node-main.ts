import { loadavg } from 'node:os';
import { fit, init, parseCircuit } from '../src/index.ts';
import tv from '../test/fixtures/impedancepy/test-vectors.json';
import { elementMarkdown, runElementBench, runImpedanceBench, timeSlices, toMarkdown } from './bench.ts';

if (process.argv.includes('--example')) {
  // npm run bench -- --example: impedance.py's exampleData fit alone (ms per fit, 15 slices)
  await init();
  const fz = tv.fitting as unknown as { frequencies_hz: number[]; Z: { re: number[]; im: number[] }; initial_guess: number[] };
  const ex = { freq: fz.frequencies_hz, re: fz.Z.re, im: fz.Z.im };
  const exC = parseCircuit('R0-p(R1,C1)-p(R2-Wo1,C2)');
  const exOpts = { initial: fz.initial_guess, weighting: 'unit' as const };
  const r = fit(exC, ex, exOpts);
  const ms = timeSlices(() => fit(exC, ex, exOpts), 15, 60);
  console.log(`exampleData fit: ${ms[ms.length >> 1]!.toFixed(3)} ms [${ms[0]!.toFixed(3)}–${ms[ms.length - 1]!.toFixed(3)}], ${r.iterations} iterations, nfev ${r.nfev}, njev ${r.njev}, χ² ${r.chi2.toExponential(9)}, load ${loadavg()[0]!.toFixed(2)}`);
} else if (process.argv.includes('--elements')) {
  // npm run bench -- --elements: the element rows and impedance.py's exampleData fit only
  await init();
  const load0 = loadavg();
  const rows = [...(await runElementBench((s) => console.error(s), 61)), ...(await runElementBench((s) => console.error(s), 1000))];
  const fz = tv.fitting as unknown as { frequencies_hz: number[]; Z: { re: number[]; im: number[] }; initial_guess: number[] };
  const ex = { freq: fz.frequencies_hz, re: fz.Z.re, im: fz.Z.im };
  const exC = parseCircuit('R0-p(R1,C1)-p(R2-Wo1,C2)');
  const exOpts = { initial: fz.initial_guess, weighting: 'unit' as const };
  const r = fit(exC, ex, exOpts);
  const ms = timeSlices(() => fit(exC, ex, exOpts), 9, 60);
  const load1 = loadavg();
  console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 16)}Z, load ${load0[0]!.toFixed(2)} before, ${load1[0]!.toFixed(2)} after (ns per frequency point, median)\n`);
  console.log(elementMarkdown(rows.filter((x) => x.n === 61)));
  console.log('');
  console.log(elementMarkdown(rows.filter((x) => x.n === 1000)));
  console.log(`\nexampleData fit: ${ms[ms.length >> 1]!.toFixed(3)} ms [${ms[0]!.toFixed(3)}–${ms[ms.length - 1]!.toFixed(3)}], ${r.iterations} iterations, nfev ${r.nfev}, njev ${r.njev}, χ² ${r.chi2.toExponential(9)}`);
} else {
  const rows = await runImpedanceBench((s) => console.error(s));
  console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)} (ns per frequency point, median)\n`);
  console.log(toMarkdown(rows));
}
