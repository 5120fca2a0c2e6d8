/**
 * The global fit's kernels on the JS backend: the TS reference (src/reference/global-map.ts
 * globalProblem, src/reference/global-lm.ts globalLevenbergMarquardt) behind the
 * {@link GlobalKernels} interface, unchanged. Imported only through src/backend/global-kernels.ts.
 */
import { globalProblem } from '../reference/global-map.ts';
import { globalLevenbergMarquardt } from '../reference/global-lm.ts';
import type { GlobalKernels } from './global-types.ts';

export const jsGlobalKernels: GlobalKernels = {
  name: 'js',
  globalLm: (program, problems, layout, theta, opts, method = 'schur') => globalLevenbergMarquardt(globalProblem(program, problems, layout), theta, opts, method),
};
