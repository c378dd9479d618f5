import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSession, describeInChromium, PASSWORD } from './browser.js';

/**
 * The staff console and the public grid card in a real Chromium against the real server
 * (fresh database with the demo street 下朱庄街道). Screenshots go to e2e/artifacts/.
 */

const NEW_GRID = `测试网格${Date.now() % 100000}`;

const d = describeInChromium('e2e/console.e2e.test.ts');

d('staff console in Chromium', () => {
  const session = browserSession();
  const { newPage, pageErrors } = session;

  const shot = (page: Page, name: string) => session.shot(page, name); // e2e/artifacts/<name>.png, the viewport only

  test('admin logs in, walks the tree, creates a grid, switches language, logs out', async () => {
    const ctx = await session.browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await newPage(ctx);

    // login page, in Chinese by default
    await page.goto(`${session.server.url}/`);
    await page.getByTestId('login-card').waitFor();
    expect(await page.getByTestId('login-submit').innerText()).toMatch(/登\s*录/);
    await shot(page, '01-login');

    // a wrong password shows the server's Chinese problem title
    await page.getByTestId('login-input').fill('admin');
    await page.getByTestId('password-input').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('problem-alert').waitFor();
    await shot(page, '02-login-error');

    await page.getByTestId('password-input').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('console').waitFor();
    await page.getByTestId('org-tree').waitFor();
    await shot(page, '03-overview');

    // walk the tree: street → community → a grid
    const tree = page.getByTestId('org-tree');
    await tree.locator('[data-kind="street"]').first().click();
    await page.locator('[data-testid="org-detail"][data-org-kind="street"]').waitFor();
    await tree.locator('[data-kind="community"][data-name="静湖花园社区"]').click();
    await page.locator('[data-testid="org-detail"][data-org-kind="community"]').waitFor();
    const firstGrid = tree.locator('[data-kind="grid"]').first();
    await firstGrid.waitFor();
    await firstGrid.click();
    await page.locator('[data-testid="org-detail"][data-org-kind="grid"]').waitFor();
    const canvas = page.getByTestId('polygon-canvas');
    await canvas.waitFor();
    expect(await canvas.getAttribute('data-has-polygon')).toBe('true');
    expect(await canvas.locator('[data-testid="main-polygon"] path').count()).toBe(1);
    expect(await canvas.locator('[data-testid="context-polygon"]').count()).toBeGreaterThan(0);
    await shot(page, '04-grid-detail');

    await page.getByTestId('tab-history').click();
    await page.waitForTimeout(300);
    await shot(page, '05-grid-history');
    await page.getByTestId('tab-attributes').click();

    // create a grid under the community, drawing its boundary on the map canvas
    await tree.locator('[data-kind="community"][data-name="静湖花园社区"]').click();
    await page.locator('[data-testid="org-detail"][data-org-kind="community"]').waitFor();
    await page.getByTestId('org-create-child').click();
    await page.getByTestId('org-form-name').fill(NEW_GRID);
    await page.getByTestId('org-form-households').fill('520'); // over 500: the server warns, the save succeeds
    const draw = page.getByTestId('polygon-input-canvas');
    await draw.waitFor();
    const box = (await draw.boundingBox())!;
    for (const [fx, fy] of [[0.1, 0.1], [0.22, 0.1], [0.22, 0.25], [0.1, 0.25]] as const) {
      await draw.click({ position: { x: box.width * fx, y: box.height * fy } });
    }
    expect(await page.getByTestId('polygon-input-count').innerText()).toContain('4');
    expect(await draw.locator('[data-testid="draft-polygon"] circle').count()).toBe(4);
    await shot(page, '06-create-grid-form');
    await page.getByTestId('org-form-save').click();
    await page.locator(`[data-testid="org-detail"][data-org-kind="grid"] [data-testid="org-title"]:text-is("${NEW_GRID}")`).waitFor();
    await tree.locator(`[data-kind="grid"][data-name="${NEW_GRID}"]`).waitFor();
    const warning = page.getByTestId('warnings-alert');
    await warning.waitFor();
    expect(await warning.getAttribute('data-warning')).toContain('grid_over_500_households');
    expect(await page.getByTestId('polygon-canvas').getAttribute('data-has-polygon')).toBe('true');
    await shot(page, '07-grid-created');

    // English
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('nav-grids').filter({ hasText: 'Grids' }).waitFor();
    expect(await page.getByTestId('tab-attributes').innerText()).toBe('Attributes');
    expect(await page.getByTestId('nav-staff').innerText()).toBe('Staff');
    await shot(page, '08-english');
    await page.getByTestId('lang-switch').click(); // back to Chinese (the choice is kept in localStorage)
    await page.getByTestId('nav-grids').filter({ hasText: '网格列表' }).waitFor();

    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
    // the first grid's detail at phone width: the tree moves into a drawer, the map comes first
    await firstGrid.click();
    await page.locator('[data-testid="org-detail"][data-org-kind="grid"] [data-testid="main-polygon"]').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('drawer-toggle').waitFor();
    await page.getByTestId('polygon-canvas').waitFor();
    await page.waitForTimeout(300); // the canvas re-measures its width
    await shot(page, '09-phone-grid-detail');
    await page.getByTestId('drawer-toggle').click();
    await page.getByTestId('nav-drawer').locator('[data-testid="org-tree"]').waitFor();
    await page.waitForTimeout(400); // drawer animation
    await shot(page, '10-phone-drawer');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1366, height: 860 });

    // log out → login page
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-card').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot(page, '11-logged-out');
    await ctx.close();
    expect(pageErrors).toEqual([]);
  }, 180_000);

  test('public grid card opens without login, large type on a phone', async () => {
    const ctx = await session.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await newPage(ctx);
    await page.goto(`${session.server.url}/public/grids`);
    const first = page.getByTestId('public-grid-list').locator('a').first();
    await first.waitFor();
    await shot(page, '12-public-grid-list');
    await first.click();
    await page.getByTestId('public-grid-card').waitFor();
    expect((await page.getByTestId('public-grid-name').innerText()).length).toBeGreaterThan(0);
    const staff = page.getByTestId('public-staff');
    expect(await staff.count()).toBeGreaterThan(0);
    const call = page.getByTestId('public-call').first();
    if (await call.count()) expect(await call.getAttribute('href')).toMatch(/^tel:/);
    await shot(page, '13-public-grid-card');
    await ctx.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
