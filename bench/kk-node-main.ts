import { runKkBench } from './kk-bench.ts';

const out = await runKkBench((s) => console.error(s));
console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}\n\n${out}`);
