/**
 * THE element table: the single source of truth for every circuit element eiskit knows.
 *
 * Everything else is derived from it: the parser's symbol set, parameter names and units,
 * default start values and fit bounds, the README's element table, the op ids of the
 * AssemblyScript kernels (`assembly/generated/elements.ts`, written by
 * `scripts/gen-elements.mjs`), and the formula strings that the offline golden-vector
 * generator (`test/fixtures/gen_golden.py`) evaluates with mpmath.
 *
 * Rules:
 * - `op` ids are ABI: append-only, never renumbered or reused.
 * - Formulas and parameter order follow impedance.py 1.7.1 for every element it defines,
 *   so its users' circuits and fitted values port 1:1 (including its `La` quirk, see below).
 * - `formula` is written in the variables `w` (angular frequency ω = 2πf, rad/s), `j`
 *   (imaginary unit) and the parameter names, with `^` for powers and the functions
 *   sqrt, tanh, coth, sinh, exp; it is parsed by SymPy offline, so keep it plain.
 *
 * This file is plain data and imports nothing.
 */

/** One parameter of an element. */
export interface ParamSpec {
  /** Parameter symbol; the full name is `<element name>.<name>` (or just the element name for one-parameter elements). */
  readonly name: string;
  /** SI unit as text (`''` for dimensionless). */
  readonly unit: string;
  /** Default start value for fits. */
  readonly default: number;
  /** Default lower fit bound (inclusive). */
  readonly lower: number;
  /** Default upper fit bound (inclusive; `Infinity` allowed). */
  readonly upper: number;
  /** One-line meaning. */
  readonly description: string;
}

/** One element type. */
export interface ElementSpec {
  /** Symbol in impedance.py syntax (`R`, `CPE`, `Wo`, …): letters only, case-sensitive. */
  readonly symbol: string;
  /** Stable op id used by the WASM kernels (append-only ABI). */
  readonly op: number;
  /** Human-readable name. */
  readonly name: string;
  /** Extra symbols accepted in Boukamp CDC strings (`Q` for CPE, `O` for Wo). */
  readonly cdcAliases: readonly string[];
  /** Impedance formula in ω (`w`), `j` and the parameter names. */
  readonly formula: string;
  /** LaTeX form of the formula, for documentation. */
  readonly latex: string;
  /** Where the formula comes from. */
  readonly source: string;
  /** Parameters in order (impedance.py's order where it defines the element). */
  readonly params: readonly ParamSpec[];
}

const OHM = 'Ohm';
const SEC = 's';

export const ELEMENTS = [
  {
    symbol: 'R', op: 1, name: 'Resistor', cdcAliases: [],
    formula: 'R', latex: 'Z = R',
    source: 'impedance.py 1.7.1 `R`',
    params: [{ name: 'R', unit: OHM, default: 100, lower: 0, upper: Infinity, description: 'resistance' }],
  },
  {
    symbol: 'C', op: 2, name: 'Capacitor', cdcAliases: [],
    formula: '1/(j*w*C)', latex: 'Z = \\frac{1}{j\\omega C}',
    source: 'impedance.py 1.7.1 `C`',
    params: [{ name: 'C', unit: 'F', default: 1e-6, lower: 0, upper: Infinity, description: 'capacitance' }],
  },
  {
    symbol: 'L', op: 3, name: 'Inductor', cdcAliases: [],
    formula: 'j*w*L', latex: 'Z = j\\omega L',
    source: 'impedance.py 1.7.1 `L`',
    params: [{ name: 'L', unit: 'H', default: 1e-6, lower: 0, upper: Infinity, description: 'inductance' }],
  },
  {
    symbol: 'W', op: 4, name: 'Warburg (semi-infinite)', cdcAliases: [],
    formula: 'A*(1 - j)/sqrt(w)', latex: 'Z = A_W \\frac{1 - j}{\\sqrt{\\omega}}',
    source: 'impedance.py 1.7.1 `W`',
    params: [{ name: 'A', unit: 'Ohm s^-1/2', default: 100, lower: 0, upper: Infinity, description: 'Warburg coefficient' }],
  },
  {
    symbol: 'CPE', op: 5, name: 'Constant phase element', cdcAliases: ['Q'],
    formula: '1/(Q*(j*w)^alpha)', latex: 'Z = \\frac{1}{Q (j\\omega)^{\\alpha}}',
    source: 'impedance.py 1.7.1 `CPE` (Q = its p[0], alpha = p[1])',
    params: [
      { name: 'Q', unit: 'S s^a', default: 1e-6, lower: 0, upper: Infinity, description: 'CPE magnitude (admittance at ω = 1 rad/s)' },
      { name: 'alpha', unit: '', default: 0.9, lower: 0, upper: 1, description: 'CPE exponent (1 = ideal capacitor)' },
    ],
  },
  {
    symbol: 'Wo', op: 6, name: 'Warburg, finite space (open, reflective boundary)', cdcAliases: ['O'],
    formula: 'R*coth(sqrt(j*w*tau))/sqrt(j*w*tau)',
    latex: 'Z = R \\frac{\\coth\\sqrt{j\\omega\\tau}}{\\sqrt{j\\omega\\tau}}',
    source: 'impedance.py 1.7.1 `Wo` (Z0 = R, tau)',
    params: [
      { name: 'R', unit: OHM, default: 100, lower: 0, upper: Infinity, description: 'diffusion resistance Z0' },
      { name: 'tau', unit: SEC, default: 1, lower: 0, upper: Infinity, description: 'diffusion time constant' },
    ],
  },
  {
    symbol: 'Ws', op: 7, name: 'Warburg, finite length (short, transmissive boundary)', cdcAliases: [],
    formula: 'R*tanh(sqrt(j*w*tau))/sqrt(j*w*tau)',
    latex: 'Z = R \\frac{\\tanh\\sqrt{j\\omega\\tau}}{\\sqrt{j\\omega\\tau}}',
    source: 'impedance.py 1.7.1 `Ws` (Z0 = R, tau)',
    params: [
      { name: 'R', unit: OHM, default: 100, lower: 0, upper: Infinity, description: 'diffusion resistance Z0' },
      { name: 'tau', unit: SEC, default: 1, lower: 0, upper: Infinity, description: 'diffusion time constant' },
    ],
  },
  {
    symbol: 'La', op: 8, name: 'Modified inductance', cdcAliases: [],
    formula: '(L*j*w)^alpha', latex: 'Z = (j\\omega L)^{\\alpha}',
    source: 'impedance.py 1.7.1 `La` as its code computes it, (L·jω)^α (its docstring says L(jω)^α; impedance.py issues #286, #312)',
    params: [
      { name: 'L', unit: 'H', default: 1e-6, lower: 0, upper: Infinity, description: 'inductance' },
      { name: 'alpha', unit: '', default: 0.9, lower: 0, upper: 1, description: 'exponent' },
    ],
  },
  {
    symbol: 'G', op: 9, name: 'Gerischer', cdcAliases: [],
    formula: 'R/sqrt(1 + j*w*tau)', latex: 'Z = \\frac{R_G}{\\sqrt{1 + j\\omega\\tau_G}}',
    source: 'impedance.py 1.7.1 `G` (R_G, t_G)',
    params: [
      { name: 'R', unit: OHM, default: 100, lower: 0, upper: Infinity, description: 'Gerischer resistance' },
      { name: 'tau', unit: SEC, default: 1, lower: 0, upper: Infinity, description: 'Gerischer time constant' },
    ],
  },
  {
    symbol: 'Gs', op: 10, name: 'Gerischer, finite length', cdcAliases: [],
    formula: 'R/(sqrt(1 + j*w*tau)*tanh(phi*sqrt(1 + j*w*tau)))',
    latex: 'Z = \\frac{R_G}{\\sqrt{1 + j\\omega\\tau_G}\\,\\tanh\\left(\\phi\\sqrt{1 + j\\omega\\tau_G}\\right)}',
    source: 'impedance.py 1.7.1 `Gs` (R_G, t_G, phi)',
    params: [
      { name: 'R', unit: OHM, default: 100, lower: 0, upper: Infinity, description: 'Gerischer resistance' },
      { name: 'tau', unit: SEC, default: 1, lower: 0, upper: Infinity, description: 'Gerischer time constant' },
      { name: 'phi', unit: '', default: 1, lower: 0, upper: Infinity, description: 'finite-length factor' },
    ],
  },
  {
    symbol: 'K', op: 11, name: 'RC element (R, tau)', cdcAliases: [],
    formula: 'R/(1 + j*w*tau)', latex: 'Z = \\frac{R}{1 + j\\omega\\tau}',
    source: 'impedance.py 1.7.1 `K` (R, tau_k); the Voigt element of Lin-KK',
    params: [
      { name: 'R', unit: OHM, default: 100, lower: 0, upper: Infinity, description: 'resistance' },
      { name: 'tau', unit: SEC, default: 1e-3, lower: 0, upper: Infinity, description: 'time constant R·C' },
    ],
  },
  {
    symbol: 'Zarc', op: 12, name: 'ZARC (R parallel to CPE, as R, tau, gamma)', cdcAliases: [],
    formula: 'R/(1 + (j*w*tau)^gamma)', latex: 'Z = \\frac{R}{1 + (j\\omega\\tau)^{\\gamma}}',
    source: 'impedance.py 1.7.1 `Zarc` (R, tau_k, gamma)',
    params: [
      { name: 'R', unit: OHM, default: 100, lower: 0, upper: Infinity, description: 'resistance' },
      { name: 'tau', unit: SEC, default: 1e-3, lower: 0, upper: Infinity, description: 'time constant' },
      { name: 'gamma', unit: '', default: 0.9, lower: 0, upper: 1, description: 'dispersion exponent' },
    ],
  },
  {
    symbol: 'TLMQ', op: 13, name: 'Transmission line (simplified, CPE interface)', cdcAliases: [],
    formula: 'sqrt(Rion/(Qs*(j*w)^gamma))*coth(sqrt(Rion*Qs*(j*w)^gamma))',
    latex: 'Z = \\sqrt{R_{ion} Z_S}\\,\\coth\\sqrt{R_{ion}/Z_S},\\; Z_S = \\frac{1}{Q_S (j\\omega)^{\\gamma}}',
    source: 'impedance.py 1.7.1 `TLMQ` (Rion, Qs, gamma); Lasia, Electrochim. Acta (2020), doi:10.1016/j.electacta.2020.136864, eq. 11',
    params: [
      { name: 'Rion', unit: OHM, default: 100, lower: 0, upper: Infinity, description: 'ionic resistance of the pore' },
      { name: 'Qs', unit: 'F s^(gamma-1)', default: 1e-3, lower: 0, upper: Infinity, description: 'interfacial CPE magnitude' },
      { name: 'gamma', unit: '', default: 0.9, lower: 0, upper: 1, description: 'interfacial CPE exponent' },
    ],
  },
  {
    symbol: 'T', op: 14, name: 'Macrohomogeneous porous electrode (Paasch)', cdcAliases: [],
    formula: 'A*coth(sqrt(a + j*w*b))/sqrt(a + j*w*b) + B/(sqrt(a + j*w*b)*sinh(sqrt(a + j*w*b)))',
    latex: 'Z = A\\frac{\\coth\\beta}{\\beta} + B\\frac{1}{\\beta\\sinh\\beta},\\; \\beta = \\sqrt{a + j\\omega b}',
    source: 'impedance.py 1.7.1 `T` (A, B, a, b); Paasch, Micka, Gersdorf, Electrochim. Acta 38 (1993) 2653',
    params: [
      { name: 'A', unit: OHM, default: 1, lower: 0, upper: Infinity, description: 'd(ρ1² + ρ2²)/(ρ1 + ρ2)' },
      { name: 'B', unit: OHM, default: 1, lower: 0, upper: Infinity, description: '2dρ1ρ2/(ρ1 + ρ2) (≤ A for a physical, passive electrode)' },
      { name: 'a', unit: '', default: 1, lower: 0, upper: Infinity, description: 'dimensionless reaction term' },
      { name: 'b', unit: SEC, default: 1, lower: 0, upper: Infinity, description: 'time constant' },
    ],
  },
  {
    symbol: 'H', op: 15, name: 'Havriliak–Negami', cdcAliases: [],
    formula: 'R/(1 + (j*w*tau)^alpha)^beta', latex: 'Z = \\frac{R}{\\left(1 + (j\\omega\\tau)^{\\alpha}\\right)^{\\beta}}',
    source: 'Havriliak & Negami, Polymer 8 (1967) 161 (impedance form; α = β = 1 gives the RC element K)',
    params: [
      { name: 'R', unit: OHM, default: 100, lower: 0, upper: Infinity, description: 'resistance (ω → 0 limit)' },
      { name: 'tau', unit: SEC, default: 1e-3, lower: 0, upper: Infinity, description: 'time constant' },
      { name: 'alpha', unit: '', default: 0.9, lower: 0, upper: 1, description: 'symmetric broadening exponent' },
      { name: 'beta', unit: '', default: 0.9, lower: 0, upper: 1, description: 'asymmetric broadening exponent' },
    ],
  },
] as const satisfies readonly ElementSpec[];

/** Union of element symbols. */
export type ElementSymbol = (typeof ELEMENTS)[number]['symbol'];
