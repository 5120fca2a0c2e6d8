/**
 * Which column holds what, from header names. Names are compared after removing the unit
 * ("freq/Hz", "Zre (ohms)", "Z' (Ω)", "freq_Hz"), spaces and case, so "Z Real" (VersaStudio),
 * "Zreal" (Gamry), "Re(Z)/Ohm" (EC-Lab), "Z'(a)" (ZPlot) all name the real part. A leading
 * minus names the negated quantity: "-Im(Z)/Ohm" (EC-Lab) and "-Z''" hold −Im Z, "-phase" −φ.
 */
import { fail } from './fail.ts';

export interface ColumnRef {
  /** Index of the column in the header. */
  index: number;
  /** The name as written in the file. */
  name: string;
  /** −1 when the column holds the negated quantity. */
  sign: 1 | -1;
  /** Unit factor to Hz, Ohm or degrees (kHz → 1e3, kΩ → 1e3, rad → 180/π). */
  scale: number;
}

export type ColumnMap =
  | { polar: false; freq: ColumnRef; re: ColumnRef; im: ColumnRef }
  | { polar: true; freq: ColumnRef; mod: ColumnRef; phase: ColumnRef };

const FREQ = ['f', 'freq', 'frequency', 'fr', 'freq.'];
const REAL = ["z'", 'zre', 'z_re', 'zreal', 'z_real', 're(z)', 'rez', 'real', 'real(z)', 're', 'zr', "z'(a)", "zs'"];
const IMAG = ["z''", 'zim', 'z_im', 'zimag', 'z_imag', 'zimg', 'im(z)', 'imz', 'imag', 'imag(z)', 'imaginary', 'im', 'zi', "z''(b)", "zs''"];
const MOD = ['|z|', 'zmod', 'mod(z)', 'modulus', 'abs(z)', 'magnitude', 'z'];
const PHASE = ['phase', 'phase(z)', 'phi', 'φ', 'θ', 'theta', 'zphz', 'phz', 'arg(z)', 'phaseangle'];
/** Sweep counters: EC-Lab "cycle number" (and "z cycle" of newer versions). */
const CYCLE = ['cyclenumber', 'cycle', 'zcycle', 'sweep', 'sweepnumber'];

/** Unit factors; case matters (mHz is millihertz, MHz megahertz). */
const UNITS: Readonly<Record<string, number>> = {
  Hz: 1, hz: 1, HZ: 1, kHz: 1e3, khz: 1e3, MHz: 1e6, mHz: 1e-3,
  Ohm: 1, ohm: 1, Ohms: 1, ohms: 1, OHM: 1, '\u03a9': 1, '\u2126': 1, kOhm: 1e3, kohm: 1e3, 'k\u03a9': 1e3, MOhm: 1e6, 'M\u03a9': 1e6, mOhm: 1e-3, 'm\u03a9': 1e-3,
  deg: 1, Deg: 1, '°': 1, degree: 1, degrees: 1, rad: 180 / Math.PI,
};

interface Canonical { key: string; scale: number }

const isSpaceChar = (ch: string) => ch === ' ' || ch === '\t' || ch === '\u00a0';
const BRACKETS = '()[]';

/**
 * A trimmed name split into name and unit: after the last '/' or '_' (a unit with no spaces or
 * brackets, to the end), or inside a final "(…)" / "[…]" without brackets inside. Scanned by hand
 * (the regular expression it replaces backtracked quadratically on long runs of spaces).
 */
function splitUnit(s: string): { name: string; unit: string } | undefined {
  const last = s[s.length - 1];
  if (last === ')' || last === ']') {
    let open = -1;
    for (let i = s.length - 2; i >= 0; i--) {
      const ch = s[i]!;
      if (ch === '(' || ch === '[') { open = i; break; }
      if (ch === ')' || ch === ']') return undefined;
    }
    if (open < 0) return undefined;
    const unit = s.slice(open + 1, -1).trim();
    return unit === '' ? undefined : { name: s.slice(0, open).trimEnd(), unit };
  }
  const sep = Math.max(s.lastIndexOf('/'), s.lastIndexOf('_'));
  if (sep < 0) return undefined;
  const unit = s.slice(sep + 1).trimStart();
  if (unit === '') return undefined;
  for (const ch of unit) if (isSpaceChar(ch) || BRACKETS.includes(ch)) return undefined;
  return { name: s.slice(0, sep).trimEnd(), unit };
}

/** The comparable form of a header name and its unit factor. */
export function canonical(name: string): Canonical {
  let s = name.trim().replace(/[\u2212\u2013]/g, '-').replace(/[\u2032\u2019\u2018`´]/g, "'").replace(/[\u2033\u201c\u201d"]/g, "''");
  let scale = 1;
  // unit after a slash or an underscore ("freq/Hz", "Zre_Ohm"), or in brackets ("Freq (Hz)", "Z' [Ω]")
  const unit = splitUnit(s);
  if (unit && UNITS[unit.unit] !== undefined && unit.name !== '') {
    s = unit.name;
    scale = UNITS[unit.unit]!;
  }
  return { key: s.replace(/\s+/g, '').toLowerCase(), scale };
}

function find(keys: readonly Canonical[], header: readonly string[], aliases: readonly string[], allowNegated: boolean): ColumnRef | undefined {
  for (const alias of aliases) {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!.key;
      if (k === alias) return { index: i, name: header[i]!, sign: 1, scale: keys[i]!.scale };
      if (allowNegated && k === `-${alias}`) return { index: i, name: header[i]!, sign: -1, scale: keys[i]!.scale };
    }
  }
  return undefined;
}

/** Index of a sweep/cycle counter column, or −1. */
export function findCycleColumn(header: readonly string[]): number {
  const keys = header.map(canonical);
  return find(keys, header, CYCLE, false)?.index ?? -1;
}

/**
 * The frequency and impedance columns of a header: Re/Im when both exist, else |Z| with a
 * phase in degrees (or rad). Throws E_FORMAT naming the missing column.
 */
export function mapColumns(header: readonly string[]): ColumnMap {
  const keys = header.map(canonical);
  const list = header.map((h) => h || '(empty)').join(', ');
  const freq = find(keys, header, FREQ, false);
  if (!freq) fail(`no frequency column (columns: ${list}; expected a name such as f, freq or frequency)`, { columns: [...header] });
  const re = find(keys, header, REAL, true);
  const im = find(keys, header, IMAG, true);
  if (re && im) return { polar: false, freq, re, im };
  const mod = find(keys, header, MOD, false);
  const phase = find(keys, header, PHASE, true);
  if (mod && phase) return { polar: true, freq, mod, phase };
  if (!re && !im && mod) fail(`no phase column for ${mod.name} (columns: ${list}; expected phase, -phase or Phase(Z))`, { columns: [...header] });
  if (!re) fail(`no real-part column (columns: ${list}; expected a name such as Z', Zre, Re(Z) or real, or |Z| with a phase)`, { columns: [...header] });
  fail(`no imaginary-part column (columns: ${list}; expected a name such as Z'', -Z'', Zim, -Im(Z) or imaginary, or |Z| with a phase)`, { columns: [...header] });
}

/** The names of the columns a map reads, frequency first. */
export function usedColumns(map: ColumnMap): string[] {
  return map.polar ? [map.freq.name, map.mod.name, map.phase.name] : [map.freq.name, map.re.name, map.im.name];
}
