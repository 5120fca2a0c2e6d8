/** Self-contained HTML reports with plots (uses the plot entry point: vega, vega-lite). */
export { reportHtml, cell, type Block, type Report } from './html.ts';
export { spectrumBlocks, seriesBlocks, summaryBlocks, type SpectrumData, type SpectrumBlockOptions } from './sections.ts';
export { drtBlocks, lambdaText, trackBlocks, zhitBlocks, zhitWord } from './drt.ts';
export { countsText, kkMethodText, rangeText, summaryRows } from './summary.ts';
export { dielectricBlocks, dielectricReading, dielectricView, jonscherBlocks, bulkComparison, type BulkFit, type DielectricOptions, type DielectricView, type DielectricViewOptions } from './dielectric.ts';
