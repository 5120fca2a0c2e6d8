#!/usr/bin/env node
// A static file server for a folder (default dist/app) on 127.0.0.1; prints the URL.
// Usage: node scripts/serve.mjs [folder] [port]
//
// It serves files inside the folder only: a malformed request path (bad percent-encoding, a NUL)
// is 400; a path that resolves outside the folder (`..`, encoded `%2e%2e%2f`, `..%2f`) or a
// symbolic link whose target is outside it is 403; only GET and HEAD are answered.
import { createServer } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml', '.wasm': 'application/wasm', '.css': 'text/css' };

/** The decoded path of a request target, or null when it is malformed. */
function requestPath(target) {
  try {
    // the URL parser resolves dot segments, also percent-encoded ones (%2e%2e)
    const decoded = decodeURIComponent(new URL(target, 'http://localhost').pathname);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null; // URIError (bad percent-encoding) or a target the URL parser rejects
  }
}

const inside = (base, path) => path === base || path.startsWith(base + sep);

/** The status and, for 200, the file to send for `target` under the real folder `base`. */
async function lookup(base, target) {
  const decoded = requestPath(target);
  if (decoded === null) return { status: 400 };
  // a decoded %2f can make new '..' segments, so the resolved path is checked, not the text
  let path = resolve(base, `.${decoded}`);
  if (!inside(base, path)) return { status: 403 };
  if (decoded.endsWith('/')) path = join(path, 'index.html');
  let real;
  try {
    real = await realpath(path);
  } catch {
    return { status: 404 };
  }
  if (!inside(base, real)) return { status: 403 }; // a symbolic link out of the folder
  if (!(await stat(real)).isFile()) return { status: 404 };
  return { status: 200, file: real };
}

const MESSAGES = { 400: 'bad request', 403: 'forbidden', 404: 'not found', 405: 'method not allowed', 500: 'internal error' };

/** Starts a server for `root`; resolves to { server, url }. */
export async function serve(root, port = 0) {
  const base = await realpath(resolve(root));
  const server = createServer((req, res) => {
    const fail = (status) => void res.writeHead(status, { 'content-type': 'text/plain' }).end(MESSAGES[status]);
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end(MESSAGES[405]);
    lookup(base, req.url ?? '/')
      .then(async ({ status, file }) => {
        if (status !== 200) return fail(status);
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(req.method === 'HEAD' ? undefined : body);
      })
      .catch(() => (res.headersSent ? res.destroy() : fail(500)));
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await serve(process.argv[2] ?? 'dist/app', Number(process.argv[3] ?? 8080));
  console.log(`serving ${process.argv[2] ?? 'dist/app'} at ${url} (Ctrl-C to stop)`);
}
