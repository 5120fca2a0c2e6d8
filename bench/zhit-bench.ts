/**
 * Z-HIT benchmark (Node and Chromium, the same file): µs per zhit() call on 81 points
 * (1 MHz → 10 mHz, R0 + ZARC + ZARC), for the option sets a user meets.
 * Method: bench.ts's timeIt (300 ms warm-up, median of 9 slices of 60 ms).
 * Run: npm run bench:zhit (Node), npm run bench:zhit:browser (headless Chromium, bench/zhit-bench.html).
 */
import { init, linKK, zhit, type ZhitOptions } from '../src/index.ts';
import { timeIt } from './bench.ts';

function spectrum() {
  const freq = Array.from({ length: 81 }, (_, k) => 10 ** (6 - k / 10));
  const re: number[] = [], im: number[] = [];
  for (const f of freq) {
    const w = 2 * Math.PI * f;
    let zr = 20, zi = 0;
    for (const [R, tau, a] of [[1e4, 1e-6, 0.9], [3e4, 1e-3, 0.75]] as const) {
      // R / (1 + (jωτ)^a)
      const m = (w * tau) ** a, pr = 1 + m * Math.cos((Math.PI * a) / 2), pi = m * Math.sin((Math.PI * a) / 2), d = pr * pr + pi * pi;
      zr += (R * pr) / d;
      zi -= (R * pi) / d;
    }
    re.push(zr);
    im.push(zi);
  }
  return { freq, re, im };
}

async function run(): Promise<string> {
  await init();
  const s = spectrum();
  const kk = linKK(s);
  const sets: [string, ZhitOptions][] = [
    ["explicit window `{ fmin: 1, fmax: 1e3 }`, `smoothing: 'modsinc'` (the Z-HIT work alone)", { window: { fmin: 1, fmax: 1e3 } }],
    ["explicit window, `smoothing: 'none'`", { window: { fmin: 1, fmax: 1e3 }, smoothing: 'none' }],
    ['default window from a given `linKK` result', { linKK: kk }],
    ["defaults (one `linKK({ method: 'mu' })` call inside for the window)", {}],
  ];
  const lines = ['| options | µs per call |', '|---|---|'];
  for (const [label, o] of sets) {
    zhit(s, o);
    const ms = timeIt(() => zhit(s, o));
    lines.push(`| ${label} | ${(1000 * ms).toFixed(1)} |`);
    console.error(lines[lines.length - 1]);
  }
  const mu = timeIt(() => linKK(s, { method: 'mu' })), lk = timeIt(() => linKK(s));
  lines.push(`| (for scale: \`linKK({ method: 'mu' })\` alone) | ${(1000 * mu).toFixed(1)} |`, `| (for scale: \`linKK\` alone, defaults: the noise rule) | ${(1000 * lk).toFixed(1)} |`);
  const where = typeof window !== 'undefined' ? navigator.userAgent : `Node ${process.version}`;
  return `\n${where}, ${new Date().toISOString().slice(0, 10)}, 81 points\n\n${lines.join('\n')}`;
}

try {
  console.log(await run());
  console.log('ALL DONE');
} catch (e) {
  console.log(`ERROR ${(e as Error)?.stack ?? e}`);
}
