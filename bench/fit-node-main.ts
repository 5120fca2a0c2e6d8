import { runFitBench } from './fit-bench.ts';

// the configuration: no start values given (automatic start values), then one shared start for comparison
const auto = await runFitBench((s) => console.error(s), { label: 'none given (automatic start values)', initial: () => undefined });
const shared = [20, 1e4, 3e-10, 0.9, 1e-6, 0.8];
const fixed = await runFitBench((s) => console.error(s), { label: `one shared start [${shared.join(', ')}]`, initial: () => shared, batchOnly: true });
console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}\n\n${auto}\n\n${fixed}`);
