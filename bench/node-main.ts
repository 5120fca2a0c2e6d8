import { runImpedanceBench, toMarkdown } from './bench.ts';

const rows = await runImpedanceBench((s) => console.error(s));
console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)} (ns per frequency point, median)\n`);
console.log(toMarkdown(rows));
