import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer } from './harness.js';

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

/**
 * One real server and one Chromium for a describe block: registers the beforeAll/afterAll that
 * start and stop them. Pages made with `newPage` record uncaught page errors in `pageErrors`
 * and are listed in `pages` (for a picture of each when a step fails).
 */
export function browserSession(opts: { pageTimeoutMs?: number } = {}) {
  const session = {
    server: undefined as unknown as { url: string; stop(): Promise<void> },
    browser: undefined as unknown as Browser,
    pageErrors: [] as string[],
    pages: [] as Page[],
    async newPage(ctx: BrowserContext): Promise<Page> {
      const page = await ctx.newPage();
      page.setDefaultTimeout(opts.pageTimeoutMs ?? 15_000);
      page.on('pageerror', (e) => session.pageErrors.push(String(e)));
      session.pages.push(page);
      return page;
    },
  };
  beforeAll(async () => {
    session.server = await startServer();
    session.browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.stop();
  });
  return session;
}
