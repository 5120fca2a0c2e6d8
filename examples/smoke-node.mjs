// Smoke test of the built bundle in plain Node (no TypeScript, no test runner): the same
// dist/node/eiskit.mjs that Node resolves `eiskit` to (package.json exports, condition node).
import { init, parseCircuit, WASM_HASH } from '../dist/node/eiskit.mjs';

const info = await init();
const c = parseCircuit('R0-p(R1,CPE1)-CPE2');
const z = c.impedance([1e6, 1e3, 1], [20, 1e4, 3e-10, 0.9, 1e-6, 0.8]);
const js = c.impedance([1e6, 1e3, 1], [20, 1e4, 3e-10, 0.9, 1e-6, 0.8], { backend: 'js' });
const worst = Math.max(...Array.from(z.re, (v, i) => Math.abs(v - js.re[i]) / Math.abs(js.re[i])));
if (info.backend !== 'wasm' || !(worst < 1e-12)) {
  console.error(`node smoke FAILED: backend ${info.backend}, worst rel. diff ${worst}`);
  process.exit(1);
}
console.log(`node smoke ok (wasm ${WASM_HASH}): Re Z = ${Array.from(z.re, (x) => x.toFixed(4)).join(', ')}`);
