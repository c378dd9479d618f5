import { expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { browserSession, describeInChromium, modalOpened } from './browser.js';

/**
 * The registry's entry forms in a real Chromium against the real server (fresh database, demo
 * street, no population). A community secretary (sq_admin) builds a building with a unit and a
 * room, registers a person into the room through the form, meets the duplicate-ID answer, edits
 * the person (history shows old → new), records a move-out, and opens the floating ledger; the
 * street administrator configures a tag type (only tag.manage may); one step runs at 390px. The
 * ledgers: a household made in a room gets a member who becomes its head; a rental gets a room
 * and a tenant and is ended; an entity with a wrong credit-code check digit is kept with a
 * warning, and a second one with the same code leads to the first; a permit reminder is marked done.
 * Screenshots go to e2e/artifacts/forms-*.png.
 */

const ADDRESS = '天津市武清区下朱庄街道静湖花园社区表单路1号楼';

function idNumber(area: string, birth: string, seq: string): string {
  const body = area + birth.replace(/-/g, '') + seq;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
  return body + '10X98765432'[s % 11];
}
const PERSON_ID = idNumber('120114', '1980-04-15', '213'); // odd sequence: male
/** A unified social credit code (GB 32100) with its check character; `wrong` gives it a wrong one. */
function uscc(body17: string, wrong = false): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const i = (31 - ([...body17].reduce((a, c, k) => a + chars.indexOf(c) * w[k]!, 0) % 31)) % 31;
  return body17 + chars[wrong ? (i + 1) % 31 : i];
}
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

const d = describeInChromium('e2e/registry-forms.e2e.test.ts');

d('registry entry forms in Chromium', () => {
  const session = browserSession({ pageTimeoutMs: 20_000, shotPrefix: 'forms' });
  const { newPage, pageErrors, shot } = session;

  async function login(page: Page, account: string) {
    await session.submitLogin(page, account);
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
  /** a record picker (search box): type, then take the hit that says `text` */
  async function pickRecord(page: Page, picker: Locator, q: string, text = q) {
    await input(picker).fill(q);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) [data-testid="picker-hit"]').filter({ hasText: text }).first().click();
  }
  async function save(page: Page, form: string) {
    // a click during the dialog's zoom-in can miss the button and leave the form open for good
    await modalOpened(page.locator('.ant-modal').filter({ has: page.getByTestId(`${form}-body`) }));
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
    // typed in Chinese input mode, full-width: the same number
    await page.getByTestId('pf-id').fill(PERSON_ID.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
    expect(await page.getByTestId('pf-id').inputValue()).toBe(PERSON_ID);
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

  test('ledgers: household with a member made head, rental with a tenant ended, entity with a bad check digit and its duplicate, reminder done', async () => {
    const ctx = await session.browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await newPage(ctx);
    await login(page, 'sq_admin');
    const rooms = await (await page.request.get(`${session.server.url}/api/registry/search?q=${encodeURIComponent('表单路1号楼')}&kinds=room`)).json() as { items: Array<{ id: string; title: string }> };
    const room = rooms.items.find((r) => r.title.includes('301'))!;
    const member = await page.request.post(`${session.server.url}/api/registry/persons`, { data: { name: '周成员', idNumber: idNumber('120114', '1978-11-02', '315'), roomId: room.id } });
    expect(member.status()).toBe(201);

    // ── household: made in the room, a member added, then made head ──
    await page.goto(`${session.server.url}/registry/rooms/${room.id}`);
    await page.getByTestId('room-add-household').click();
    await page.getByTestId('hf-no').fill('HF-E2E-0001');
    await save(page, 'household-form');
    await page.getByTestId('household-detail').waitFor();
    await expect.poll(() => page.getByTestId('household-detail').innerText()).toContain('HF-E2E-0001');
    await page.getByTestId('household-add-member').click();
    await pickRecord(page, page.getByTestId('mf-person'), '周成员');
    await pickOption(page, page.getByTestId('mf-relation'), '配偶');
    await shot(page, '11-member-form');
    await save(page, 'member-form');
    await expect.poll(() => page.getByTestId('member-item').count()).toBe(1);
    await pickOption(page, page.getByTestId('household-set-head'), '周成员');
    await expect.poll(() => page.getByTestId('household-title').innerText()).toContain('周成员 户主');
    await shot(page, '12-household-head');
    // the list finds it by the head's name
    await page.goto(`${session.server.url}/registry/households?q=${encodeURIComponent('周成员')}`);
    await expect.poll(() => page.getByTestId('household-link').allInnerTexts()).toEqual(['HF-E2E-0001']);
    expect(await input(page.getByTestId('households-q')).inputValue()).toBe('周成员');

    // ── rental: a room and a landlord; a tenant added; then ended ──
    await page.getByTestId('registry-tab-rentals').click();
    await page.getByTestId('rentals-page').waitFor();
    await page.getByTestId('rental-new').click();
    await page.getByTestId('rtf-rooms').click();
    await page.keyboard.type('表单路1号楼');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '301' }).first().click();
    await page.getByTestId('rtf-landlord').click();
    await page.getByTestId('rtf-landlord').fill('吴房东');
    await page.getByTestId('rtf-phone').fill('13700001111');
    await shot(page, '13-rental-form');
    await save(page, 'rental-form');
    await page.getByTestId('rental-info').waitFor();
    expect(page.url()).toMatch(/[?&]id=/); // the open rental is in the URL
    await page.getByTestId('rental-add-tenant').click();
    await pickRecord(page, page.getByTestId('tf-person'), '周成员');
    await save(page, 'tenant-form');
    await expect.poll(() => page.getByTestId('rental-tenants').innerText()).toContain('周成员');
    await expect.poll(() => page.getByTestId('rentals-table').innerText()).toContain('吴房东');
    await shot(page, '14-rental-tenant');
    await page.getByTestId('rental-end').click();
    await save(page, 'end-rental-form');
    await expect.poll(() => page.getByTestId('rental-info').innerText()).toContain('已结束');
    await expect.poll(() => page.getByTestId('rental-add-tenant').count()).toBe(0);
    await shot(page, '15-rental-ended');
    await page.locator('.ant-drawer-close').click();
    await expect.poll(() => page.url()).not.toMatch(/[?&]id=/);

    // ── entity: a wrong check digit is a warning, the record is kept ──
    const badCode = uscc('91120114MA07E2E01', true);
    await page.getByTestId('registry-tab-entities').click();
    await page.getByTestId('entities-page').waitFor();
    await page.getByTestId('entity-new').click();
    await page.getByTestId('ef-name').fill('表单测试商店');
    await page.getByTestId('ef-uscc').fill(badCode);
    await pickTree(page, page.getByTestId('ef-grid'), '第一网格');
    await expect.poll(() => page.getByTestId('entity-form-body').locator('.ant-form-item-explain-warning').innerText()).toContain('校验位不符');
    await shot(page, '16-entity-form-warning');
    await save(page, 'entity-form');
    await expect.poll(() => page.getByTestId('save-warnings').innerText()).toContain('校验');
    const row = page.getByTestId('entities-table').locator('tr').filter({ hasText: '表单测试商店' });
    await expect.poll(() => row.innerText()).toContain(badCode);
    expect(await row.getByTestId('uscc-invalid').count()).toBe(1);
    await shot(page, '17-entity-kept');
    // the same code again: the duplicate notice leads to the first entity, opened in the list
    await page.getByTestId('entity-new').click();
    await expect.poll(() => page.getByTestId('save-warnings').count()).toBe(0); // the last save's warning went with it
    await page.getByTestId('ef-name').fill('重复商店');
    await page.getByTestId('ef-uscc').fill(badCode);
    await pickTree(page, page.getByTestId('ef-grid'), '第一网格');
    await page.getByTestId('entity-form-save').click();
    await page.getByTestId('duplicate-notice').waitFor();
    await page.getByTestId('duplicate-link').click();
    await page.getByTestId('entity-detail').waitFor();
    expect(await page.getByTestId('entity-detail-name').innerText()).toBe('表单测试商店');
    await page.getByTestId('entity-form-body').waitFor({ state: 'detached' }); // the form gave way
    expect(await page.getByTestId('entity-detail').innerText()).toContain('校验');
    await shot(page, '18-entity-detail');
    // a reload keeps it open (the id is in the URL); closing takes it out
    await page.reload();
    await page.getByTestId('entity-detail').waitFor();
    await page.locator('.ant-drawer-close').click();
    await expect.poll(() => page.url()).not.toMatch(/[?&]id=/);

    // ── the permit reminder (made when 钱流动 was saved) is marked done ──
    await page.goto(`${session.server.url}/registry/floating?tab=reminders`);
    const reminder = page.getByTestId('reminder-item').filter({ hasText: '钱流动' });
    await expect.poll(() => reminder.count()).toBe(1);
    await shot(page, '19-reminders');
    await reminder.getByTestId('reminder-done').click();
    await expect.poll(() => reminder.count()).toBe(0);
    await page.reload();
    await page.getByTestId('reminders-list').waitFor();
    expect(await page.getByTestId('reminder-item').filter({ hasText: '钱流动' }).count()).toBe(0);

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
