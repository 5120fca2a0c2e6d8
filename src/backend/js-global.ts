/**
 * The global fit's kernels on the JS backend: the TS reference (src/reference/global-map.ts
 * globalProblem, src/reference/global-lm.ts globalLevenbergMarquardt) behind the
 * {@link GlobalKernels} interface, after the same limits as the WASM kernels (./limits.ts
 * checkGlobal), so both backends refuse the same requests. Imported only through
 * src/backend/global-kernels.ts.
 */
import { GLOBAL_LM } from '../abi/descriptor.ts';
import { globalProblem } from '../reference/global-map.ts';
import { globalLevenbergMarquardt } from '../reference/global-lm.ts';
import { checkGlobal } from './limits.ts';
import type { GlobalKernels } from './global-types.ts';

export const jsGlobalKernels: GlobalKernels = {
  name: 'js',
  globalLm: (program, problems, layout, theta, opts, method = 'schur', denseLimit = GLOBAL_LM.DENSE_FALLBACK_LIMIT) => {
    checkGlobal(program, problems, layout.G, layout.L, method === 'dense', denseLimit);
    return globalLevenbergMarquardt(globalProblem(program, problems, layout), theta, opts, method, denseLimit);
  },
};
