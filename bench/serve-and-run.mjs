#!/usr/bin/env node
// Serves the repository on 127.0.0.1 (an ephemeral port), opens PAGE in Debian's headless
// Chromium through playwright-core, echoes the page's console until it prints ALL DONE
// (exit 0) or ERROR / a page error / the timeout (exit 1). Usage: serve-and-run.mjs PAGE [timeoutMs]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const [page = 'bench/bench.html', timeoutArg = '600000'] = process.argv.slice(2);
const root = process.cwd();
const types = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml' };
const server = createServer(async (req, res) => {
  const path = normalize(join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!path.startsWith(root)) return void res.writeHead(403).end();
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let code = 1;
try {
  const tab = await browser.newPage();
  const done = new Promise((resolve) => {
    tab.on('console', (m) => {
      const t = m.text();
      console.log(t);
      if (t.startsWith('ALL DONE')) resolve(0);
      else if (t.startsWith('ERROR')) resolve(1);
    });
    tab.on('pageerror', (e) => { console.log(`PAGE ERROR ${e}`); resolve(1); });
    setTimeout(() => { console.log('TIMEOUT'); resolve(1); }, Number(timeoutArg));
  });
  await tab.goto(`http://127.0.0.1:${port}/${page}`);
  code = await done;
  console.log(`(chromium ${browser.version()})`);
} finally {
  await browser.close();
  server.close();
}
process.exit(code);
