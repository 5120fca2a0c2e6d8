/**
 * scripts/serve.mjs (the app's static server): malformed request paths are 400 and the server
 * keeps running; nothing outside its folder is served — `..` in any spelling, a sibling folder
 * sharing the name's prefix, symbolic links out of the folder (links inside it are fine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs helper without types
import { serve } from '../scripts/serve.mjs';

let dir = '';
let server: Server;
let port = 0;

/** Sends `target` byte for byte (fetch would normalise it) and returns status and body. */
function get(target: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eiskit-serve-'));
  mkdirSync(join(dir, 'site', 'sub'), { recursive: true });
  mkdirSync(join(dir, 'site-secret'));
  writeFileSync(join(dir, 'site', 'index.html'), '<p>home</p>');
  writeFileSync(join(dir, 'site', 'a.txt'), 'inside');
  writeFileSync(join(dir, 'site', 'sub', 'b.js'), 'export {};');
  writeFileSync(join(dir, 'secret.txt'), 'SECRET');
  writeFileSync(join(dir, 'site-secret', 'x.txt'), 'SECRET');
  symlinkSync(join(dir, 'secret.txt'), join(dir, 'site', 'out.txt'));
  symlinkSync(join(dir, 'site-secret'), join(dir, 'site', 'out-dir'));
  symlinkSync(join(dir, 'site', 'a.txt'), join(dir, 'site', 'in.txt'));
  const started = (await serve(join(dir, 'site'), 0)) as { server: Server; url: string };
  server = started.server;
  port = Number(new URL(started.url).port);
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('scripts/serve.mjs', () => {
  it('serves files of its folder with their type', async () => {
    expect(await get('/')).toEqual({ status: 200, body: '<p>home</p>' });
    expect(await get('/a.txt')).toEqual({ status: 200, body: 'inside' });
    expect(await get('/sub/b.js')).toEqual({ status: 200, body: 'export {};' });
    expect(await get('/in.txt')).toEqual({ status: 200, body: 'inside' }); // a link within the folder
    expect((await get('/missing.txt')).status).toBe(404);
    expect((await get('/sub')).status).toBe(404); // a folder without the slash is no file
  });

  it('answers malformed paths with 400 and keeps running', async () => {
    for (const target of ['/%E0%A4%A', '/%', '/a%ZZ.txt', '/%00', '/a.txt%00.html', '/%C0%AE%C0%AE/secret.txt']) {
      expect((await get(target)).status, target).toBe(400);
    }
    expect(await get('/a.txt')).toEqual({ status: 200, body: 'inside' });
  });

  it('never serves outside its folder, in any spelling of ..', async () => {
    const outside = [
      '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/sub/..%2f..%2fsecret.txt', '/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/..%2fsite-secret%2fx.txt', // a sibling whose name starts with the folder's
      '/out.txt', '/out-dir/x.txt', // symbolic links pointing out
    ];
    for (const target of outside) {
      const r = await get(target);
      expect(r.status, target).toBe(403);
      expect(r.body).not.toContain('SECRET');
    }
    // the URL parser already resolves these inside the folder, where there is no such file
    for (const target of ['/../secret.txt', '/%2e%2e/secret.txt', '/sub/../../secret.txt', '//etc/passwd', '/%2e%2e/%2e%2e/etc/passwd']) {
      const r = await get(target);
      expect(r.status, target).toBe(404);
      expect(r.body).not.toContain('SECRET');
    }
  });

  it('answers only GET and HEAD', async () => {
    expect((await get('/a.txt', 'POST')).status).toBe(405);
    expect(await get('/a.txt', 'HEAD')).toEqual({ status: 200, body: '' });
  });
});
