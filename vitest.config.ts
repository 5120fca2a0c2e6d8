import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { nodeSide } from './test/cross-runtime-cases.ts';
import { nodeFitSide } from './test/cross-runtime-fits.ts';
import { nodeDrtSide } from './test/cross-runtime-drt.ts';

// Debian's chromium (apt-get install chromium); override with CHROMIUM_PATH.
// Playwright's own browser download is never used (no network here).
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without a Chromium the browser project is left out, loudly (CI installs one: .ci/run).
const haveChromium = existsSync(executablePath);
if (!haveChromium) console.warn(`\n[eiskit] no Chromium at ${executablePath}: browser project skipped (apt-get install chromium, or set CHROMIUM_PATH)\n`);
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'node', environment: 'node', include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.browser.test.ts'], testTimeout: 60_000,
        },
      },
      ...(haveChromium ? [{
        test: {
          name: 'browser',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.node.test.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' as const }],
            // Node-side computations the browser tests compare against (run in this process)
            commands: { nodeWasmOutputs: () => nodeSide(), nodeFitOutputs: () => nodeFitSide(), nodeDrtOutputs: () => nodeDrtSide() },
          },
        },
      }] : []),
    ],
  },
});
