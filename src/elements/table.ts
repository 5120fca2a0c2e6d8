/**
 * THE element table: every circuit element eiskit knows, assembled in op order from one file
 * per element (or family) in this folder. Each file holds the element's table row, its
 * reference impedance with ∂Z/∂p, its kernel name, its role and its start-value rule.
 *
 * Everything else is derived from it: the parser's symbol set, parameter names and units,
 * default start values and fit bounds, the element table in docs/elements.md, the op ids and the kernel
 * dispatch of the AssemblyScript side (`assembly/generated/{elements,dispatch}.ts`, written by
 * `scripts/gen-elements.mjs`), and the formula strings that the offline golden-vector
 * generator (`test/fixtures/gen_golden.py`) evaluates with mpmath.
 *
 * Rules:
 * - `op` ids are ABI: append-only, never renumbered or reused.
 * - Formulas and parameter order follow impedance.py 1.7.1 for every element it defines,
 *   so its users' circuits and fitted values port 1:1 (including its `La` quirk).
 * - `formula` is written in the variables `w` (angular frequency ω = 2πf, rad/s), `j`
 *   (imaginary unit) and the parameter names, with `^` for powers and the functions
 *   sqrt, tanh, coth, sinh, exp; it is parsed by SymPy offline, so keep it plain.
 *
 * The element files import only each other, `../math/` (with the complex helper `../math/complex.ts`)
 * and the ABI descriptor `../abi/descriptor.ts` (leaves;
 * scripts/load-table.mjs bundles this folder for the generators, test/elements.test.ts checks it).
 */
import { capacitor } from './capacitor.ts';
import { cpe } from './cpe.ts';
import { gerischer, gerischerFinite } from './gerischer.ts';
import { havriliakNegamiElement } from './havriliak-negami.ts';
import { inductor, modifiedInductor } from './inductor.ts';
import { rc } from './rc.ts';
import { resistor } from './resistor.ts';
import { porousElectrode, tlmq } from './tlm.ts';
import type { ElementDefinition, ElementSpec } from './types.ts';
import { warburg, warburgOpen, warburgShort } from './warburg.ts';
import { zarc } from './zarc.ts';

export type { ElementSpec, ParamSpec } from './types.ts';

/** Every element definition, in op order. */
export const ELEMENT_DEFINITIONS = [
  resistor, capacitor, inductor, warburg, cpe, warburgOpen, warburgShort, modifiedInductor,
  gerischer, gerischerFinite, rc, zarc, tlmq, porousElectrode, havriliakNegamiElement,
] as const satisfies readonly ElementDefinition[];

type Specs<T extends readonly ElementDefinition[]> = { readonly [K in keyof T]: T[K]['spec'] };

/** The table rows (public, plain data), in op order. */
export const ELEMENTS = ELEMENT_DEFINITIONS.map((d) => d.spec) as unknown as Specs<typeof ELEMENT_DEFINITIONS> satisfies readonly ElementSpec[];

/** Union of element symbols. */
export type ElementSymbol = (typeof ELEMENTS)[number]['symbol'];
