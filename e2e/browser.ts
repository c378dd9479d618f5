import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { chromium, type Browser } from 'playwright-core';

/** Shared set-up of the browser tests: Debian's Chromium, found where Debian installs it. */
export const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  .find((p): p is string => !!p && fs.existsSync(p));
// no background traffic: this machine's network is closed and Chromium would retry endlessly
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-quic',
];

/** `describe` when Chromium is there; otherwise `describe.skip` with a warning nobody can miss. */
export function describeInChromium(testFile: string): typeof describe | typeof describe.skip {
  if (CHROMIUM) return describe;
  console.warn([
    '', '!'.repeat(78),
    '!!  BROWSER TESTS SKIPPED: no Chromium found.',
    '!!  Set CHROMIUM_PATH or install Debian\'s chromium (apt-get install -y chromium).',
    `!!  ${testFile} did NOT run.`,
    '!'.repeat(78), '',
  ].join('\n'));
  return describe.skip;
}

export function launchChromium(): Promise<Browser> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}
