import { afterEach, expect, test } from 'vitest';
import type { APIRequestContext, Locator, Page } from 'playwright-core';
import { browserSession, describeInChromium, modalOpened, OPTION, PASSWORD, PNG } from './browser.js';

/**
 * The case detail page's less common actions in a real Chromium against the real server
 * (fresh database, demo street 下朱庄街道), each through the real ActionDialog:
 * 转办 transfer, 申请延期 → 批准 / 驳回, 上报上级 escalate, 退单 return, 合并 merge of a duplicate.
 * Two people work side by side: the community secretary (sq_admin, dispatcher) and the grid
 * worker (wgy, handler of 静湖花园社区 第一网格) — both in the desktop console. After each action
 * the test checks the state, the timeline entry and which buttons are (not) offered now.
 * Cases are registered through the API (the registration form has its own test in cases.e2e).
 * Screenshots: e2e/artifacts/actions-*.png.
 */

const COMMUNITY_CODE = '120114002001'; // 静湖花园社区
const STAMP = Date.now() % 100000;

const d = describeInChromium('e2e/cases-actions.e2e.test.ts');

d('cases: transfer, delay, escalate, return and merge through the dialogs', () => {
  const session = browserSession({ pageTimeoutMs: 20_000, shotPrefix: 'actions', picturesOnFailure: true });
  const { newPage, pageErrors, shot } = session;

  afterEach(() => {
    pageErrors.length = 0; // each test answers for its own pages
  });

  const desktop = () => session.browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const settle = (page: Page) => page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});

  async function staffLogin(page: Page, account: string, next = '/') {
    await session.submitLogin(page, account, next);
    await page.waitForURL((u) => u.pathname !== '/login');
  }

  /** Registers a case as staff through the API (the logged-in page's cookies). */
  async function register(api: APIRequestContext, body: Record<string, unknown>): Promise<{ id: string; number: string }> {
    const r = await api.post(`${session.server.url}/api/cases`, { data: { channel: 'hotline', ...body }, headers: { 'idempotency-key': `e2e-${Math.random()}` } });
    expect(r.status(), await r.text()).toBe(201);
    const c = (await r.json()).case;
    return { id: c.id, number: c.number };
  }

  const detail = (page: Page, state?: string) => page.locator(`[data-testid="case-detail"]${state ? `[data-state="${state}"]` : ''}`);
  async function open(page: Page, id: string, state: string) {
    await page.goto(`${session.server.url}/cases/${id}`);
    await detail(page, state).waitFor();
  }
  /** The buttons offered now, by action. */
  async function offered(page: Page): Promise<string[]> {
    await page.getByTestId('case-actions').waitFor();
    const ids = await page.getByTestId('case-actions').locator('[data-testid^="act-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(4)));
    return ids.sort();
  }
  /** The newest timeline entry of `action`. */
  const lastEntry = (page: Page, action: string): Locator =>
    page.getByTestId('case-timeline').locator(`[data-testid="timeline-entry"][data-action="${action}"]`).last();

  async function openDialog(page: Page, action: string): Promise<Locator> {
    await page.getByTestId(`act-${action}`).click();
    const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId(`action-form-${action}`) });
    await modalOpened(dialog);
    return dialog;
  }
  async function submit(page: Page, dialog: Locator) {
    await dialog.getByTestId('action-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await settle(page);
  }
  async function act(page: Page, action: string, note?: string) {
    const dialog = await openDialog(page, action);
    if (note) await dialog.getByTestId('action-note').fill(note);
    await submit(page, dialog);
  }
  /** Picks an org in the dialog's org picker by typing part of its name. */
  async function pickTarget(page: Page, dialog: Locator, name: string) {
    await dialog.getByTestId('action-target').click();
    await page.keyboard.type(name);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-title').filter({ hasText: new RegExp(`^${name}$`) }).first().click();
  }

  test('transfer, delay approved and refused, escalate, return, merge', async () => {
    const aCtx = await desktop();
    const admin = await newPage(aCtx);
    await staffLogin(admin, 'sq_admin', '/cases/inbox');
    const tree = await (await admin.request.get(`${session.server.url}/api/orgs/tree`)).json() as { items: Array<{ id: string; kind: string; name: string; code: string; parentId: string | null }> };
    const community = tree.items.find((o) => o.code === COMMUNITY_CODE)!;
    const grid = (name: string) => tree.items.find((o) => o.kind === 'grid' && o.parentId === community.id && o.name === name)!;
    const g1 = grid('第一网格');
    const g2 = grid('第二网格');
    expect(g1 && g2).toBeTruthy();

    const wCtx = await desktop();
    const worker = await newPage(wCtx);
    await staffLogin(worker, 'wgy', '/cases/inbox');

    // ── 转办: accepted and dispatched to 第一网格, then transferred to 第二网格 with a reason ──
    const T = await register(admin.request, { category: 'property', title: `楼顶漏水${STAMP}`, description: '8号楼顶层楼顶漏水。', location: { gridId: g1.id, address: '8号楼' } });
    await open(admin, T.id, 'reported');
    await act(admin, 'accept');
    await detail(admin, 'accepted').waitFor();
    const dispatch = await openDialog(admin, 'dispatch');
    await dispatch.getByTestId('action-quick-target').filter({ hasText: '第一网格' }).click();
    await submit(admin, dispatch);
    await detail(admin, 'dispatched').waitFor();
    expect(await offered(admin)).toContain('transfer');
    const transfer = await openDialog(admin, 'transfer');
    await pickTarget(admin, transfer, '第二网格');
    // the reason is required: refused in the form before anything is sent
    await transfer.getByTestId('action-submit').click();
    await transfer.locator('.ant-form-item-explain-error').first().waitFor();
    await transfer.getByTestId('action-note').fill('漏水点位于第二网格8号楼，应由第二网格办理。');
    await shot(admin, '01-transfer-dialog');
    await submit(admin, transfer);
    await detail(admin, 'dispatched').waitFor();
    await expect.poll(() => admin.getByTestId('case-handler').innerText()).toContain('第二网格');
    const tEntry = lastEntry(admin, 'transfer');
    expect(await tEntry.innerText()).toContain('第二网格');
    expect(await tEntry.innerText()).toContain('应由第二网格办理');
    expect(await tEntry.getAttribute('data-to-state')).toBe('dispatched');
    expect(await admin.getByTestId('case-counts').innerText()).toMatch(/转办\s*1/);
    await shot(admin, '02-transferred', true);

    // ── 申请延期 by the grid worker → 批准; again → 驳回 ──
    const D = await register(admin.request, { category: 'public_facilities', title: `路面塌陷${STAMP}`, description: '小区主路一处路面塌陷，需要专业单位修复。', location: { gridId: g1.id, address: '主路' } });
    await open(admin, D.id, 'reported');
    await act(admin, 'accept');
    await detail(admin, 'accepted').waitFor();
    const dispatchD = await openDialog(admin, 'dispatch');
    await dispatchD.getByTestId('action-quick-target').filter({ hasText: '第一网格' }).click();
    await submit(admin, dispatchD);
    await detail(admin, 'dispatched').waitFor();

    await open(worker, D.id, 'dispatched');
    expect(await offered(worker)).not.toContain('transfer'); // a grid worker does not dispatch
    await act(worker, 'sign');
    await detail(worker, 'signed').waitFor();
    await act(worker, 'start');
    await detail(worker, 'in_progress').waitFor();
    const dueBefore = await worker.getByTestId('case-handle-due').innerText();
    const delay = await openDialog(worker, 'request_delay');
    await delay.getByTestId('action-days').fill('3');
    await delay.getByTestId('action-note').fill('需等待市政施工队排期，预计3个工作日。');
    await shot(worker, '03-delay-dialog');
    await submit(worker, delay);
    await detail(worker, 'delay_requested').waitFor();
    // the request waits for the dispatcher: the worker can neither decide it nor ask again
    const wNow = await offered(worker);
    expect(wNow).not.toContain('approve_delay');
    expect(wNow).not.toContain('request_delay');
    expect(wNow).not.toContain('handle');
    expect(await lastEntry(worker, 'request_delay').innerText()).toContain('3');

    await open(admin, D.id, 'delay_requested');
    expect(await offered(admin)).toEqual(expect.arrayContaining(['approve_delay', 'refuse_delay']));
    expect(await admin.getByTestId('case-delay-request').innerText()).toContain('3');
    await shot(admin, '04-delay-requested');
    await act(admin, 'approve_delay', '同意延期。');
    await detail(admin, 'in_progress').waitFor();
    expect(await lastEntry(admin, 'approve_delay').getAttribute('data-to-state')).toBe('in_progress');
    expect(await admin.getByTestId('case-counts').innerText()).toMatch(/延期\s*1/);
    const dueAfter = await admin.getByTestId('case-handle-due').innerText();
    expect(dueAfter).not.toBe(dueBefore); // pushed later by the approved days
    expect(await offered(admin)).not.toContain('approve_delay');

    await open(worker, D.id, 'in_progress');
    const delay2 = await openDialog(worker, 'request_delay');
    await delay2.getByTestId('action-days').fill('5');
    await delay2.getByTestId('action-note').fill('施工队仍未到位，再申请5个工作日。');
    await submit(worker, delay2);
    await detail(worker, 'delay_requested').waitFor();

    await open(admin, D.id, 'delay_requested');
    const refuse = await openDialog(admin, 'refuse_delay');
    await refuse.getByTestId('action-submit').click(); // a refusal needs its reason
    await refuse.locator('.ant-form-item-explain-error').first().waitFor();
    await refuse.getByTestId('action-note').fill('已协调应急维修队，请按原时限办结。');
    await submit(admin, refuse);
    await detail(admin, 'in_progress').waitFor();
    expect(await lastEntry(admin, 'refuse_delay').innerText()).toContain('应急维修队');
    expect(await admin.getByTestId('case-counts').innerText()).toMatch(/延期\s*1/); // a refused request does not count
    expect(await admin.getByTestId('case-handle-due').innerText()).toBe(dueAfter);

    // ── 上报上级: the grid worker escalates; the community now handles it ──
    await open(worker, D.id, 'in_progress');
    const esc = await openDialog(worker, 'escalate');
    await expect.poll(() => esc.getByTestId('action-escalate-target').innerText()).toContain('静湖花园社区'); // says where it goes
    await esc.getByTestId('action-note').fill('塌陷范围扩大，超出网格处置能力，请社区协调。');
    await shot(worker, '05-escalate-dialog');
    await submit(worker, esc);
    await detail(worker, 'escalated').waitFor();
    expect(await lastEntry(worker, 'escalate').innerText()).toContain('静湖花园社区');
    // no longer the grid's case to handle (recording a contact with the reporter stays open to anyone who sees it)
    for (const a of ['sign', 'handle', 'escalate', 'request_delay', 'return']) expect(await offered(worker)).not.toContain(a);
    await open(admin, D.id, 'escalated');
    await expect.poll(() => admin.getByTestId('case-handler').innerText()).toContain('静湖花园社区');
    expect(await offered(admin)).toEqual(expect.arrayContaining(['sign', 'return']));
    await act(admin, 'sign');
    await detail(admin, 'signed').waitFor();
    await shot(admin, '06-escalated-signed', true);

    // ── 退单: the grid worker sends a case back with a reason; the community re-dispatches ──
    const R = await register(admin.request, { category: 'civil_assistance', title: `低保咨询${STAMP}`, description: '居民来电咨询低保申请材料。', location: { gridId: g1.id } });
    await open(admin, R.id, 'reported');
    await act(admin, 'accept');
    const dispatchR = await openDialog(admin, 'dispatch');
    await dispatchR.getByTestId('action-quick-target').filter({ hasText: '第一网格' }).click();
    await submit(admin, dispatchR);
    await detail(admin, 'dispatched').waitFor();
    await open(worker, R.id, 'dispatched');
    const ret = await openDialog(worker, 'return');
    await ret.getByTestId('action-submit').click();
    await ret.locator('.ant-form-item-explain-error').first().waitFor();
    await ret.getByTestId('action-note').fill('低保业务由社区民政专干办理，不属于网格职责。');
    await submit(worker, ret);
    await detail(worker, 'returned').waitFor();
    expect(await lastEntry(worker, 'return').innerText()).toContain('民政专干');
    for (const a of ['sign', 'return', 'handle', 'dispatch']) expect(await offered(worker)).not.toContain(a);
    await open(admin, R.id, 'returned');
    expect(await offered(admin)).toEqual(expect.arrayContaining(['dispatch', 'transfer']));
    expect(await offered(admin)).not.toContain('sign');
    expect(await admin.getByTestId('case-counts').innerText()).toMatch(/退单\s*1/);
    await shot(admin, '07-returned', true);

    // ── 合并: two reports of the same problem at the same place ──
    const M1 = await register(admin.request, { category: 'environment', title: `垃圾桶满溢${STAMP}`, description: '6号楼垃圾桶满溢，异味大。', location: { gridId: g1.id, address: '6号楼' } });
    const M2 = await register(admin.request, { category: 'environment', title: `垃圾没人清${STAMP}`, description: '6号楼门口垃圾两天没人清。', location: { gridId: g1.id, address: '6号楼门口' } });
    await open(admin, M2.id, 'reported');
    const dups = admin.getByTestId('case-duplicates');
    await dups.locator(`text=${M1.number}`).waitFor(); // suggested: same grid, same category, within the window
    expect(await offered(admin)).toContain('merge');
    const merge = await openDialog(admin, 'merge');
    await merge.getByTestId('action-master').click();
    await admin.locator(OPTION).filter({ hasText: M1.number }).click();
    await admin.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'detached' }).catch(() => {});
    await merge.getByTestId('action-note').fill('与先前的垃圾桶满溢诉求为同一问题。');
    await shot(admin, '08-merge-dialog');
    await submit(admin, merge);
    await detail(admin, 'merged').waitFor();
    expect(await offered(admin)).toEqual([]); // a merged case follows its master: nothing to do here
    expect(await admin.getByTestId('case-actions').innerText()).toContain('当前没有您可以办理的操作');
    expect(await lastEntry(admin, 'merge').innerText()).toContain('同一问题');
    await admin.getByTestId('case-merged-into').click();
    await admin.waitForURL((u) => u.pathname === `/cases/${M1.id}`);
    await detail(admin, 'reported').waitFor();
    expect(await lastEntry(admin, 'merge_in').innerText()).toContain(M2.number);
    await admin.getByTestId('case-followers').locator(`text=${M2.number}`).waitFor();
    // the master itself offers no merge any more (its only duplicate is merged into it)
    expect(await offered(admin)).not.toContain('merge');
    await shot(admin, '09-merge-master', true);

    await Promise.all([aCtx.close(), wCtx.close()]);
    expect(pageErrors).toEqual([]);
  }, 300_000);

  test('notifications: the bell, filtering by kind, opening the case marks it read', async () => {
    // the grid worker has messages from the cases dispatched to 第一网格 above (and registers one more to be sure)
    const ctx = await desktop();
    const page = await newPage(ctx);
    await staffLogin(page, 'sq_admin', '/cases/inbox');
    const tree = await (await page.request.get(`${session.server.url}/api/orgs/tree`)).json() as { items: Array<{ id: string; kind: string; name: string; code: string; parentId: string | null }> };
    const community = tree.items.find((o) => o.code === COMMUNITY_CODE)!;
    const g1 = tree.items.find((o) => o.kind === 'grid' && o.parentId === community.id && o.name === '第一网格')!;
    const N = await register(page.request, { category: 'other', title: `井盖松动${STAMP}`, description: '9号楼前井盖松动。', location: { gridId: g1.id } });
    const N2 = await register(page.request, { category: 'other', title: `树枝折断${STAMP}`, description: '10号楼旁树枝折断。', location: { gridId: g1.id } });
    for (const c of [N, N2]) {
      const r = await page.request.post(`${session.server.url}/api/cases/${c.id}/actions`, { data: { action: 'accept', targetOrgId: g1.id } });
      expect(r.status(), await r.text()).toBe(200);
    }
    await ctx.clearCookies();

    await staffLogin(page, 'wgy', '/cases/inbox');
    const bell = page.getByTestId('notification-bell');
    await expect.poll(async () => Number(await bell.getAttribute('data-unread'))).toBeGreaterThan(0);
    const unreadBefore = Number(await bell.getAttribute('data-unread'));
    // the same count on the 消息通知 menu entry (the shell's badge, fed by the cases module)
    const navBadge = page.getByTestId('nav-badge-cases/notifications');
    await expect.poll(async () => Number(await navBadge.getAttribute('data-count'))).toBe(unreadBefore);
    expect(await navBadge.locator('.ant-badge-count').isVisible()).toBe(true);
    await shot(page, '10-inbox-bell');
    await bell.click();
    await page.getByTestId('cases-notifications').waitFor();
    const items = page.getByTestId('notify-item');
    await items.first().waitFor();
    // 待办 only: every message shown is a to-do
    await page.getByTestId('notify-kind-todo').click();
    await expect.poll(() => page.url()).toContain('kind=todo');
    await expect.poll(async () => (await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).every((k) => k === 'todo')).toBe(true);
    // 督办: nothing was supervised
    await page.getByTestId('notify-kind-supervision').click();
    await page.locator('[data-testid="notify-list"] .ant-empty').waitFor();
    await page.getByTestId('notify-kind-all').click();
    const mine = page.locator(`[data-testid="notify-item"][data-case-id="${N.id}"][data-read="0"]`);
    await mine.waitFor();
    expect(await mine.innerText()).toContain(N.number);
    await expect.poll(() => page.getByTestId('notify-read-all').isEnabled()).toBe(true);
    await page.waitForTimeout(400); // the picture only: antd's colour transition of the button just enabled
    await shot(page, '11-notifications');
    await mine.getByTestId('notify-link').click();
    await page.waitForURL((u) => u.pathname === `/cases/${N.id}`);
    await detail(page, 'dispatched').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('notification-bell').getAttribute('data-unread'))).toBe(unreadBefore - 1);
    await expect.poll(async () => Number(await navBadge.getAttribute('data-count'))).toBe(unreadBefore - 1);
    await page.goBack();
    await page.locator(`[data-testid="notify-item"][data-case-id="${N.id}"][data-read="1"]`).waitFor();
    await page.getByTestId('notify-read-all').click();
    await expect.poll(() => page.locator('[data-testid="notify-item"][data-read="0"]').count()).toBe(0);
    await page.getByTestId('notify-unread-only').click();
    await page.locator('[data-testid="notify-list"] .ant-empty').waitFor();
    // nothing unread: the menu shows no badge
    await navBadge.waitFor({ state: 'detached' });
    await page.getByTestId('nav-cases/inbox').click();
    await expect.poll(async () => Number(await page.getByTestId('notification-bell').getAttribute('data-unread'))).toBe(0);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  test('configuration: category tree with a child and its SLA; Open311 keys issued once and revoked', async () => {
    const ctx = await desktop();
    const page = await newPage(ctx);
    await staffLogin(page, 'admin', '/cases/config');
    const row = (code: string) => page.locator(`[data-testid="category-row"][data-code="${code}"]`);
    await row('environment').waitFor();
    const envId = await row('environment').getAttribute('data-row-key');
    // a child of 市容环境: starts with the parent's deadlines; the handling limit is made shorter
    await row('environment').getByTestId('category-add-child').click();
    const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('category-form') });
    await modalOpened(modal);
    expect(await modal.locator('.ant-modal-title').innerText()).toContain('市容环境');
    expect(await modal.getByTestId('category-handle-limit').inputValue()).toBe('5');
    await modal.getByTestId('category-code').fill('environment.lamp');
    await modal.getByTestId('category-name-zh').fill('路灯照明');
    await modal.getByTestId('category-name-en').fill('Street lighting');
    await modal.getByTestId('category-handle-limit').fill('3');
    await modal.getByTestId('category-handle-red').fill('6');
    await modal.locator('.ant-btn-primary').click();
    await modal.waitFor({ state: 'detached' });
    await row('environment.lamp').waitFor();
    expect(await row('environment.lamp').getAttribute('data-parent')).toBe(envId);
    expect(await row('environment.lamp').getByTestId('category-handle').innerText()).toBe('3 / 6 工作日');
    expect(await row('environment').getByTestId('category-handle').innerText()).toBe('5 / 10 工作日');
    // edit the child's SLA in the tree
    await row('environment.lamp').getByTestId('category-edit').click();
    await modalOpened(modal);
    await modal.getByTestId('category-handle-limit').fill('2');
    await modal.getByTestId('category-handle-red').fill('4');
    await modal.locator('.ant-btn-primary').click();
    await modal.waitFor({ state: 'detached' });
    await expect.poll(() => row('environment.lamp').getByTestId('category-handle').innerText()).toBe('2 / 4 工作日');
    await settle(page);
    await shot(page, '12-category-tree');

    // Open311 keys: issue → the key is shown once → listed by prefix only → revoke
    await page.getByTestId('nav-cases/open311-keys').click();
    await page.getByTestId('open311-keys').waitFor();
    await page.getByTestId('key-create').click();
    const form = page.locator('.ant-modal').filter({ has: page.getByTestId('key-form') });
    await modalOpened(form);
    await form.getByTestId('key-client').fill('12345 市民热线');
    await form.getByTestId('key-contact').fill('热线中心 022-12345');
    await form.getByTestId('key-issue-submit').click();
    const secret = page.getByTestId('key-secret');
    await secret.waitFor();
    await form.waitFor({ state: 'detached' }); // the form's modal has faded out
    await page.waitForTimeout(400); // the picture only: the secret's dialog fading in
    const key = (await secret.innerText()).trim();
    expect(key).toMatch(/^rz311_[A-Za-z0-9_-]{20,}$/);
    await shot(page, '13-key-issued');
    await page.getByTestId('key-secret-done').click();
    await secret.waitFor({ state: 'detached' });
    const keyRow = page.locator('[data-testid="key-row"][data-client="12345 市民热线"]');
    await keyRow.waitFor();
    expect(await keyRow.getAttribute('data-active')).toBe('1');
    expect(await keyRow.innerText()).toContain(key.slice(0, 12));
    expect(await page.getByTestId('open311-keys').innerText()).not.toContain(key); // never shown again
    // the key works for Open311 until revoked
    const services = async () => (await page.request.post(`${session.server.url}/open311/v2/requests.json`, {
      data: { api_key: key, service_code: 'property', address_string: '静湖花园3号楼', description: '开放接口测试：楼道灯不亮' },
    })).status();
    expect(await services()).toBe(201);
    await settle(page);
    await shot(page, '14-keys');
    await keyRow.getByTestId('key-revoke').click();
    await page.getByTestId('key-revoke-confirm').click();
    await expect.poll(() => keyRow.getAttribute('data-active')).toBe('0');
    expect(await services()).toBe(403);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);

  test('portal in English at 390 px: category names, and the photos of my own case', async () => {
    const ctx = await session.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await ctx.addInitScript(() => localStorage.setItem('rz.lang', 'en'));
    const page = await newPage(ctx);
    await page.goto(`${session.server.url}/portal/login`);
    await page.getByTestId('portal-mobile').fill('13800000001');
    await page.getByTestId('portal-password').fill(PASSWORD);
    await page.getByTestId('portal-login-submit').click();
    await page.getByTestId('portal-report-link').waitFor();
    // the report form's categories in English
    await page.getByTestId('portal-report-link').click();
    expect(await page.getByTestId('portal-category-environment').innerText()).toContain('City appearance');
    await shot(page, '15-portal-report-en', true);
    // a report with a photo (through the API), then its page
    const r = await page.request.post(`${session.server.url}/api/portal/cases`, {
      data: { category: 'public_facilities', description: 'The bench by building 5 is broken.', location: { communityCode: COMMUNITY_CODE, address: 'Building 5' }, photos: [{ dataBase64: PNG.toString('base64') }] },
      headers: { 'idempotency-key': `e2e-portal-${STAMP}` },
    });
    expect(r.status(), await r.text()).toBe(201);
    const { id, number } = await r.json();
    await page.goto(`${session.server.url}/portal`);
    const card = page.locator(`[data-testid="portal-case"][data-number="${number}"]`);
    await card.waitFor();
    expect(await card.innerText()).toContain('Public facilities');
    await card.click();
    await page.getByTestId('portal-case-view').waitFor();
    expect(await page.getByTestId('portal-case-category').innerText()).toContain('Public facilities');
    const img = page.locator('[data-testid="portal-case-photos"] img').first();
    await img.waitFor();
    await expect.poll(() => img.evaluate((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(new URL(page.url()).pathname).toBe(`/portal/cases/${id}`);
    await shot(page, '16-portal-case-photos-en', true);
    // the public page of the community, in English: the case reported with only the community is on it (the newest)
    await page.goto(`${session.server.url}/public/communities/${COMMUNITY_CODE}/cases`);
    await page.getByTestId('public-cases').waitFor();
    await page.getByTestId('public-case-category').first().waitFor();
    expect(await page.getByTestId('public-case-row').first().innerText()).toContain(number);
    expect(await page.getByTestId('public-case-category').first().innerText()).toBe('Public facilities');
    const names = await page.getByTestId('public-case-category').allInnerTexts();
    expect(names.some((n) => /[A-Za-z]/.test(n))).toBe(true);
    expect(names.every((n) => !/[\u4e00-\u9fff]/.test(n))).toBe(true);
    await shot(page, '17-public-en', true);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
