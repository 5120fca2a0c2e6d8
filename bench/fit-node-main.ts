import { runFitBench } from './fit-bench.ts';

const shared = [20, 1e4, 3e-10, 0.9, 1e-6, 0.8];
const md = await runFitBench((s) => console.error(s), { label: `one shared start [${shared.join(', ')}]`, initial: () => shared });
console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}\n\n${md}`);
