#!/usr/bin/env node
// Makes sure the browser test project has a Chromium: $CHROMIUM_PATH or Debian's
// /usr/bin/chromium. On a fresh Debian machine as root it installs the `chromium` package
// (Playwright's own browser download is never used: only Debian's packages are reachable).
// Elsewhere it explains what to do; vitest.config.ts then leaves the browser project out.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let hasApt = false;
try {
  execSync('command -v apt-get', { stdio: 'ignore', shell: '/bin/sh' });
  hasApt = true;
} catch { /* no apt */ }
if (isRoot && hasApt && !process.env.EISKIT_NO_INSTALL) {
  console.error(`eiskit: no Chromium at ${path}; installing Debian's chromium for the browser tests (apt-get)…`);
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit', shell: '/bin/sh' });
} else {
  console.error(`eiskit: no Chromium at ${path}; the browser test project will be skipped.\n` +
    '  Install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH to run the tests in Chromium too.');
}
