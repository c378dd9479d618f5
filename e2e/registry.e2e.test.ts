import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, browserSession, describeInChromium } from './browser.js';

/**
 * The registry console in a real Chromium against the real server (fresh database, demo street).
 * The test brings its own population: it builds small .xlsx files with exceljs, imports the
 * buildings/rooms through the API, then walks the import wizard with a persons sheet that has
 * one bad row (preview shows it, commit keeps the good rows), and opens the household card.
 * A grid worker then does the phone flow at 390px: find the household, see its members, add a tag.
 * Screenshots go to e2e/artifacts/registry-*.png.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 静湖花园社区 第一网格: in the demo street, and one of the grid worker wgy's grids. */
const GRID_CODE = '120114002001001';
const BUILDING = '天津市武清区下朱庄街道静湖花园社区99号楼';
const HOUSEHOLD_NO = 'E2E000001';

/** A valid GB 11643 citizen ID number (weighted check digit). */
function idNumber(area: string, birth: string, seq: string): string {
  const body = area + birth.replace(/-/g, '') + seq;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
  return body + '10X98765432'[s % 11];
}

async function xlsx(headers: string[], rows: Array<Array<string | number>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Two units, three floors, rooms in all four states. */
function roomsSheet() {
  const rows: Array<Array<string | number>> = [];
  const status = ['自住', '出租', '空置', '经营'];
  let i = 0;
  for (const unit of ['1', '2']) {
    for (const floor of [1, 2, 3]) {
      for (const no of ['01', '02']) {
        rows.push([GRID_CODE, BUILDING, '静湖花园99号楼', '99', 3, '住宅', unit, floor, `${floor}${no}`, 88.5, floor === 1 && unit === '2' ? '商铺' : '住宅', '私有', status[i++ % 4]!]);
      }
    }
  }
  return xlsx(['网格编码', '楼栋地址', '楼栋名称', '楼号', '总层数', '楼栋用途', '单元', '楼层', '房号', '建筑面积', '房屋用途', '产权性质', '房屋状态'], rows);
}

const ROOM_101 = `${BUILDING}1单元101室`;
const PERSONS = [
  { name: '王建国', id: idNumber('120114', '1952-03-12', '101'), sex: '男', birth: '1952-03-12', phone: '13812345678', relation: '户主' },
  { name: '李秀英', id: idNumber('120114', '1955-08-05', '102'), sex: '女', birth: '1955-08-05', phone: '', relation: '配偶' },
  { name: '王小明', id: idNumber('120114', '2015-06-01', '113'), sex: '男', birth: '2015-06-01', phone: '', relation: '孙子女/外孙子女' },
];
function personsSheet() {
  const rows = PERSONS.map((p) => [p.name, p.id, p.sex, p.birth, '户籍人口', p.phone, GRID_CODE, HOUSEHOLD_NO, p.relation, '户籍', ROOM_101]);
  // the bad row: an ID number whose check digit is wrong
  rows.splice(2, 0, ['错号码', '120114199001011235', '男', '1990-01-01', '户籍人口', '', GRID_CODE, HOUSEHOLD_NO, '子', '户籍', ROOM_101]);
  return xlsx(['姓名', '公民身份号码', '性别', '出生日期', '人口类型', '联系电话', '网格编码', '户号', '与户主关系', '居住类型', '房屋地址'], rows);
}

const d = describeInChromium('e2e/registry.e2e.test.ts');

d('registry console in Chromium', () => {
  const session = browserSession({ pageTimeoutMs: 20_000, shotPrefix: 'registry' });
  const { newPage, pageErrors, shot } = session;

  async function login(page: Page, account: string) {
    await session.submitLogin(page, account);
    await page.getByTestId('console').waitFor();
  }

  test('admin imports persons through the wizard, finds them, unmasks, opens the household card, the building and statistics', async () => {
    const ctx = await session.browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    const page = await newPage(ctx);
    await login(page, 'admin');

    // housing first (through the API with the same session): persons are placed in these rooms
    const rooms = await page.request.post(`${session.server.url}/api/registry/import/rooms?wait=true&fileName=rooms.xlsx`, {
      headers: { 'content-type': XLSX }, data: await roomsSheet(),
    });
    expect(rooms.status()).toBe(200);
    const roomsJob = await rooms.json() as { status: string; inserted: number; badRows: number };
    expect(roomsJob).toMatchObject({ status: 'done', badRows: 0 });
    expect(roomsJob.inserted).toBe(12);

    // ── the import wizard ──
    await page.getByTestId('nav-registry/import').click();
    await page.getByTestId('import-page').waitFor();
    await page.getByTestId('import-kind-persons').click();
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-xlsx').click()]);
    expect(template.suggestedFilename()).toMatch(/导入模板\.xlsx$/);
    await shot(page, '01-import-type');
    await page.getByTestId('import-next').click();
    await page.getByTestId('import-step-upload').waitFor();
    await page.locator('[data-testid="import-step-upload"] input[type="file"]').setInputFiles({ name: '人口-静湖花园99号楼.xlsx', mimeType: XLSX, buffer: await personsSheet() });
    await page.getByTestId('import-preview').click();
    await page.getByTestId('import-step-preview').waitFor();
    // the bad row is sheet row 4 (header = row 1); the good ones are marked ok
    await page.locator('[data-testid="preview-rows"] tr[data-row="4"][data-ok="false"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="preview-rows"] tr[data-ok="true"]').count()).toBe(3);
    const issues = page.getByTestId('preview-issues');
    expect(await issues.innerText()).toContain('校验位');
    expect(await page.getByTestId('preview-rows').innerText()).not.toMatch(/\d{17}[\dX]/); // preview cells are masked
    await shot(page, '02-import-preview', true);

    await page.getByTestId('import-commit').click();
    await page.locator('[data-testid="import-step-commit"][data-status="done"]').waitFor();
    expect(await page.getByTestId('import-inserted').innerText()).toContain('3');
    expect(await page.getByTestId('import-bad').innerText()).toContain('1');
    await shot(page, '03-import-done', true);
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-download-bad').click()]);
    const reportPath = await report.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(reportPath);
    const reportText = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    expect(reportText).toContain('校验位');

    // ── persons list, then the one search box: initials find 王建国 ──
    await page.getByTestId('nav-registry/persons').click();
    await page.getByTestId('persons-table').locator('[data-testid="person-link"]').first().waitFor();
    await expect.poll(() => page.getByTestId('persons-table').locator('[data-testid="person-link"]').count()).toBe(3);
    expect(await page.getByTestId('persons-table').innerText()).not.toMatch(/\d{17}[\dX]/);
    await shot(page, '04-persons');
    // export of the filtered list: masked (admin may not export unmasked), and audited server-side
    await page.getByTestId('export-button').click();
    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    const ewb = new ExcelJS.Workbook();
    await ewb.xlsx.readFile(await exported.path());
    const exportText = JSON.stringify(ewb.worksheets[0]!.getSheetValues());
    expect(exportText).toContain('王建国');
    expect(exportText).not.toMatch(/\d{17}[\dX]/);

    await page.getByTestId('registry-search').locator('input').fill('wjg');
    const hit = page.locator('[data-testid="search-hit"][data-kind="person"]').filter({ hasText: '王建国' });
    await hit.waitFor();
    await shot(page, '05-search');
    await hit.click();
    await page.getByTestId('person-detail').waitFor();
    expect(await page.getByTestId('person-title').innerText()).toContain('王建国');
    const masked = await page.getByTestId('person-id-number').innerText();
    expect(masked).toMatch(/^120\*+\d{3}[\dX]$/);
    // the audited unmask
    await page.getByTestId('person-unmask').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('person-id-number').innerText()).toBe(PERSONS[0]!.id);
    expect(await page.getByTestId('person-phones').innerText()).toContain('13812345678');
    await shot(page, '06-person-unmasked');
    // a care tag through the API, so the statistics below have one to count
    const personId = new URL(page.url()).pathname.split('/').pop()!;
    const tagged = await page.request.post(`${session.server.url}/api/registry/persons/${personId}/tags`, { data: { tagCode: 'elderly', level: 'normal', reason: '年满60周岁' } });
    expect(tagged.status()).toBe(201);
    await page.getByTestId('tab-residence').click();
    await page.getByTestId('person-residences').waitFor();
    await page.getByTestId('tab-history').click();
    await page.getByTestId('person-history').waitFor();
    await page.getByTestId('tab-household').click();
    await page.getByTestId('person-household').waitFor();
    await expect.poll(() => page.getByTestId('members-list').locator('[data-testid="member-item"]').count()).toBe(3);
    await shot(page, '07-person-household');

    // ── the household and its printable card (一户一卡) ──
    await page.getByTestId('person-household').getByRole('link', { name: new RegExp(HOUSEHOLD_NO) }).click();
    await page.getByTestId('household-detail').waitFor();
    const cardHref = await page.getByTestId('household-card-link').getAttribute('href');
    expect(cardHref).toMatch(/\/card\.html$/);
    const card = await ctx.newPage();
    await card.goto(`${session.server.url}${cardHref}`);
    const cardText = await card.locator('body').innerText();
    for (const p of PERSONS) expect(cardText).toContain(p.name);
    expect(cardText).not.toContain('错号码');
    expect(cardText).not.toMatch(/\d{17}[\dX]/);
    await card.screenshot({ path: path.join(ARTIFACTS, 'registry-08-household-card.png'), fullPage: true });
    await card.close();

    // ── building → units → rooms, coloured by status ──
    await page.getByTestId('registry-tab-buildings').click();
    await page.getByTestId('building-link').filter({ hasText: '99号楼' }).click();
    await page.getByTestId('room-grid').waitFor();
    await expect.poll(() => page.getByTestId('unit-block').count()).toBe(2);
    await expect.poll(() => page.getByTestId('room-cell').count()).toBe(12);
    for (const s of ['self_occupied', 'rented', 'vacant', 'business']) {
      await expect.poll(() => page.locator(`[data-testid="room-cell"][data-status="${s}"]`).count()).toBe(3);
    }
    await page.getByTestId('room-legend').waitFor();
    await shot(page, '09-building');
    await page.locator('[data-testid="room-cell"]').filter({ hasText: '101' }).first().click();
    await page.getByTestId('room-info').waitFor();
    await expect.poll(() => page.getByTestId('room-info').innerText()).toContain('王建国');
    await shot(page, '10-room-drawer');
    await page.keyboard.press('Escape');

    // ── entities and the rental ledger (imported through the API; the lists show them) ──
    const entities = await page.request.post(`${session.server.url}/api/registry/import/entities?wait=true&fileName=entities.xlsx`, {
      headers: { 'content-type': XLSX },
      data: await xlsx(['统一社会信用代码', '单位名称', '单位类型', '法定代表人', '联系电话', '从业人数', '重点单位', '地址', '网格编码'], [
        ['', '天津市静湖便民超市', '个体工商户', '赵六', '13900001111', 3, '否', `${BUILDING}2单元102室`, GRID_CODE],
        ['', '静湖花园幼儿园', '事业单位', '钱七', '022-29001234', 25, '是', '天津市武清区下朱庄街道静湖花园社区内', GRID_CODE],
      ]),
    });
    expect(await entities.json()).toMatchObject({ status: 'done', inserted: 2 });
    const rentals = await page.request.post(`${session.server.url}/api/registry/import/rentals?wait=true&fileName=rentals.xlsx`, {
      headers: { 'content-type': XLSX },
      data: await xlsx(['出租房屋地址', '房东公民身份号码', '房东姓名', '房东电话', '合同起始日期', '合同截止日期'], [
        [`${BUILDING}1单元102室`, PERSONS[0]!.id, PERSONS[0]!.name, PERSONS[0]!.phone, '2026-01-01', '2026-12-31'],
      ]),
    });
    expect(await rentals.json()).toMatchObject({ status: 'done', inserted: 1 });
    await page.getByTestId('registry-tab-entities').click();
    await page.getByTestId('entities-table').getByText('静湖花园幼儿园').waitFor();
    await shot(page, '11-entities');
    await page.getByTestId('registry-tab-rentals').click();
    await page.getByTestId('rentals-table').getByText(PERSONS[0]!.name).waitFor();
    expect(await page.getByTestId('rentals-table').innerText()).toContain('138****5678');
    await shot(page, '12-rentals');

    // ── statistics (ECharts) for the street ──
    await page.getByTestId('nav-registry/stats').click();
    await page.getByTestId('kpi-persons').waitFor();
    await expect.poll(() => page.getByTestId('kpi-persons').innerText()).toContain('3');
    await page.getByTestId('chart-pyramid').locator('canvas').waitFor();
    await page.getByTestId('chart-by-type').locator('canvas').waitFor();
    await page.waitForTimeout(600); // chart animation
    await shot(page, '13-stats', true);

    // English
    await page.evaluate(() => localStorage.setItem('rz.lang', 'en'));
    await page.goto(`${session.server.url}/registry/persons`);
    await page.getByTestId('persons-table').locator('[data-testid="person-link"]').first().waitFor();
    expect(await page.getByTestId('registry-tabs').innerText()).toContain('Persons');
    await shot(page, '14-persons-en');
    await page.evaluate(() => localStorage.removeItem('rz.lang'));

    expect(pageErrors).toEqual([]);
    await ctx.close();
  }, 240_000);

  test('grid worker on a phone: find the household, see its members, add a tag', async () => {
    const ctx = await session.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await newPage(ctx);
    await login(page, 'wgy');
    await page.getByTestId('drawer-toggle').click();
    await page.getByTestId('nav-drawer').getByTestId('nav-registry/persons').click();
    await page.getByTestId('registry-shell').waitFor();

    await page.waitForTimeout(500); // drawer animation: closing it hands focus back to the menu button
    // find the household by its head's name
    await page.getByTestId('registry-search').locator('input').click();
    await page.getByTestId('registry-search').locator('input').fill('王建国');
    await page.locator('[data-testid="search-hit"]').first().waitFor();
    await shot(page, '20-phone-search');
    // the hit leads to the person, whose household tab leads to the household
    await page.locator('[data-testid="search-hit"][data-kind="person"]').filter({ hasText: '王建国' }).click();
    await page.getByTestId('person-detail').waitFor();
    await page.getByTestId('tab-household').click();
    await page.getByTestId('person-household').waitFor();
    await shot(page, '21-phone-person-household');
    // the same household is also in the households list
    await page.getByTestId('registry-tab-households').click();
    await page.getByTestId('households-list').locator('[data-testid="household-item"]').first().waitFor();
    await shot(page, '22-phone-households');
    await page.getByTestId('household-item').filter({ hasText: '王建国' }).click();
    await page.getByTestId('household-detail').waitFor();
    // the members arrive after the household itself: wait for them rather than count at once
    await expect.poll(() => page.getByTestId('member-item').count()).toBe(3);
    await shot(page, '23-phone-household');

    // add a tag to the head of household
    await page.getByTestId('member-item').filter({ hasText: '王建国' }).getByTestId('member-add-tag').click();
    await page.getByTestId('tag-type-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^独居老人$/ }).click();
    await page.getByTestId('tag-level').getByText('关注').click();
    await page.getByTestId('tag-reason').fill('子女在外地，每周走访');
    await shot(page, '24-phone-add-tag');
    await page.getByTestId('tag-save').click();
    await page.locator('.ant-message-success').waitFor();

    // the tag shows on the person's page
    await page.getByTestId('member-item').filter({ hasText: '王建国' }).getByRole('link', { name: '王建国' }).click();
    await page.getByTestId('person-detail').waitFor();
    await page.getByTestId('tab-tags').click();
    await page.locator('[data-testid="tag-item"][data-tag="elderly_alone"]').waitFor();
    expect(await page.getByTestId('person-unmask').count()).toBe(0); // a grid worker may not unmask
    await shot(page, '25-phone-person-tags');

    // no horizontal overflow at 390px
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // the worker's own grid in numbers
    await page.goto(`${session.server.url}/registry/stats`);
    await page.getByTestId('kpi-persons').waitFor();
    await expect.poll(() => page.getByTestId('kpi-persons').innerText()).toContain('3');
    await page.getByTestId('chart-tags').locator('canvas').waitFor();
    await page.waitForTimeout(600);
    await shot(page, '26-phone-stats', true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    expect(pageErrors).toEqual([]);
    await ctx.close();
  }, 240_000);
});
