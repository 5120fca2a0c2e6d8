/**
 * The set-up the app's end-to-end tests share (test/app*.e2e.node.test.ts, Node only): whether a
 * Chromium and the built app (dist/app/, `npm run build:app`) are there, the static server and
 * the browser for a describe block, a fresh page collecting uncaught page errors, and the real
 * worker served behind a wrapper.
 */
import { afterAll, beforeAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
// @ts-expect-error: a plain .mjs helper without types
import { serve } from '../scripts/serve.mjs';

/** The Chromium the tests drive (CHROMIUM_PATH, else Debian's). */
export const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A Chromium and the built app are there (otherwise the tests are skipped, saying so). */
export const appReady = existsSync(executablePath) && existsSync('dist/app/index.html');

/** The app served and a headless Chromium for the tests of the describe block it is called in (beforeAll/afterAll). */
export function useApp(): { open(options?: { viewport?: boolean; before?: (page: Page) => Promise<void> }): Promise<{ page: Page; errors: string[] }> } {
  let browser: Browser;
  let server: { close(): void };
  let url: string;
  beforeAll(async () => {
    ({ server, url } = await serve('dist/app'));
    browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });
  return {
    /** A fresh page on the app (1300×1000 unless `viewport: false`; `before` runs before it loads); `errors` collects uncaught page errors. */
    async open(options = {}) {
      const page = await browser.newPage(options.viewport === false ? {} : { viewport: { width: 1300, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await options.before?.(page);
      await page.goto(url);
      return { page, errors };
    },
  };
}

/**
 * Serves the app's real worker behind a wrapper whose onmessage runs `body` (with `e` the message
 * and `realHandler` the real worker's handler): a throw there is uncaught, so the Worker's onerror fires.
 */
export async function wrapWorker(page: Page, body: string): Promise<void> {
  const real = readFileSync('dist/app/worker.js', 'utf8');
  await page.route('**/worker-real.js', (route) => route.fulfill({ contentType: 'text/javascript', body: real }));
  await page.route('**/worker.js', (route) => route.fulfill({
    contentType: 'text/javascript',
    body: `import './worker-real.js';
        const realHandler = self.onmessage;
        self.onmessage = (e) => {
          ${body}
        };`,
  }));
}
