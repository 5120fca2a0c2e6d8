/**
 * Reader benchmark (Node): readSpectra on 60-sweep files (bench/io-data.ts) in each layout —
 * ms per file (median of timed slices after a warm-up) and MB/s of file bytes. With
 * `--write DIR` the files are also written there (for the CLI: eiskit kk DIR/pellet60.mpr).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readSpectra } from '../src/io/index.ts';
import { timeIt } from './bench.ts';
import { csv60, mpr60, mpt60, POINTS, SWEEPS } from './io-data.ts';

const files: [string, Uint8Array][] = [
  ['pellet60.mpr', mpr60()],
  ['pellet60.mpt', new TextEncoder().encode(mpt60())],
  ['pellet60.csv', new TextEncoder().encode(csv60())],
];
const at = process.argv.indexOf('--write');
if (at > 0) {
  const dir = process.argv[at + 1] ?? 'out';
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of files) writeFileSync(`${dir}/${name}`, bytes);
}
const lines = ['| file | layout | size | sweeps × points | ms per file | MB/s |', '|---|---|---|---|---|---|'];
for (const [name, bytes] of files) {
  const spectra = readSpectra(bytes, { fileName: name });
  const shape = `${spectra.length} × ${spectra[0]!.freq.length}`;
  if (spectra.length !== SWEEPS || spectra.some((s) => s.freq.length !== POINTS)) throw new Error(`${name}: ${shape}, expected ${SWEEPS} × ${POINTS}`);
  const ms = timeIt(() => readSpectra(bytes, { fileName: name }), 9, 200);
  lines.push(`| ${name} | ${spectra[0]!.meta.format} | ${(bytes.length / 1024).toFixed(0)} kB | ${shape} | ${ms.toFixed(2)} | ${(bytes.length / 1e6 / (ms / 1e3)).toFixed(0)} |`);
  console.error(lines[lines.length - 1]);
}
console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}\n\n${lines.join('\n')}`);
