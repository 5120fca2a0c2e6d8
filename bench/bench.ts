/**
 * Impedance and Jacobian benchmark, the same source in Node and in Chromium.
 *
 * Method (../shared/docs/toolchain.md §4): per scenario all variants are interleaved
 * round-robin so machine noise hits them equally; each is warmed by repeated calls (WASM
 * has no OSR: only repeated calls tier up to TurboFan), then timed in ROUNDS slices of
 * SLICE_MS; the median ns per frequency point is reported. Every WASM result is checked
 * against the TS reference before timing.
 */
import { createEngine, logFrequencies, parseCircuit } from '../src/index.ts';
import { evaluateReference, makeGrid } from '../src/reference/evaluate.ts';

export const CIRCUITS = [
  { label: '2 params', source: 'p(R1,C1)', params: [1e3, 1e-6] },
  { label: '6 params (pellet)', source: 'R0-p(R1,CPE1)-CPE2', params: [20, 1e4, 3e-10, 0.9, 1e-6, 0.8] },
  {
    label: '12 params',
    source: 'R0-p(R1,CPE1)-p(R2,CPE2)-p(R3-Wo1,CPE3)',
    params: [10, 1e3, 1e-9, 0.9, 1e4, 1e-7, 0.85, 100, 500, 1, 1e-4, 0.8],
  },
] as const;
export const SIZES = [10, 61, 1000, 10_000] as const;

export interface Row {
  circuit: string;
  n: number;
  variant: string;
  nsPerPoint: number;
}

const WARM_MS = 250;
const ROUNDS = 9;
const SLICE_MS = 30;

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Calls fn repeatedly for about `ms`; returns ms per call. */
function timeSlice(fn: () => void, ms: number): number {
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  do {
    for (let k = 0; k < 4; k++) fn();
    calls += 4;
    t = performance.now();
  } while (t - t0 < ms);
  return (t - t0) / calls;
}

export async function runImpedanceBench(log: (s: string) => void): Promise<Row[]> {
  const engine = await createEngine();
  const rows: Row[] = [];
  for (const cc of CIRCUITS) {
    const c = parseCircuit(cc.source);
    const params = Float64Array.from(cc.params);
    for (const n of SIZES) {
      const freq = logFrequencies(1e6, 1, n);
      const grid = makeGrid(freq);
      const bound = engine.bind(c.kernelProgram, freq);
      bound.setParams(params);
      // correctness gate before timing
      bound.jacobian();
      const ref = evaluateReference(c.program, params, grid, { jacobian: true });
      const z = bound.readZ(), j = bound.readJacobian();
      for (let i = 0; i < n; i++) {
        const err = Math.hypot(z.re[i]! - ref.re[i]!, z.im[i]! - ref.im[i]!) / Math.hypot(ref.re[i]!, ref.im[i]!);
        if (!(err < 1e-12)) throw new Error(`${cc.source} N=${n}: WASM differs from the reference (${err})`);
      }
      // Jacobian: 1e-6 relative, or rounding noise relative to |Z| for entries near zero
      const zScale = Math.hypot(ref.re[0]!, ref.im[0]!);
      for (let k = 0; k < j.re.length; k++) {
        if (Math.abs(j.re[k]! - ref.jre![k]!) > 1e-6 * Math.abs(ref.jre![k]!) + 1e-12 * zScale) throw new Error(`${cc.source} N=${n}: Jacobian differs`);
      }
      const variants: [string, () => void][] = [
        ['wasm Z (kernel)', () => bound.impedance()],
        ['wasm J (kernel)', () => bound.jacobian()],
        ['wasm Z (public call)', () => void c.impedance(freq, params, { engine })],
        ['js Z (reference)', () => void evaluateReference(c.program, params, grid)],
        ['js J (reference)', () => void evaluateReference(c.program, params, grid, { jacobian: true })],
      ];
      for (const [, fn] of variants) timeSlice(fn, WARM_MS);
      const samples = variants.map(() => [] as number[]);
      for (let r = 0; r < ROUNDS; r++) variants.forEach(([, fn], v) => samples[v]!.push(timeSlice(fn, SLICE_MS)));
      variants.forEach(([variant], v) => {
        const ns = (median(samples[v]!) * 1e6) / n;
        rows.push({ circuit: cc.label, n, variant, nsPerPoint: ns });
      });
      log(`${cc.label} N=${n}: ` + variants.map(([variant], v) => `${variant} ${((median(samples[v]!) * 1e6) / n).toFixed(2)}`).join(' | '));
      bound.dispose();
    }
  }
  return rows;
}

/** Markdown table: one row per circuit × N, one column per variant, plus the two target ratios. */
export function toMarkdown(rows: Row[]): string {
  const variants = [...new Set(rows.map((r) => r.variant))];
  const keys = [...new Set(rows.map((r) => `${r.circuit}|${r.n}`))];
  const head = `| circuit | N | ${variants.join(' | ')} | js Z / wasm Z | wasm J / wasm Z |`;
  const sep = `|---|---|${variants.map(() => '---|').join('')}---|---|`;
  const lines = keys.map((k) => {
    const [circuit, n] = k.split('|');
    const get = (v: string) => rows.find((r) => `${r.circuit}|${r.n}` === k && r.variant === v)!.nsPerPoint;
    return `| ${circuit} | ${n} | ${variants.map((v) => get(v).toFixed(2)).join(' | ')} | ${(get('js Z (reference)') / get('wasm Z (kernel)')).toFixed(1)}× | ${(get('wasm J (kernel)') / get('wasm Z (kernel)')).toFixed(2)}× |`;
  });
  return [head, sep, ...lines].join('\n');
}

/** ms per call of fn in each of `rounds` slices of about `sliceMs`, after ~300 ms of warm-up; sorted ascending. */
export function timeSlices(fn: () => void, rounds = 9, sliceMs = 60): number[] {
  const t0 = performance.now();
  while (performance.now() - t0 < 300) fn();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const s = performance.now();
    do {
      fn();
      calls++;
    } while (performance.now() - s < sliceMs);
    samples.push((performance.now() - s) / calls);
  }
  return samples.sort((a, b) => a - b);
}

/** ms per call of fn: median over `rounds` slices of about `sliceMs`, after ~300 ms of warm-up. */
export function timeIt(fn: () => void, rounds = 9, sliceMs = 60): number {
  return median(timeSlices(fn, rounds, sliceMs));
}

/**
 * Element rows: one element alone (`engine.bind` of a one-element circuit), ns per point for
 * Z and for Z + J, the same interleaved method as above. τ = 1e-3 s over 1 MHz–1 Hz puts
 * x = √(ωτ/2) in 0.056…56 for Wo/Ws: most points below the semi-infinite limit x = 22 and a
 * few decades on each side of the Ws series limit (x√2 < 0.5).
 */
export const ELEMENTS = [
  { label: 'CPE', source: 'CPE1', params: [1e-6, 0.8] },
  { label: 'Wo', source: 'Wo1', params: [100, 1e-3] },
  { label: 'Ws', source: 'Ws1', params: [100, 1e-3] },
  { label: 'G', source: 'G1', params: [100, 1e-3] },
  { label: 'Gs', source: 'Gs1', params: [100, 1e-3, 2] },
  { label: 'TLMQ', source: 'TLMQ1', params: [100, 1e-3, 0.9] },
  { label: 'T', source: 'T1', params: [100, 50, 2, 1e-3] },
] as const;

export async function runElementBench(log: (s: string) => void, n = 61): Promise<Row[]> {
  const engine = await createEngine();
  const freq = logFrequencies(1e6, 1, n);
  const grid = makeGrid(freq);
  const cases = ELEMENTS.map((e) => {
    const c = parseCircuit(e.source);
    const params = Float64Array.from(e.params);
    const bound = engine.bind(c.kernelProgram, freq);
    bound.setParams(params);
    bound.jacobian();
    const ref = evaluateReference(c.program, params, grid, { jacobian: true });
    const z = bound.readZ();
    for (let i = 0; i < n; i++) {
      const err = Math.hypot(z.re[i]! - ref.re[i]!, z.im[i]! - ref.im[i]!) / Math.hypot(ref.re[i]!, ref.im[i]!);
      if (!(err < 1e-12)) throw new Error(`${e.source} N=${n}: WASM differs from the reference (${err})`);
    }
    return { e, bound };
  });
  const variants: [string, string, () => void][] = cases.flatMap(({ e, bound }) => [
    [e.label, 'wasm Z (kernel)', () => bound.impedance()],
    [e.label, 'wasm J (kernel)', () => bound.jacobian()],
  ] as [string, string, () => void][]);
  for (const [, , fn] of variants) timeSlice(fn, WARM_MS);
  const samples = variants.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) variants.forEach(([, , fn], v) => samples[v]!.push(timeSlice(fn, SLICE_MS)));
  const rows = variants.map(([circuit, variant], v) => ({ circuit, n, variant, nsPerPoint: (median(samples[v]!) * 1e6) / n }));
  for (const { bound } of cases) bound.dispose();
  log(`elements N=${n}: ` + rows.map((r) => `${r.circuit} ${r.variant.slice(5, 6)} ${r.nsPerPoint.toFixed(2)}`).join(' | '));
  return rows;
}

/** Markdown table of {@link runElementBench}: one row per element, Z and Z + J columns. */
export function elementMarkdown(rows: Row[]): string {
  const get = (c: string, v: string) => rows.find((r) => r.circuit === c && r.variant === v)!.nsPerPoint.toFixed(2);
  const names = [...new Set(rows.map((r) => r.circuit))];
  return ['| element (N = ' + rows[0]!.n + ') | Z ns/pt | Z + J ns/pt |', '|---|---|---|',
    ...names.map((c) => `| ${c} | ${get(c, 'wasm Z (kernel)')} | ${get(c, 'wasm J (kernel)')} |`)].join('\n');
}
