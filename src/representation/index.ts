/**
 * Representations (specs/global-fit.md Part B): admittance Y, complex capacitance C*, permittivity
 * ε*, electric modulus M* and conductivity σ* of an impedance spectrum, and their Jacobians by the
 * chain rule from ∂Z/∂p (chain.ts; internal, for fitting in Y or M).
 */
export { toAdmittance, toCapacitance, toPermittivity, toModulus, toConductivity, type RepresentedSpectrum } from './convert.ts';
export { EPSILON_0, cellConstants, type CellGeometry, type CellConstants } from './geometry.ts';
export { representationValues, representationJacobian, representationSigmaFactor, admittanceJacobian, capacitanceJacobian, permittivityJacobian, modulusJacobian, conductivityJacobian, type RepresentationKind } from './chain.ts';
