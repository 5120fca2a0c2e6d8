/**
 * Termination status of a fit, one table for both backends (after scipy's
 * TERMINATION_MESSAGES / MINPACK's info codes). `success` is status > 0.
 */
export const FIT_STATUS = {
  MAX_EVALUATIONS: 0,
  GTOL: 1,
  FTOL: 2,
  XTOL: 3,
  FTOL_XTOL: 4,
  NO_FURTHER_REDUCTION: 5,
  NONFINITE: -1,
  SINGULAR: -2,
} as const;

export const FIT_MESSAGES: Readonly<Record<number, string>> = {
  0: 'The maximum number of model evaluations was reached before convergence.',
  1: 'Converged: the gradient is orthogonal to the residuals within gtol.',
  2: 'Converged: the relative reduction of χ² is below ftol.',
  3: 'Converged: the relative step size is below xtol.',
  4: 'Converged: both the relative reduction of χ² and the relative step are below ftol and xtol.',
  5: 'Converged: χ² cannot be reduced further at machine precision.',
  [-1]: 'The model or its Jacobian became non-finite (at the start values or during the fit): check bounds and start values.',
  [-2]: 'The model does not depend on any free parameter at the start values (zero Jacobian): no step direction exists.',
};
