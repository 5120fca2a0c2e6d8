/**
 * Writes examples/data/ from examples/seed-data.ts (run: `npm run gen:examples`). The files are
 * committed; a test checks they equal what this generator produces.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { makeSeedData, SEED_TRUTH } from './seed-data.ts';
import { seedFiles } from './seed-files.ts';

const dir = 'examples/data/'; // npm scripts run from the repository root
mkdirSync(dir, { recursive: true });
const files = seedFiles(makeSeedData());
for (const [name, text] of Object.entries(files)) writeFileSync(dir + name, text);
writeFileSync(dir + 'truth.json', `${JSON.stringify(SEED_TRUTH, null, 2)}\n`);
console.log(`wrote ${Object.keys(files).length + 1} files to examples/data/`);
