import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
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

/** The demo accounts' password (README, "Demo accounts"). */
export const PASSWORD = 'Rongzhi@2026';
/** An option of the antd dropdown that is open now (closed ones stay in the DOM, hidden). */
export const OPTION = '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option';
/** A real 8×8 PNG: the server checks photos by their bytes. */
/**
 * Waits for an antd modal to be open and done with its zoom-in. A click during the animation can
 * miss its target: on a loaded machine an OK clicked mid-zoom once left a dialog open for good.
 */
export function modalOpened(modal: Locator): Promise<void> {
  return modal.and(modal.page().locator('.ant-modal:not([class*="ant-zoom"])')).waitFor();
}

export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGPYrqCHFTEMLQkAoX9BQYGQYLAAAAAASUVORK5CYII=', 'base64');

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
 * and are listed in `pages`. `shot` writes e2e/artifacts/<shotPrefix>-<name>.png; with
 * `picturesOnFailure`, a failed test leaves a picture of every page it opened (<prefix>-FAILED-n).
 */
export function browserSession(opts: { pageTimeoutMs?: number; shotPrefix?: string; picturesOnFailure?: boolean } = {}) {
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
    shot(page: Page, name: string, fullPage = false) {
      return page.screenshot({ path: path.join(ARTIFACTS, `${opts.shotPrefix ? `${opts.shotPrefix}-` : ''}${name}.png`), fullPage });
    },
    /** Fills the login form with a demo account and submits it (callers wait for what they expect next). */
    async submitLogin(page: Page, account: string, next?: string) {
      await page.goto(`${session.server.url}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
      await page.getByTestId('login-input').fill(account);
      await page.getByTestId('password-input').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
    },
  };
  if (opts.picturesOnFailure) {
    afterEach(async (c) => {
      if (c.task.result?.state === 'fail') {
        for (const [i, p] of session.pages.entries()) if (!p.isClosed()) await session.shot(p, `FAILED-${i}`, true).catch(() => {});
      }
      session.pages.length = 0;
    });
  }
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
