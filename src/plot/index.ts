/**
 * eiskit/plot: Vega-Lite specs of the usual EIS plots (Nyquist, Bode, Lin-KK residuals,
 * Arrhenius, parameters against temperature, −Z″ with M″, σ′) and headless SVG rendering with vega. A separate
 * entry point: the core package stays free of dependencies; this one needs `vega` and
 * `vega-lite`. It takes plain data, and eiskit results structurally (types only are imported).
 */
export { nyquistSpec, type NyquistOptions, type NyquistRow } from './nyquist.ts';
export { bodeSpec, type BodeOptions, type BodeRow } from './bode.ts';
export { kkResidualsSpec, type KkResidualsOptions, type KkResultLike, type KkRow } from './kk.ts';
export { arrheniusSpec, eaText, type ArrheniusPlotOptions, type ArrheniusPointLike, type ArrheniusFitLike, type ArrheniusLineLike, type ArrheniusRow } from './arrhenius.ts';
export { residualsPlot, type ResidualsPlotOptions, type ResidualSpectrumLike, type ResidualRow } from './residuals.ts';
export { parameterSpec, prettyUnit, type ParameterPlotOptions, type ParameterInput, type ParameterPointLike, type ParameterTableLike, type ParameterRow } from './parameters.ts';
export { renderSvg, type RenderOptions } from './render.ts';
export { SCHEMA, PALETTE, config as plotConfig } from './theme.ts';
export type { ComplexLike, SpectrumLike, PlotSpectrum, FitCurve, SpectrumPlotOptions } from './input.ts';
export type { TopLevelSpec } from 'vega-lite';
export { drtPlot, lambdaCurvePlot, drtStackPlot, type DrtPlotOptions, type DrtResultLike, type DrtLambdaLike, type DrtAxis, type DrtRow, type DrtPeakRow, type LambdaCurvePlotOptions, type LambdaRow, type DrtStackPlotOptions, type DrtStackRow } from './drt.ts';
export { zhitPlot, type ZhitPlotOptions, type ZhitResultLike, type ZhitRow } from './zhit.ts';
export { modulusPlot, modulusPeaks, conductivityPlot, type ModulusPlotOptions, type ModulusRow, type ModulusPeakRow, type ConductivityPlotOptions, type ConductivityRow, type JonscherOverlay, type JonscherRow } from './modulus.ts';
