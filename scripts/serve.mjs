#!/usr/bin/env node
// A static file server for a folder (default dist/app) on 127.0.0.1; prints the URL.
// Usage: node scripts/serve.mjs [folder] [port]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml', '.wasm': 'application/wasm', '.css': 'text/css' };

/** Starts a server for `root`; resolves to { server, url }. */
export async function serve(root, port = 0) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    let path = normalize(join(base, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!path.startsWith(base)) return void res.writeHead(403).end();
    if (path.endsWith('/') || path === base) path = join(path, 'index.html');
    let body;
    try {
      body = await readFile(path);
    } catch {
      return void res.writeHead(404).end('not found');
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await serve(process.argv[2] ?? 'dist/app', Number(process.argv[3] ?? 8080));
  console.log(`serving ${process.argv[2] ?? 'dist/app'} at ${url} (Ctrl-C to stop)`);
}
