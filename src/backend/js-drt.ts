/**
 * The DRT kernels of the JS backend: the TS core (src/reference/drt/core.ts) behind the
 * {@link DrtKernels} interface, with the size limits the WASM kernels check (so both refuse the
 * same requests). Imported only through src/backend/drt-kernels.ts, by src/drt/: a bundle that
 * never calls drt() contains none of the TS DRT solver.
 */
import { drtCore } from '../reference/drt/core.ts';
import { checkDrt } from './limits.ts';
import type { DrtOutcome, DrtProblem } from '../types/drt.ts';
import type { DrtKernels } from './types.ts';

export const jsDrtKernels: DrtKernels = {
  name: 'js',

  drt(problems: readonly DrtProblem[]): DrtOutcome[] {
    checkDrt(problems);
    return problems.map(drtCore);
  },
};
