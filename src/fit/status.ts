/**
 * Termination status of a fit, one table for both backends (after scipy's
 * TERMINATION_MESSAGES / MINPACK's info codes). `success` is status > 0. Declared in the ABI
 * descriptor, from which the WASM side's codes are generated.
 */
export { FIT_STATUS, FIT_MESSAGES } from '../abi/descriptor.ts';
