import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../testing/app.js';

let t: TestApp;
let resident: string;
// a 1×1 PNG
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

beforeAll(async () => {
  t = await startTestApp();
  resident = await t.login('resident1');
});
afterAll(() => t?.close());

const inject = (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.server.app.inject({ method, url, payload: payload as object, headers });

describe("residents' portal (logged in)", () => {
  let caseId: string;

  it('lists the categories a resident can report, without login', async () => {
    const res = await inject('GET', '/api/portal/categories?communityCode=120114002001');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((c: { code: string }) => c.code)).toContain('property');
  });

  it('submits a case with a photo; the reporter is the logged-in resident', async () => {
    const res = await inject('POST', '/api/portal/cases', {
      category: 'property', description: '3号楼电梯停运两天', location: { gridCode: t.fixture.orgs.g1a.code, address: '3号楼' }, photos: [{ dataBase64: PNG }],
    }, { cookie: resident });
    expect(res.statusCode).toBe(201);
    caseId = res.json().id;
    const c = await t.owner.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ channel: 'portal', grid_id: t.fixture.orgs.g1a.id, reporter_phone: '13800000009', title: '3号楼电梯停运两天' });
    expect(c.reporter_user_id).toBeTruthy();
    const photos = await t.owner.db.selectFrom('case_attachments').select(['mime', 'case_id']).where('case_id', '=', caseId).execute();
    expect(photos).toEqual([{ mime: 'image/png', case_id: caseId }]);
  });

  it('refuses a file that is not an image', async () => {
    const res = await inject('POST', '/api/portal/cases', {
      category: 'property', description: '附件测试', location: { gridCode: t.fixture.orgs.g1a.code }, photos: [{ dataBase64: Buffer.from('<script>').toString('base64') }],
    }, { cookie: resident });
    expect(res.statusCode).toBe(415);
  });

  it('lists my cases and shows the status timeline without internal events', async () => {
    const list = await inject('GET', '/api/portal/cases', undefined, { cookie: resident });
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(caseId);
    // a staff-internal event (e.g. 督办) must not reach the resident
    const tenant = '120114002';
    await t.owner.db.insertInto('case_events').values({
      tenant_code: tenant, id: crypto.randomUUID(), case_id: caseId, action: 'supervise', actor_name: '测试督办人', actor_kind: 'staff',
      note: '内部督办意见', public: false, from_state: null, to_state: null, actor_id: null, org_id: null, data: '{}',
    }).execute();
    const detail = await inject('GET', `/api/portal/cases/${caseId}`, undefined, { cookie: resident });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().timeline[0]).toMatchObject({ action: 'report', by: '本人' });
    expect(detail.body).not.toContain('内部督办意见');
    expect(detail.body).not.toContain('测试督办人');
  });

  it('only the reporter sees a case on the portal', async () => {
    const other = await t.login('role_resident');
    expect((await inject('GET', `/api/portal/cases/${caseId}`, undefined, { cookie: other })).statusCode).toBe(404);
    expect((await inject('GET', '/api/portal/cases', undefined, { cookie: other })).json().items).toEqual([]);
  });

  it('rates a closed case (回访) through the case core, once', async () => {
    const early = await inject('POST', `/api/portal/cases/${caseId}/rating`, { satisfaction: 'satisfied', resolved: true }, { cookie: resident });
    expect(early.statusCode).toBe(409);
    await t.owner.db.updateTable('cases').set({ state: 'closed', closed_at: new Date(), handled_at: new Date() }).where('id', '=', caseId).execute();
    const res = await inject('POST', `/api/portal/cases/${caseId}/rating`, { satisfaction: 'basically_satisfied', resolved: true, comment: '修好了' }, { cookie: resident });
    expect(res.statusCode).toBe(200);
    expect(res.json().case.callback).toMatchObject({ satisfaction: 'basically_satisfied', resolved: true });
    const c = await t.owner.db.selectFrom('cases').select(['satisfaction', 'resolved', 'callback_at']).where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(c.satisfaction).toBe('basically_satisfied');
    expect(c.callback_at).not.toBeNull();
    const again = await inject('POST', `/api/portal/cases/${caseId}/rating`, { satisfaction: 'unsatisfied', resolved: false }, { cookie: resident });
    expect(again.statusCode).toBe(409);
  });

  it('needs a resident login with case.report', async () => {
    expect((await inject('GET', '/api/portal/cases')).statusCode).toBe(401);
    const gw = await t.login('gw1');
    expect((await inject('GET', '/api/portal/cases', undefined, { cookie: gw })).statusCode).toBe(403);
  });
});

describe('anonymous report (phone number, no account)', () => {
  const body = { category: 'environment', description: '垃圾桶满溢无人清理', phone: '13700001111', name: '李四', location: { communityCode: '120114002002', address: '北门' } };
  let number: string;
  let code: string;

  it('creates a case and shows a confirmation code once; the same Idempotency-Key replays it', async () => {
    const a = await inject('POST', '/api/portal/anonymous/cases', body, { 'idempotency-key': 'anon-1' });
    expect(a.statusCode).toBe(201);
    ({ number, lookupCode: code } = a.json());
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const b = await inject('POST', '/api/portal/anonymous/cases', body, { 'idempotency-key': 'anon-1' });
    expect(b.statusCode).toBe(201);
    expect(b.json().number).toBe(number);
    const rows = await t.owner.db.selectFrom('cases').select(['reporter_phone', 'reporter_user_id', 'address', 'path']).where('description', '=', body.description).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reporter_phone: '13700001111', reporter_user_id: null, address: '越秀园社区 北门' });
    const stored = await t.owner.db.selectFrom('case_lookup_codes').select('code_hash').execute();
    expect(JSON.stringify(stored)).not.toContain(code);
    const other = await inject('POST', '/api/portal/anonymous/cases', { ...body, description: '另一件事' }, { 'idempotency-key': 'anon-1' });
    expect(other.statusCode).toBe(422);
  });

  it('looks the case up with number + code, and refuses a wrong code the same way as an unknown case', async () => {
    const ok = await inject('POST', '/api/portal/lookup', { number, code: code.toLowerCase() });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().case).toMatchObject({ number, status: 'open', category: { nameZh: '市容环境' } });
    expect(ok.body).not.toContain('13700001111');
    expect(ok.body).not.toContain('李四');
    const wrong = await inject('POST', '/api/portal/lookup', { number, code: 'AAAAAAAA' });
    const unknown = await inject('POST', '/api/portal/lookup', { number: '120114002-20000101-0001', code: 'AAAAAAAA' });
    expect(wrong.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(wrong.json().title).toBe(unknown.json().title);
  });

  it('validates the phone number in Chinese and English', async () => {
    const res = await inject('POST', '/api/portal/anonymous/cases', { ...body, phone: '12345' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: 'body.phone' });
    expect(res.json().errors[0].message_zh).toBeTruthy();
  });

  it('limits anonymous reports per client address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await inject('POST', '/api/portal/anonymous/cases', { ...body, description: `限流测试 ${i}` })).statusCode);
    // 5 per hour: one was used above, four more pass, then 429
    expect(codes.slice(0, 4)).toEqual([201, 201, 201, 201]);
    expect(codes.slice(4)).toEqual([429, 429]);
  });
});
