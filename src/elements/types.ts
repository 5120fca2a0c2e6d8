/**
 * The shape of an element definition: the table row (plain data, public as `ELEMENTS`), plus
 * what the rest of eiskit needs to know about the element — its reference impedance with
 * ∂Z/∂p, the name of its AssemblyScript kernel, its role in a circuit and its start-value
 * rule. One file per element (or family) in this folder fills it in; `table.ts` lists them.
 *
 * This file holds types only; the element files import nothing but each other, `../math/`
 * (the complex helper `complex.ts`; deterministic exp/log/pow/sin/cos for start values) and the
 * ABI descriptor `../abi/descriptor.ts` (constants shared with the kernels).
 */
import type { Cx } from '../math/complex.ts';

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

/** Z of an element at one frequency and ∂Z/∂p_k for its parameters in table order. */
export interface ElementValue {
  readonly z: Cx;
  readonly grad: readonly Cx[];
}

/**
 * Reference impedance of an element: ω (rad/s), ln ω (cached per frequency grid, so that
 * powers are exp(α·ln ω), never pow), the parameter vector and the element's offset in it.
 */
export type ElementFn = (w: number, lnw: number, p: ArrayLike<number>, o: number) => ElementValue;

/**
 * How an element behaves in a circuit, as the start-value estimator reads the circuit:
 * - `resistive`: a plain resistance (R);
 * - `blocking`: |Z| → ∞ as ω → 0 (capacitive or diffusive: no DC path);
 * - `arc`: a whole arc by itself, finite at ω → 0 and falling to ~0 at ω → ∞;
 * - `inductive`: |Z| grows with ω.
 */
export type ElementRole = 'resistive' | 'blocking' | 'arc' | 'inductive';

/** An arc of the spectrum as a ZARC, R/(1 + (jωτ)^α). */
export interface ArcFeature {
  /** The whole arc's ΔR; an element's share of it is inArc's second argument (read that one). */
  readonly r: number;
  readonly tau: number;
  readonly alpha: number;
}

/** A low-frequency tail of the spectrum as a CPE, 1/(Q (jω)^α). */
export interface TailFeature {
  readonly q: number;
  readonly alpha: number;
}

/** Scales of the spectrum: geometric middle of |Z| (Ohm) and the ω band (rad/s). */
export interface GuessScale {
  readonly zMid: number;
  readonly wMin: number;
  readonly wMid: number;
  readonly wMax: number;
}

/**
 * Start values of an element from features of the spectrum (src/guess). Each returns values
 * for the first parameters in table order (fewer is fine: the rest are filled from `scaled`).
 */
export interface GuessRule {
  /**
   * In an arc of resistance `r`: resistive and arc elements as the arc itself, blocking
   * elements as its capacitive path (C = τ/R, Q = τ^α/R, …).
   */
  readonly inArc?: (arc: ArcFeature, r: number) => readonly number[];
  /** As (part of) the low-frequency tail, matched at the lowest frequency. Blocking elements. */
  readonly asTail?: (tail: TailFeature, scale: GuessScale) => readonly number[];
  /** From the inductance measured at the top of the band. Inductive elements. */
  readonly asInductor?: (inductance: number, scale: GuessScale) => readonly number[];
  /** A value scaled to the data for every parameter (R ~ |Z|, τ ~ 1/ω_mid, …). */
  readonly scaled: (scale: GuessScale) => readonly number[];
}

/** How the effective capacitance of an arc R‖X is read from X (src/analysis/arcs.ts). */
export type CapacitanceKind = 'ideal' | 'cpe';

/** Everything eiskit knows about one element type. */
export interface ElementDefinition {
  /** The table row (public, plain data). */
  readonly spec: ElementSpec;
  /** Name of its kernel in assembly/elements.ts; the generated dispatch calls `E.<kernel>`. */
  readonly kernel: string;
  /**
   * Name of its gradient-only kernel in assembly/elements.ts, if it has one: ∂Z/∂p from the Z the
   * element's `kernel` left at the same parameters, by the same operations on the same values as
   * that kernel's gradient (so the same bits). The next Jacobian after an accepted trial reuses the
   * trial's values (assembly/program.ts); elements without one run `kernel` again there.
   */
  readonly gradientKernel?: string;
  /**
   * Set when the kernel's Z differs in its last bits with and without a gradient (a path chosen by
   * the gradient's own range): then a circuit with this element evaluates everything again for
   * each Jacobian instead of reusing a trial's values.
   */
  readonly valuesDependOnGradient?: boolean;
  /**
   * Set when the kernel's gradient costs little beyond its values (both come from the same costly
   * functions of ω and the parameters, as Wo's and Ws's csch²/sech² and coth/tanh): a fit's trial
   * pass then writes the gradient beside the values into the Jacobian's columns, and the Jacobian
   * after an accepted trial keeps it instead of running the kernel again (assembly/program.ts).
   * The kernel's Z must not depend on the gradient flag.
   */
  readonly gradientWithValues?: boolean;
  /** The readable reference impedance with ∂Z/∂p (the oracle of the kernel, and the JS backend). */
  readonly impedance: ElementFn;
  readonly role: ElementRole;
  readonly guess: GuessRule;
  /** For elements that are the capacitive path of an R‖X arc whose capacitance analysis reports. */
  readonly capacitance?: CapacitanceKind;
}
