import { runImpedanceBench, toMarkdown } from './bench.ts';

try {
  const rows = await runImpedanceBench((s) => console.log(s));
  console.log(`\n${navigator.userAgent} (ns per frequency point, median)\n`);
  console.log(toMarkdown(rows));
  console.log('ALL DONE');
} catch (e) {
  console.log(`ERROR ${(e as Error)?.stack ?? e}`);
}
