#!/usr/bin/env node
// Gzipped size of the eiskit and eiskit/io entry points bundled standalone (esbuild, minified,
// no splitting: what a user's bundler pulls in for that import), with the spreadsheet readers'
// fflate bundled and with fflate left out (--external), to measure what the inflater costs.
// Usage: node bench/io-size.mjs [srcRoot]   (default: this checkout; bindings/eis.wasm.base64.ts must exist)
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const root = process.argv[2] ?? '.';
const size = async (entry, external) => {
  const r = await build({
    entryPoints: [`${root}/${entry}`], bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', minify: true,
    charset: 'utf8', legalComments: 'none', write: false, external: ['node:*', 'vega', 'vega-lite', ...external],
    mainFields: ['module', 'main'], logLevel: 'error',
  });
  const bytes = r.outputFiles[0].contents;
  return { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
};
const kB = (n) => `${(n / 1024).toFixed(1)} kB`;
for (const [name, entry] of [['eiskit', 'src/index.ts'], ['eiskit/io', 'src/io/index.ts']]) {
  const withF = await size(entry, []);
  const without = await size(entry, ['fflate']);
  console.log(`| \`${name}\` | ${kB(withF.raw)} | ${kB(withF.gz)} | ${kB(without.gz)} | +${kB(withF.gz - without.gz)} |`);
}
