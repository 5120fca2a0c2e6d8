/**
 * What the TR-NNLS λ curve says it is, everywhere it is shown: LambdaCurve.method 'norm-corner' with
 * rule 'intersection' (not an L-curve curvature or an argmin), in lambdaCurvePlot (‖g‖ axis, the
 * chosen λ marked at result.lambda with ‖g‖ interpolated in log λ), the CLI's and the report's λ
 * sentence. The tr-rbf L-curve keeps its words.
 */
import { describe, expect, it } from 'vitest';
import { drt, type LambdaCurveMethod, type LambdaCurveRule } from '../src/index.ts';
import { lambdaCurvePlot } from '../src/plot/index.ts';
import { lambdaText as cliLambdaText } from '../src/cli/commands/drt.ts';
import { lambdaText as reportLambdaText } from '../src/report/drt.ts';
import fx from './fixtures/drt-extra.json';

const T = (fx as unknown as { trnnls: { freq: number[]; zarc: { re: number[]; im: number[] } } }).trnnls;
const spectrum = { freq: Float64Array.from(T.freq), re: Float64Array.from(T.zarc.re), im: Float64Array.from(T.zarc.im) };
const layer = (spec: any, name: string) => spec.layer.find((l: { name: string }) => l.name === name);

describe('the TR-NNLS λ curve, labelled', () => {
  const r = drt(spectrum, { method: 'tr-nnls', backend: 'js' });
  const c = r.lambdaCurve!;

  it("the result's curve: method 'norm-corner', rule 'intersection', delta NaN; λ between grid points, index the nearest in log λ", () => {
    const how: [LambdaCurveMethod, LambdaCurveRule] = [c.method, c.rule]; // the types are exported from the root
    expect([...how, c.delta]).toEqual(['norm-corner', 'intersection', Number.NaN]);
    expect(c.lambda[c.index]! <= r.lambda * 10 ** 0.05 && c.lambda[c.index]! >= r.lambda / 10 ** 0.05).toBe(true);
    expect(c.lambda.includes(r.lambda)).toBe(false);
  });

  it('lambdaCurvePlot: a ‖g‖ axis, no plateau level, the chosen λ at result.lambda with ‖g‖ interpolated in log λ, and the rule in words', () => {
    const spec = lambdaCurvePlot(r) as unknown;
    expect(layer(spec, 'score').encoding.y.axis.title).toBe('‖g‖ (TR-NNLS solution norm)');
    expect(layer(spec, 'plateau')).toBeUndefined();
    expect(layer(spec, 'chosen_rule').data.values[0].lambda).toBe(r.lambda);
    const p = layer(spec, 'chosen').data.values[0];
    expect(p.lambda).toBe(r.lambda);
    let k = 0;
    while (c.lambda[k + 1]! < r.lambda) k++;
    const t = Math.log(r.lambda / c.lambda[k]!) / Math.log(c.lambda[k + 1]! / c.lambda[k]!);
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(1);
    expect(Math.abs(p.score - (c.score[k]! + t * (c.score[k + 1]! - c.score[k]!)))).toBeLessThan(1e-12 * c.score[k]!);
    expect(p.kind).toMatch(/^chosen λ = .* \(‖g‖ corner, where line fits to its two ends meet\)$/);
  });

  it('the CLI and the report say how λ was chosen: the corner of ‖g‖, not a curvature or a score minimum', () => {
    const cli = cliLambdaText(r);
    expect(cli).toMatch(/^λ = \S+ \(chosen from 71 values 1e-7…1 at the corner of ‖g‖ against λ: where lines fitted to its first and last 5 points meet/);
    expect(cli).not.toMatch(/curvature|smallest score|plateau/);
    const rep = reportLambdaText(r);
    expect(rep).toMatch(/^λ = 1\.40e-1, chosen at the corner of ‖g‖ against λ, where lines fitted to its two ends meet \(TR-NNLS, Kulikovsky 2021\), nearest grid point 62 of 71/);
    expect(rep).not.toMatch(/curvature|plateau/);
  });

  it("tr-rbf's L-curve keeps its labels", () => {
    const l = drt(spectrum, { lambdaMethod: 'lcurve', backend: 'js' });
    expect(l.lambdaCurve!.method).toBe('lcurve');
    expect(cliLambdaText(l)).toContain('the largest curvature');
    expect(reportLambdaText(l)).toContain('at its maximum');
    expect(layer(lambdaCurvePlot(l) as unknown, 'score').encoding.y.axis.title).toBe('L-curve curvature');
  });
});
