/**
 * eiskit/analysis: the solid-electrolyte layer — ionic conductivity, effective capacitances,
 * Arrhenius fits, temperature series, transference numbers, DC electronic conductivity and the
 * electrochemical stability window, and Jonscher's law fitted to σ′(f). Also re-exported from the package root.
 */
export { ionicConductivity, effectiveCapacitance, type IonicConductivity, type IonicConductivityInput, type EffectiveCapacitance, type ArcKind } from './conductivity.ts';
export { arrhenius, celsiusToKelvin, kelvinToCelsius, logCovariance, BOLTZMANN_EV, type ArrheniusPoint, type ArrheniusOptions, type ArrheniusResult } from './arrhenius.ts';
export { temperatureSeries, type SeriesSpectrum, type Geometry, type TemperatureSeriesOptions, type TemperatureSeriesResult, type SeriesPoint, type SeriesSummary } from './series.ts';
export type { SeriesGlobal, SeriesGlobalOptions, SeriesActivationEnergy } from './series-global.ts';
export type { DrtTrack, DrtTrackPoint } from './drt-tracks.ts';
export { chronoamperometry, transferenceNumber, type Chronoamperometry, type ChronoamperometryOptions, type TransferenceInput, type TransferenceResult } from './transference.ts';
export { electronicConductivity, type ElectronicConductivity } from './dc.ts';
export { stabilityWindow, type StabilityWindow } from './stability.ts';
export { studentTQuantile } from './stats.ts';
export { jonscherFit, jonscherSigma, type JonscherFit, type JonscherOptions, type JonscherParams } from './jonscher.ts';
