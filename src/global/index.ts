/** The global multi-spectrum fit (issue 13): globalFit and its types. */
export { globalFit, type ActivationEnergy, type ArrheniusRole, type GlobalFitOptions, type GlobalFitResult, type GlobalSpectrumInput, type LackOfFit } from './global-fit.ts';
