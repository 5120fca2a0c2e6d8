/**
 * The temperature a file name states ("LLZO_75C.mpt", "run_25.5°C.txt", "sample_348K.mpt"), for
 * the app's series form and for `eiskit series`/`eiskit report` when --temperatures is absent.
 *
 * The rules (each one a case seen in real file names):
 * - A number followed by °C, ºC or degC, by a bare C or c (°C), or by an upper-case K (kelvin; a
 *   lower-case k is kilo: "10kHz"). The number stands alone: no letter, digit, '.' or ',' right
 *   before it ("B25C", "1,073K" state nothing) and no letter or digit right after the unit ("25Ca").
 *   A minus is a sign only right after '_', a space or the start ("cell_-20C"; "LLZO-75C" is 75 °C).
 * - A bare C after a number with one digit before its decimal point is a C-rate, not a
 *   temperature ("LFP_1C", "NMC_0.5C", "x_2C"): battery files name their rate so. Two or more
 *   digits are read as °C ("LLZO_25C"); a one-digit temperature needs the degree sign or degC
 *   ("cell_5°C", "cell_5degC") or a sign ("cell_-5C").
 * - Plausible only within 150–1500 K (−123 °C to 1227 °C), the range of impedance cells and
 *   furnaces; a value outside it ("x_2K", "run_9999C") is not read, with the reason.
 * - Only the file's name counts, not its folders; a name stating two different temperatures
 *   ("LLZO_25C_to_35C") states none, with the reason.
 */

/** The temperatures (K) a name may plausibly state. */
export const NAME_TEMPERATURE_RANGE_K: readonly [number, number] = [150, 1500];

const ZERO_C = 273.15;

/** What a name states: the temperature (K) and the text it was read from, or why none was read. */
export type NameTemperature = { temperatureK: number; text: string } | { temperatureK: null; reason: string | null };

const PATTERN = /(?<![A-Za-z0-9.,])(-?)(\d+)(\.\d+)?\s?(°C|ºC|degC|C|c|K)(?![A-Za-z0-9])/g;

/** A temperature in K for messages: "348.15 K (75 °C)". */
function kelvinText(k: number): string {
  const r = (v: number) => String(Math.round(v * 100) / 100);
  return `${r(k)} K (${r(k - ZERO_C)} °C)`;
}

/**
 * The temperature the base name of `name` states (see the module's rules), with the text read; or
 * null with the reason when it states something that is not read (a C-rate, an implausible value,
 * two different temperatures), or with reason null when it states nothing.
 * @example readNameTemperature('LLZO_75C.mpt') // { temperatureK: 348.15, text: '75C' }
 */
export function readNameTemperature(name: string): NameTemperature {
  const base = String(name).replace(/^.*[\\/]/, '');
  const found = new Map<number, string>();
  const skipped: string[] = [];
  for (const m of base.matchAll(PATTERN)) {
    const text = m[0];
    const minus = m[1] === '-' && (m.index === 0 || /[_\s]/.test(base[m.index - 1]!));
    const unit = m[4]!;
    if ((unit === 'C' || unit === 'c') && !minus && m[2]!.length < 2) {
      skipped.push(`"${text}" is read as a C-rate, not a temperature (one digit before C: write ${m[2]}°C or ${m[2]}degC for a temperature)`);
      continue;
    }
    const v = (minus ? -1 : 1) * Number(`${m[2]}${m[3] ?? ''}`);
    const k = unit === 'K' ? v : v + ZERO_C;
    const [lo, hi] = NAME_TEMPERATURE_RANGE_K;
    if (!(k >= lo && k <= hi)) {
      skipped.push(`"${text}" would be ${kelvinText(k)}, outside the plausible ${lo}–${hi} K`);
      continue;
    }
    const key = Math.round(k * 1e9) / 1e9;
    if (!found.has(key)) found.set(key, text);
  }
  if (found.size === 1) {
    const [[k, text]] = [...found];
    return { temperatureK: k!, text: text! };
  }
  if (found.size > 1) return { temperatureK: null, reason: `it states ${found.size} different temperatures (${[...found.values()].map((t) => `"${t}"`).join(', ')})` };
  return { temperatureK: null, reason: skipped.length ? skipped.join('; ') : null };
}

/** The temperature (K) the name states, or null (see {@link readNameTemperature}). */
export function temperatureFromName(name: string): number | null {
  return readNameTemperature(name).temperatureK;
}
