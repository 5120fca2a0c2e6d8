/**
 * The JS backend: the TS reference (src/reference/) behind the Backend interface, warm start
 * included, with the same size limits as the WASM backend (its scratch sizes included, so both
 * backends refuse the same requests). The oracle the kernels are tested
 * against, and the fallback where WebAssembly is missing or forbidden.
 */
import { evaluateReference, makeGrid } from '../reference/evaluate.ts';
import { fitReference } from '../reference/fit.ts';
import { linKKReference } from '../reference/linkk.ts';
import { checkFits, checkImpedance, checkImpedanceMany, checkJacobian, checkKk } from './limits.ts';
import { chooseWarm, warmStartValues } from './warm-start.ts';
import type { BackendFit, FitProblem, KernelProgram, KkOutcome, KkProblem, Planes, PlanesWithJacobian, WarmChain } from '../types/problems.ts';
import type { Backend } from './types.ts';

export const jsBackend: Backend = {
  name: 'js',

  impedance(program: KernelProgram, params: Float64Array, freq: Float64Array): Planes {
    checkImpedance(program, params.length, freq.length);
    const z = evaluateReference(program, params, makeGrid(freq));
    return { re: z.re, im: z.im };
  },

  jacobian(program: KernelProgram, params: Float64Array, freq: Float64Array): PlanesWithJacobian {
    checkJacobian(program, params.length, freq.length);
    const r = evaluateReference(program, params, makeGrid(freq), { jacobian: true });
    return { re: r.re, im: r.im, jre: r.jre!, jim: r.jim! };
  },

  impedanceMany(program: KernelProgram, params: Float64Array, rows: number, freq: Float64Array): Planes {
    const n = freq.length, P = program.paramCount;
    checkImpedanceMany(program, params.length, rows, n);
    const grid = makeGrid(freq);
    const re = new Float64Array(rows * n), im = new Float64Array(rows * n);
    for (let k = 0; k < rows; k++) {
      const z = evaluateReference(program, params.subarray(k * P, (k + 1) * P), grid);
      re.set(z.re, k * n);
      im.set(z.im, k * n);
    }
    return { re, im };
  },

  fitBatch(program: KernelProgram, problems: readonly FitProblem[], chain?: WarmChain): BackendFit[] {
    checkFits(program, problems);
    return problems.map((pr) => {
      const previous = chain?.previous;
      const b = previous
        ? chooseWarm(fitReference(program, pr, warmStartValues(pr, previous.block.u)), previous, () => fitReference(program, pr))
        : fitReference(program, pr);
      if (chain) chain.previous = chain.warmStart && b.status > 0 ? b : undefined;
      return b;
    });
  },

  linKKBatch(problems: readonly KkProblem[]): KkOutcome[] {
    checkKk(problems);
    return problems.map(linKKReference);
  },
};
