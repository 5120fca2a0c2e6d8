/** Numbers behind axes: extents, nice tick steps, SI prefixes for Ω. */

/** [min, max] over several arrays (NaN-free input). */
export function extent(arrays: readonly ArrayLike<number>[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return [lo, hi];
}

/** The smallest 1, 2 or 5 × 10ⁿ that is ≥ `raw` (> 0). */
export function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/** Multiples of `step` inside [lo, hi], computed as k·step (no accumulated rounding). */
export function ticks(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) out.push(k * step + 0); // + 0: no −0
  return out;
}

/** An SI prefix for values up to `maxAbs` Ω: labels are value/factor, titles say `prefix`Ω. */
export function ohmPrefix(maxAbs: number): { factor: number; prefix: string } {
  if (!(maxAbs > 0) || maxAbs < 1) return maxAbs > 0 && maxAbs < 1 ? { factor: 1e-3, prefix: 'm' } : { factor: 1, prefix: '' };
  const prefixes = ['', 'k', 'M', 'G', 'T'];
  const k = Math.min(prefixes.length - 1, Math.floor(Math.log10(maxAbs) / 3 + 1e-12));
  return { factor: 10 ** (3 * k), prefix: prefixes[k]! };
}

/** Vega expression that prints an axis value divided by `factor` (shortest round-trip form). */
export function scaledLabel(factor: number): string {
  return factor === 1 ? "format(datum.value, '~g')" : `format(datum.value / ${factor}, '~g')`;
}

/**
 * Tick values for a log axis over [lo, hi] (> 0): powers of ten (every second or third when
 * there are many), else 1-2-5 or 1…9 steps when the range is narrow; undefined when even those
 * give fewer than two (vega then chooses).
 */
export function logTicks(lo: number, hi: number): number[] | undefined {
  const a = Math.floor(Math.log10(lo) + 1e-9), b = Math.ceil(Math.log10(hi) - 1e-9);
  const inside = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  for (const mantissas of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const values: number[] = [];
    for (let e = a; e <= b; e++) for (const m of mantissas) if (inside(m * 10 ** e)) values.push(m * 10 ** e);
    if (values.length >= 2) {
      const stride = Math.ceil(values.length / 8);
      return values.filter((_, i) => i % stride === 0);
    }
  }
  return undefined;
}

/** The log-frequency x channel shared by the plots against f: field 'freq', 'f (Hz)', decade ticks over `arrays`. */
export function frequencyX(arrays: readonly ArrayLike<number>[]) {
  const fTicks = logTicks(...extent(arrays));
  return { field: 'freq', type: 'quantitative' as const, scale: { type: 'log' as const, nice: false, padding: 8 }, axis: { title: 'f (Hz)', format: '~s', ...(fTicks ? { values: fTicks } : {}) } };
}

/** Up to four significant digits without trailing zeros. */
export function fmt(v: number): string {
  return String(Number(v.toPrecision(4)));
}
