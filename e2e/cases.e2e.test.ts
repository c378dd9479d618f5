import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSession, describeInChromium, modalOpened, OPTION, PASSWORD, PNG } from './browser.js';

/**
 * The closed loop of a resident's request in a real Chromium against the real server (fresh
 * database, demo street 下朱庄街道): the resident submits on the portal (phone) → the community
 * secretary accepts and dispatches in the console → the grid worker signs, handles with a photo
 * on the phone pages → the secretary verifies → the resident rates → the indicator dashboard's
 * rates move. Also: an anonymous report with its look-up code, the public community page.
 * Screenshots go to e2e/artifacts/cases-*.png.
 *
 * Categories: the server seeds the default categories of a street the first time it is used
 * (cases/config.ts tenantConfig → ensureDefaultCaseConfig), so the test needs no setup call.
 */

const RESIDENT_MOBILE = '13800000001';
const COMMUNITY_CODE = '120114002001'; // 静湖花园社区 in the demo street
const STAMP = Date.now() % 100000;
const TITLE = `路灯不亮${STAMP}`;

const d = describeInChromium('e2e/cases.e2e.test.ts');

d('cases: the closed loop in Chromium', () => {
  // the loop test drives three pages at once: allow a slower machine more time per step
  // a failed step leaves a picture of every open page (cases-FAILED-n.png) to see why
  const session = browserSession({ pageTimeoutMs: 20_000, shotPrefix: 'cases', picturesOnFailure: true });
  const { newPage, pageErrors, shot } = session;

  const phone = () => session.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const desktop = () => session.browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  /** waits for antd's toasts to go, so they don't cover what the next screenshot shows */
  const settle = (page: Page) => page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});

  /** Waits for `testId`; a problem alert instead fails with the server's words (not a bare timeout). */
  async function expectShown(page: Page, testId: string) {
    const alert = page.getByTestId('problem-alert');
    await Promise.race([page.getByTestId(testId).waitFor(), alert.waitFor()]).catch(async (e) => {
      await shot(page, `FAILED-${testId}`, true);
      throw e;
    });
    if (await alert.isVisible()) throw new Error(`problem shown instead of ${testId}: ${await alert.innerText()}`);
  }

  const staffLogin = (page: Page, account: string, next = '/') => session.submitLogin(page, account, next);

  /** The dashboard's figures of a rate: numerator / denominator as shown on its card. */
  async function rateCard(page: Page, code: string) {
    const card = page.getByTestId(`rate-${code}`);
    await card.waitFor();
    return { value: await card.getAttribute('data-value'), num: Number(await card.getAttribute('data-num')), den: Number(await card.getAttribute('data-den')) };
  }

  async function act(page: Page, action: string, fill?: (dialog: ReturnType<Page['getByTestId']>) => Promise<void>) {
    await page.getByTestId(`act-${action}`).click();
    const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId(`action-form-${action}`) });
    await modalOpened(dialog);
    if (fill) await fill(dialog as unknown as ReturnType<Page['getByTestId']>);
    await dialog.getByTestId('action-submit').click();
    await dialog.waitFor({ state: 'detached' });
  }

  test('resident → dispatch → grid worker → verify → rating → dashboard', async () => {
    // ── the staff console first: the dashboard before anything happens ──
    const staffCtx = await desktop();
    const staff = await newPage(staffCtx);
    await staffLogin(staff, 'sq_admin', '/cases/dashboard');
    await staff.getByTestId('cases-dashboard').waitFor();
    const satBefore = await rateCard(staff, 'satisfaction_rate');
    const respBefore = await rateCard(staff, 'response_rate');
    const resBefore = await rateCard(staff, 'resolution_rate');

    // ── the resident logs in on the portal with the mobile number and reports, with a photo ──
    const resCtx = await phone();
    const res = await newPage(resCtx);
    await res.goto(`${session.server.url}/portal`);
    await res.getByTestId('portal-login').waitFor(); // not logged in → the portal's own login
    expect(new URL(res.url()).pathname).toBe('/portal/login');
    await shot(res, '01-portal-login');
    await res.getByTestId('portal-mobile').fill(RESIDENT_MOBILE);
    await res.getByTestId('portal-password').fill(PASSWORD);
    await res.getByTestId('portal-login-submit').click();
    await res.getByTestId('portal-report-link').waitFor();
    expect(new URL(res.url()).pathname).toBe('/portal');
    await res.getByTestId('portal-report-link').click();
    await res.getByTestId('portal-category-environment').click();
    await res.getByTestId('portal-description').fill('3号楼东侧的路灯一到晚上就不亮，老人出门很不方便。');
    await res.getByTestId('portal-title').fill(TITLE);
    await res.getByTestId('portal-address').fill('3号楼东侧');
    await res.getByTestId('portal-photo-input').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: PNG });
    await res.locator('[data-testid="portal-report-form"] img').first().waitFor();
    await shot(res, '02-portal-report', true);
    await res.getByTestId('portal-submit').click();
    await expectShown(res, 'portal-report-done');
    const number = (await res.getByTestId('portal-report-number').innerText()).trim();
    expect(number).toMatch(/^120114002-\d{8}-\d{4,}$/);
    await shot(res, '03-portal-submitted');

    // ── the community secretary: inbox → case → accept → dispatch to the grid ──
    await staff.goto(`${session.server.url}/cases/inbox`);
    const row = staff.locator(`[data-testid="inbox-row"][data-number="${number}"]`);
    await row.waitFor();
    await shot(staff, '04-inbox');
    await row.click();
    await staff.locator('[data-testid="case-detail"][data-state="reported"]').waitFor();
    expect(await staff.getByTestId('case-reporter-phone').innerText()).toBe('138****0001'); // masked
    await staff.locator('[data-testid="case-photos"] img').first().waitFor();
    await shot(staff, '05-case-reported');
    await act(staff, 'accept');
    await staff.locator('[data-testid="case-detail"][data-state="accepted"]').waitFor();
    await staff.getByTestId('act-dispatch').click();
    const dispatch = staff.locator('.ant-modal').filter({ has: staff.getByTestId('action-form-dispatch') });
    await modalOpened(dispatch);
    await dispatch.getByTestId('action-quick-target').filter({ hasText: '第一网格' }).click();
    await shot(staff, '06-dispatch-dialog');
    await dispatch.getByTestId('action-submit').click();
    await staff.locator('[data-testid="case-detail"][data-state="dispatched"]').waitFor();
    expect(await staff.getByTestId('case-handler').innerText()).toContain('第一网格');
    expect(await staff.getByTestId('act-verify_pass').count()).toBe(0); // only the actions allowed now

    // ── the grid worker on the phone: my tasks → sign → start → handle with a photo ──
    const wCtx = await phone();
    const w = await newPage(wCtx);
    await staffLogin(w, 'wgy', '/m/tasks');
    const task = w.locator(`[data-testid="m-task"][data-number="${number}"]`);
    await task.waitFor();
    await shot(w, '07-grid-worker-tasks');
    await task.click();
    await w.locator('[data-testid="m-task-detail"][data-state="dispatched"]').waitFor();
    await w.getByTestId('m-act-sign').click();
    await w.locator('[data-testid="m-task-detail"][data-state="signed"]').waitFor();
    // 联系诉求人 (counts for the response rate)
    await w.getByTestId('m-act-respond').click();
    const respond = w.locator('.ant-modal').filter({ has: w.getByTestId('action-form-respond') });
    await modalOpened(respond);
    await respond.getByTestId('action-note').fill('已电话联系居民，约定今晚查看。');
    await respond.getByTestId('action-submit').click();
    await respond.waitFor({ state: 'detached' });
    await w.getByTestId('m-act-start').click();
    await w.locator('[data-testid="m-task-detail"][data-state="in_progress"]').waitFor();
    await w.getByTestId('m-handle-note').fill('已联系物业更换灯泡，路灯恢复照明。');
    await w.getByTestId('m-handle-photo-input').setInputFiles({ name: 'fixed.png', mimeType: 'image/png', buffer: PNG });
    await w.locator('[data-testid="m-handle"] img').first().waitFor();
    await settle(w);
    await w.getByTestId('m-handle-submit').scrollIntoViewIfNeeded();
    await shot(w, '08-grid-worker-handle');
    await w.getByTestId('m-handle-submit').click();
    await w.locator('[data-testid="m-task-detail"][data-state="handled"]').waitFor();

    // ── the secretary verifies ──
    await staff.reload();
    await staff.locator('[data-testid="case-detail"][data-state="handled"]').waitFor();
    expect(await staff.getByTestId('case-feedback').innerText()).toContain('更换灯泡');
    await act(staff, 'verify_pass');
    await staff.locator('[data-testid="case-detail"][data-state="closed"]').waitFor();
    await settle(staff);
    await shot(staff, '09-case-closed', true);

    // ── the resident sees the result and rates it ──
    await res.goto(`${session.server.url}/portal`);
    const card = res.locator(`[data-testid="portal-case"][data-number="${number}"]`);
    await card.waitFor();
    await shot(res, '10-portal-my-cases');
    await card.click();
    await res.getByTestId('portal-rate').waitFor();
    expect(await res.getByTestId('portal-feedback').innerText()).toContain('更换灯泡');
    await res.getByTestId('rate-resolved-yes').click();
    await res.getByTestId('rate-satisfied').click();
    await shot(res, '11-portal-rate', true);
    await res.getByTestId('rate-submit').click();
    await res.getByTestId('portal-rating-done').waitFor();
    await settle(res);
    await shot(res, '12-portal-rated');
    await res.getByTestId('lang-switch').click();
    await res.getByText('Thank you for your rating').first().waitFor();
    await shot(res, '12b-portal-english');
    await res.getByTestId('lang-switch').click();

    // ── the dashboard's rates changed: one more rated and resolved case ──
    await staff.goto(`${session.server.url}/cases/dashboard`);
    await staff.getByTestId('dash-chart').waitFor();
    const satAfter = await rateCard(staff, 'satisfaction_rate');
    const resAfter = await rateCard(staff, 'resolution_rate');
    expect(satAfter.den).toBe(satBefore.den + 1);
    expect(resAfter.num).toBe(resBefore.num + 1);
    expect(resAfter.den).toBe(resBefore.den + 1);
    expect(satAfter.value).not.toBe('');
    const respAfter = await rateCard(staff, 'response_rate');
    expect(respAfter.num).toBe(respBefore.num + 1); // contacted within the limit
    expect(respAfter.den).toBe(respBefore.den + 1);
    if (satBefore.den === 0) expect(Number(satAfter.value)).toBe(1); // the only rating: 满意 = 100 %
    await staff.waitForTimeout(1500); // echarts animation
    await shot(staff, '13-dashboard');
    // drill down: the cases behind the resolution rate's numerator include ours
    await staff.getByTestId('rate-resolution_rate').click();
    const drawer = staff.getByTestId('drill-table');
    await drawer.locator(`text=${number}`).waitFor();
    await staff.waitForTimeout(300);
    await shot(staff, '14-drill-down');
    // the Excel export answers with a workbook
    const href = await staff.getByTestId('dash-export').getAttribute('href');
    const xlsx = await staff.request.get(`${session.server.url}${href}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');

    await Promise.all([staffCtx.close(), resCtx.close(), wCtx.close()]);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  test('anonymous report with a phone number, look-up code, public community page', async () => {
    const ctx = await phone();
    const page = await newPage(ctx);
    await page.goto(`${session.server.url}/portal/login`);
    await page.getByTestId('portal-anonymous-link').click();
    await page.getByTestId('portal-report-form').waitFor();
    await page.getByTestId('portal-category-public_facilities').click();
    await page.getByTestId('portal-description').fill('小区健身器材螺丝松了，有安全隐患。');
    await page.getByTestId('portal-place').click();
    await page.locator(OPTION).filter({ hasText: '静湖花园社区 · 第二网格' }).click();
    await page.getByTestId('portal-phone').fill('1380000');
    await page.getByTestId('portal-submit').click();
    await page.locator('.ant-form-item-explain-error').first().waitFor(); // a short phone number is refused before sending
    await page.getByTestId('portal-phone').fill('13912345678');
    await page.locator('.ant-form-item-explain-error').first().waitFor({ state: 'detached' });
    await shot(page, '15-anonymous-report', true);
    await page.getByTestId('portal-submit').click();
    await expectShown(page, 'portal-report-done');
    const number = (await page.getByTestId('portal-report-number').innerText()).trim();
    const code = (await page.getByTestId('portal-report-code').innerText()).trim();
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    await shot(page, '16-anonymous-done');

    // follow it with the number and the code
    await page.goto(`${session.server.url}/portal/lookup?number=${encodeURIComponent(number)}`);
    await page.getByTestId('lookup-code').fill(code);
    await page.getByTestId('lookup-submit').click();
    await page.locator('[data-testid="portal-case-view"][data-state="reported"]').waitFor();
    await shot(page, '17-lookup');

    // the community's public page: counts, the three rates, no names or phones
    await page.goto(`${session.server.url}/public/communities/${COMMUNITY_CODE}/cases`);
    await page.getByTestId('public-cases').waitFor();
    await expect.poll(() => page.getByTestId('public-case-row').count()).toBeGreaterThanOrEqual(1);
    const text = await page.getByTestId('public-cases').innerText();
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain('139****5678');
    expect(text).not.toContain('健身器材');
    await shot(page, '18-public-community', true);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  test('a grid worker reports an event from the phone, with a photo', async () => {
    const ctx = await phone();
    const page = await newPage(ctx);
    await staffLogin(page, 'wgy', '/m/report');
    await page.getByTestId('m-report-form').waitFor();
    await page.getByTestId('m-report-category').click();
    await page.locator(OPTION).filter({ hasText: '治安隐患' }).click();
    await page.getByTestId('m-report-title').fill(`楼道堆物${STAMP}`);
    await page.getByTestId('m-report-description').fill('5号楼2单元楼道堆放纸箱，存在消防隐患。');
    await page.getByTestId('m-report-grid').click();
    await page.locator(OPTION).filter({ hasText: '第一网格' }).click();
    await page.getByTestId('m-report-photo-input').setInputFiles({ name: 'hall.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('[data-testid="m-report-form"] img').first().waitFor();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'detached' }).catch(() => {});
    await page.getByTestId('m-report-submit').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await shot(page, '24-grid-worker-report');
    await page.getByTestId('m-report-submit').click();
    await expectShown(page, 'm-report-done');
    await shot(page, '25-grid-worker-reported');
    await ctx.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  test('configuration pages and the inbox tabs for the street admin', async () => {
    const ctx = await desktop();
    const page = await newPage(ctx);
    await staffLogin(page, 'admin', '/cases/config');
    await page.getByTestId('categories-table').waitFor();
    await page.getByTestId('categories-table').locator('text=市容环境').waitFor();
    await shot(page, '19-config-categories');
    await page.getByRole('tab', { name: '工作日历' }).click();
    await page.getByTestId('calendar-table').waitFor();
    // enter the National Day holiday (a range typed into the date picker)
    const year = new Date().getFullYear();
    const range = page.getByTestId('calendar-form').locator('.ant-picker-range');
    await page.getByTestId('calendar-name').fill('国庆节');
    await range.locator('input').first().click();
    await range.locator('input').first().fill(`${year}-10-01`);
    await range.locator('input').first().press('Enter');
    await range.locator('input').nth(1).fill(`${year}-10-07`);
    await range.locator('input').nth(1).press('Enter');
    // Enter in the end date submits the form, like the 添加日期 button
    await page.getByTestId('calendar-table').locator(`text=${year}-10-07`).waitFor();
    await expect.poll(() => page.getByTestId('calendar-table').locator('text=国庆节').count()).toBe(7);
    await expect.poll(() => page.getByTestId('calendar-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(7);
    await settle(page);
    await shot(page, '20-config-calendar');
    await page.getByRole('tab', { name: '派单规则' }).click();
    await page.getByTestId('rules-table').waitFor();
    await shot(page, '21-config-routing');
    // a phone call registered by staff (热线) opens its case detail
    await page.goto(`${session.server.url}/cases/inbox?box=all`);
    await page.getByTestId('inbox-table').waitFor();
    await page.getByTestId('case-create').click();
    const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('case-create-form') });
    await modalOpened(modal);
    await modal.getByTestId('case-create-category').click();
    await page.locator(OPTION).filter({ hasText: '物业管理' }).click();
    await modal.getByTestId('case-create-title').fill(`电梯停运${STAMP}`);
    await modal.getByTestId('case-create-description').fill('居民来电：2号楼电梯停运两天。');
    await shot(page, '22-hotline-form');
    await modal.getByTestId('case-create-submit').click();
    await page.locator('[data-testid="case-detail"][data-state="reported"]').waitFor();
    expect(await page.getByTestId('case-title').innerText()).toBe(`电梯停运${STAMP}`);
    await page.goto(`${session.server.url}/cases/inbox?box=all`);
    await page.getByTestId('inbox-row').first().waitFor();
    await shot(page, '23-inbox-all');
    await ctx.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
