import path from 'node:path';
import { expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS, browserSession, describeInChromium } from './browser.js';

/**
 * The registry's entry forms in a real Chromium against the real server (fresh database, demo
 * street, no population). A community secretary (sq_admin) builds a building with a unit and a
 * room, registers a person into the room through the form, meets the duplicate-ID answer, edits
 * the person (history shows old → new), records a move-out, and opens the floating ledger; the
 * street administrator configures a tag type (only tag.manage may); one step runs at 390px.
 * Screenshots go to e2e/artifacts/forms-*.png.
 */

const PASSWORD = 'Rongzhi@2026';
const ADDRESS = '天津市武清区下朱庄街道静湖花园社区表单路1号楼';

function idNumber(area: string, birth: string, seq: string): string {
  const body = area + birth.replace(/-/g, '') + seq;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
  return body + '10X98765432'[s % 11];
}
const PERSON_ID = idNumber('120114', '1980-04-15', '213'); // odd sequence: male
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

const d = describeInChromium('e2e/registry-forms.e2e.test.ts');

d('registry entry forms in Chromium', () => {
  const session = browserSession({ pageTimeoutMs: 20_000 });
  const { newPage, pageErrors } = session;
  const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: path.join(ARTIFACTS, `forms-${name}.png`), fullPage });

  async function login(page: Page, account: string) {
    await page.goto(`${session.server.url}/login`);
    await page.getByTestId('login-input').fill(account);
    await page.getByTestId('password-input').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('console').waitFor();
  }
  /** the text input inside an antd control that carries the test id (or is it) */
  const input = (root: Locator) => root.locator('input').or(root.and(root.page().locator('input'))).first();
  async function pickTree(page: Page, picker: Locator, name: string) {
    await picker.click();
    await page.keyboard.type(name);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-title').filter({ hasText: new RegExp(`^${name}$`) }).first().click();
  }
  async function pickOption(page: Page, select: Locator, text: string) {
    await select.click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first().click();
  }
  async function save(page: Page, form: string) {
    await page.getByTestId(`${form}-save`).click();
    await page.getByTestId(`${form}-body`).waitFor({ state: 'detached' });
  }

  test('community secretary: building → room → person via the forms, duplicate, edit with history, move-out, floating ledger', async () => {
    const ctx = await session.browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await newPage(ctx);
    await login(page, 'sq_admin');

    // ── building with a unit ──
    await page.goto(`${session.server.url}/registry/buildings`);
    await page.getByTestId('building-new').click();
    await pickTree(page, page.getByTestId('bf-grid'), '第一网格');
    await page.getByTestId('bf-address').fill(ADDRESS);
    await page.getByTestId('bf-name').fill('表单路1号楼');
    await input(page.getByTestId('bf-floors')).fill('6');
    await input(page.getByTestId('bf-units')).fill('1');
    await page.keyboard.press('Enter');
    await shot(page, '01-building-form');
    await save(page, 'building-form');
    await expect.poll(() => page.getByTestId('building-title').innerText()).toContain('表单路1号楼');

    // ── a room in unit 1 ──
    await page.getByTestId('room-new').click();
    await page.getByTestId('rf-no').fill('301');
    await input(page.getByTestId('rf-floor')).fill('3');
    await input(page.getByTestId('rf-area')).fill('89.5');
    await save(page, 'room-form');
    await page.locator('[data-testid="room-cell"]').filter({ hasText: '301' }).click();
    await page.getByTestId('room-info').waitFor();

    // ── a person registered into the room (ID fills birth date and sex) ──
    await page.getByTestId('room-add-person').click();
    await page.getByTestId('pf-name').fill('赵表单');
    await page.getByTestId('pf-id').fill(PERSON_ID);
    await expect.poll(() => input(page.getByTestId('pf-birth')).inputValue()).toBe('1980-04-15');
    await input(page.getByTestId('pf-phones')).fill('13912345678');
    await page.keyboard.press('Enter');
    await pickOption(page, page.getByTestId('pf-ethnicity'), '汉族');
    await page.getByTestId('pf-occupation').fill('教师');
    await pickOption(page, page.getByTestId('pf-relation'), '户主');
    await page.getByTestId('pf-name').click();
    await shot(page, '02-person-form');
    await save(page, 'person-form');
    await expect.poll(() => page.getByTestId('person-title').innerText()).toContain('赵表单');
    const personUrl = page.url();
    const basic = await page.getByTestId('person-basic').innerText();
    expect(basic).toContain('男');
    expect(basic).toContain('1980-04-15');
    expect(basic).toContain('教师');
    expect(basic).not.toContain(PERSON_ID); // masked

    // ── the same ID number again: the server answers with the existing record ──
    await page.goto(`${session.server.url}/registry/persons`);
    await page.getByTestId('person-new').click();
    await page.getByTestId('pf-name').fill('赵重复');
    await page.getByTestId('pf-id').fill(PERSON_ID);
    await pickTree(page, page.getByTestId('pf-grid'), '第一网格');
    await page.getByTestId('person-form-save').click();
    await page.getByTestId('duplicate-notice').waitFor();
    await shot(page, '03-duplicate');
    await page.getByTestId('duplicate-link').click();
    await page.waitForURL(personUrl);
    await expect.poll(() => page.getByTestId('person-title').innerText()).toContain('赵表单');

    // ── edit: occupation 教师 → 电工; the history tab shows old → new ──
    await page.getByTestId('person-edit').click();
    await page.getByTestId('pf-occupation').fill('电工');
    await page.getByTestId('pf-employer').fill('静湖物业');
    await save(page, 'person-form');
    await expect.poll(() => page.getByTestId('person-basic').innerText()).toContain('电工');
    await page.getByTestId('tab-history').click();
    const row = page.locator('[data-testid="person-history"] tr').filter({ hasText: '职业' });
    await expect.poll(() => row.innerText()).toMatch(/教师[\s\S]*电工/);
    await shot(page, '04-history');

    // ── move-out ──
    await page.getByTestId('person-event').click();
    await page.getByTestId('person-event-move_out').click();
    await page.getByTestId('event-destination').fill('北京市朝阳区');
    await save(page, 'event-form');
    await page.getByTestId('person-residences').waitFor();
    await expect.poll(() => page.getByTestId('person-residences').innerText()).toContain('迁出');
    await page.getByTestId('tab-basic').click();
    await expect.poll(() => page.getByTestId('person-basic').innerText()).toContain(`迁出 · ${today()}`);
    await shot(page, '05-moved-out');

    // ── floating ledger: a floating person whose permit expires in 20 days ──
    const rooms = await (await page.request.get(`${session.server.url}/api/registry/search?q=${encodeURIComponent('表单路1号楼')}&kinds=room`)).json() as { items: Array<{ id: string }> };
    const created = await page.request.post(`${session.server.url}/api/registry/persons`, {
      data: {
        name: '钱流动', idNumber: idNumber('410102', '1995-09-09', '224'), roomId: rooms.items[0]!.id, populationType: 'floating',
        floating: { inflowReason: '务工', inflowDate: '2025-03-01', origin: '河南省郑州市', permitNo: 'JZZ-0001', permitExpiry: inDays(20) },
      },
    });
    expect(created.status()).toBe(201);
    await page.getByTestId('nav-registry/floating').click();
    await page.getByTestId('floating-page').waitFor();
    await expect.poll(() => page.getByTestId('floating-person').count()).toBe(1);
    await pickOption(page, page.getByTestId('floating-expiring'), '30 天内到期');
    await pickOption(page, page.getByTestId('floating-reason'), '务工');
    await page.getByTestId('floating-filter-submit').click();
    await page.waitForURL(/expiringWithinDays=30/);
    expect(page.url()).toMatch(/inflowReason=/);
    await expect.poll(() => page.getByTestId('floating-table').innerText()).toContain('钱流动');
    expect(await page.getByTestId('permit-expiry').first().innerText()).toContain('即将到期');
    await shot(page, '06-floating');
    await page.getByTestId('floating-tab-reminders').click();
    await page.getByTestId('reminders-list').waitFor();

    // ── tag types are for tag.manage only: no menu entry, and the page says so ──
    expect(await page.getByTestId('nav-registry/tag-types').count()).toBe(0);
    await page.goto(`${session.server.url}/registry/tag-types`);
    await page.getByTestId('tag-types-forbidden').waitFor();

    expect(pageErrors).toEqual([]);
    await ctx.close();
  });

  test('street administrator creates a sensitive tag type', async () => {
    const ctx = await session.browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await newPage(ctx);
    await login(page, 'admin');
    await page.getByTestId('nav-registry/tag-types').click();
    await page.getByTestId('tag-types-page').waitFor();
    await page.getByTestId('tag-type-new').click();
    await page.getByTestId('ttf-code').fill('e2e_hoarding');
    await page.getByTestId('ttf-name-zh').fill('囤积物品');
    await page.getByTestId('ttf-name-en').fill('Hoarding');
    await page.getByTestId('ttf-sensitive').click();
    await pickOption(page, page.getByTestId('ttf-roles'), '社区书记');
    await page.keyboard.press('Escape');
    await shot(page, '07-tag-type-form');
    await save(page, 'tag-type-form');
    const row = page.locator('[data-testid="tag-types-table"] tr[data-code="e2e_hoarding"]');
    await expect.poll(() => row.innerText()).toContain('囤积物品');
    expect(await row.innerText()).toContain('社区书记');
    await shot(page, '08-tag-types');
    const types = await (await page.request.get(`${session.server.url}/api/registry/tag-types`)).json() as { items: Array<{ code: string; sensitive: boolean; visibleRoles: string[] }> };
    expect(types.items.find((x) => x.code === 'e2e_hoarding')).toMatchObject({ sensitive: true, visibleRoles: ['community_secretary'] });
    expect(pageErrors).toEqual([]);
    await ctx.close();
  });

  test('at 390px a grid worker registers a resident into a room; the form fits the phone', async () => {
    const ctx = await session.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await newPage(ctx);
    await login(page, 'wgy');
    const list = await (await page.request.get(`${session.server.url}/api/registry/buildings?q=${encodeURIComponent('表单路1号楼')}`)).json() as { items: Array<{ id: string }> };
    expect(list.items).toHaveLength(1);
    await page.goto(`${session.server.url}/registry/buildings/${list.items[0]!.id}`);
    await page.locator('[data-testid="room-cell"]').filter({ hasText: '301' }).click();
    await page.getByTestId('room-add-person').click();
    await page.getByTestId('pf-name').fill('孙手机');
    await page.getByTestId('pf-id').fill(idNumber('120114', '2001-01-20', '026'));
    const box = await page.locator('.ant-modal-content').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, '09-phone-person-form');
    await save(page, 'person-form');
    await expect.poll(() => page.getByTestId('person-title').innerText()).toContain('孙手机');
    expect(await page.getByTestId('person-basic').innerText()).toContain('女');
    await shot(page, '10-phone-person');
    expect(pageErrors).toEqual([]);
    await ctx.close();
  });
});
