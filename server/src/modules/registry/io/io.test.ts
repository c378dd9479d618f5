import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../testing/app.js';
import { makeCitizenId, makeUscc } from '../../../platform/validation/index.js';
import { runAsSystem, runInScope } from '../../../platform/db/scope-context.js';
import { DownloadClosed, exportList, exportQuerySchema } from './export.js';
import { tableCsv, tableXlsx } from './spreadsheet.js';
import { arrayParam } from './import-batch.js';
import { SHEETS } from './templates.js';

let t: TestApp;
let admin: string;
const G1A = '120114002001001';
const G1B = '120114002001002';
const G3A = '120114003001001'; // the neighbouring street: outside admin's scope
const B1 = '天津市武清区下朱庄街道静湖花园社区1号楼';

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(() => t?.close());

const headers = (kind: keyof typeof SHEETS) => SHEETS[kind].columns.map((c) => c.header);
const id = (birth: string, seq: number) => makeCitizenId('120114', birth, seq);
const breakCheck = (v: string) => v.slice(0, 17) + (v[17] === '0' ? '1' : '0');

async function upload(cookie: string, kind: string, body: Buffer | string, opts: { format?: string; orgId?: string; preview?: boolean; wait?: boolean } = {}) {
  const qs = new URLSearchParams();
  if (opts.orgId) qs.set('orgId', opts.orgId);
  if (opts.wait !== false && !opts.preview) qs.set('wait', 'true');
  const res = await t.server.app.inject({
    method: 'POST', url: `/api/registry/import/${kind}${opts.preview ? '/preview' : ''}?${qs}`,
    headers: { cookie, 'content-type': opts.format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    payload: body,
  });
  return { status: res.statusCode, body: res.json() };
}

const count = async (table: 'reg_persons' | 'reg_rooms' | 'reg_households' | 'reg_residences' | 'reg_changes' | 'reg_buildings' | 'reg_entities' | 'reg_floating' | 'reg_rental_tenants') =>
  Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.owner.db)).rows[0]!.n);

// rows of the persons sheet in template column order
function personRow(v: Partial<Record<string, string>>) {
  return SHEETS.persons.columns.map((c) => v[c.key] ?? '');
}

describe('templates', () => {
  it('serves an .xlsx template with Chinese headers, an example row and drop-down lists', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: '/api/registry/import/templates/persons.xlsx', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('filename*=UTF-8');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('姓名*');
    expect(ws.getRow(2).getCell(1).value).toBe('张三');
    expect(wb.getWorksheet('代码表')).toBeDefined();
  });

  it('serves every template as CSV too', async () => {
    for (const kind of ['persons', 'households', 'rooms', 'rentals', 'entities']) {
      const res = await t.server.app.inject({ method: 'GET', url: `/api/registry/import/templates/${kind}.csv`, headers: { cookie: admin } });
      expect(res.statusCode).toBe(200);
      expect(res.body.charCodeAt(0)).toBe(0xfeff);
    }
  });

  it('is refused without the import permission', async () => {
    const gw = await t.login('gw1');
    const res = await t.server.app.inject({ method: 'GET', url: '/api/registry/import/templates/persons.csv', headers: { cookie: gw } });
    expect(res.statusCode).toBe(403);
  });
});

describe('import', () => {
  it('imports buildings and rooms from CSV, reporting bad rows with row, column and reason', async () => {
    const csv = tableCsv(headers('rooms'), [
      [G1A, B1, '1号楼', '1', '6', '住宅', '1', '1', '101', '89.5', '住宅', '私有', '自住'],
      [G1A, B1, '1号楼', '1', '6', '住宅', '1', '1', '102', '89.5', '住宅', '私有', '出租'],
      [G1A, B1, '1号楼', '1', '6', '住宅', '2', '1', '101', '75', '住宅', '私有', '空置'],
      [G1A, B1, '1号楼', '1', '6', '住宅', '2', '1', '', '75', '住宅', '私有', '空置'], // no room number
      [G3A, '天津市武清区杨村街道某楼', '', '', '6', '住宅', '1', '1', '101', '', '', '', ''], // grid outside scope
      [G1A, B1, '1号楼', '1', '6', '宫殿', '1', '2', '201', '', '', '', ''], // bad building use
    ]);
    const { status, body } = await upload(admin, 'rooms', csv, { format: 'csv' });
    expect(status).toBe(200);
    expect(body.status).toBe('done');
    expect(body).toMatchObject({ totalRows: 6, inserted: 3, skipped: 0, badRows: 3 });
    const byRow = (r: number) => body.issues.filter((i: { row: number }) => i.row === r);
    expect(byRow(5)[0]).toMatchObject({ column: '房号', reason_zh: '房号为必填项', severity: 'error' });
    expect(byRow(6)[0]).toMatchObject({ column: '网格编码', reason_zh: '网格编码不存在或不在您的管辖范围内' });
    expect(byRow(7)[0].column).toBe('楼栋用途');
    expect(byRow(7)[0].reason).toMatch(/not a valid building use/);
    const rooms = await t.owner.db.selectFrom('reg_rooms').select(['address', 'status']).orderBy('address').execute();
    expect(rooms.map((r) => r.address)).toEqual([`${B1}1单元101室`, `${B1}1单元102室`, `${B1}2单元101室`]);
    expect(await count('reg_buildings')).toBe(1);
  });

  const persons = [
    personRow({ name: '张三', idNumber: id('1970-03-05', 11), populationType: '户籍人口', gridCode: G1A, householdNo: 'H0001', relation: '户主', roomAddress: `${B1}1单元101室`, phone: '13812345678' }),
    personRow({ name: '李梅', idNumber: id('1972-07-09', 22), gender: '女', populationType: '户籍人口', gridCode: G1A, householdNo: 'H0001', relation: '配偶', roomAddress: `${B1}1单元101室` }),
    personRow({ name: '张小宝', idNumber: id('2016-01-20', 31), populationType: '户籍人口', gridCode: G1A, householdNo: 'H0001', relation: '子' }),
    personRow({ name: '王流动', idNumber: makeCitizenId('410102', '1995-05-05', 17), populationType: '流动人口', gridCode: G1B, roomAddress: `${B1}1单元102室`, residenceType: '租住', inflowReason: '务工', inflowDate: '2024-03-01', permitExpiry: '2026-03-01' }),
    personRow({ name: '错号码', idNumber: breakCheck(id('1980-01-01', 41)), populationType: '户籍人口', gridCode: G1A }), // row 6: checksum
    personRow({ name: '错性别', idNumber: id('1981-02-02', 51), gender: '女', populationType: '户籍人口', gridCode: G1A }), // row 7: odd seq = male
    personRow({ name: '外网格', idNumber: id('1982-03-03', 61), populationType: '户籍人口', gridCode: G3A }), // row 8: outside scope
    personRow({ name: '张三', idNumber: id('1970-03-05', 11), populationType: '户籍人口', gridCode: G1A }), // row 9: duplicate of row 2
    personRow({ name: '类型错', idNumber: id('1983-04-04', 71), populationType: '外星人', gridCode: G1A }), // row 10
  ];

  it('imports persons from .xlsx: good rows kept, every bad row reported with row, column and reason', async () => {
    const file = await tableXlsx('实有人口', headers('persons'), persons);
    const { status, body } = await upload(admin, 'persons', file);
    expect(status).toBe(200);
    expect(body.failure).toBeNull();
    expect(body).toMatchObject({ status: 'done', totalRows: 9, inserted: 4, badRows: 5 });
    const first = (row: number) => body.issues.find((i: { row: number }) => i.row === row);
    expect(first(6)).toMatchObject({ column: '公民身份号码', reason_zh: '身份号码校验位不正确（GB 11643）' });
    expect(first(6).value).not.toMatch(/\d{18}/); // the report masks ID numbers too
    expect(first(7)).toMatchObject({ column: '性别' });
    expect(first(7).reason_zh).toContain('不一致');
    expect(first(8)).toMatchObject({ column: '网格编码' });
    expect(first(9).reason_zh).toBe('与第2行重复，本行未导入');
    expect(first(10)).toMatchObject({ column: '人口类型' });
    // the good rows are in the registry, with their household, head and residences
    const hh = await t.owner.db.selectFrom('reg_households').selectAll().where('household_no', '=', 'H0001').executeTakeFirstOrThrow();
    const head = await t.owner.db.selectFrom('reg_persons').selectAll().where('id', '=', hh.head_person_id!).executeTakeFirstOrThrow();
    expect(head.name).toBe('张三');
    expect(head.name_initials).toBe('zs');
    expect(head.birth_date).toBeTruthy();
    const members = await t.owner.db.selectFrom('reg_residences').select('person_id').where('household_id', '=', hh.id).execute();
    expect(members).toHaveLength(3);
    expect(await count('reg_floating')).toBe(1);
    const job = await t.server.app.inject({ method: 'GET', url: `/api/registry/import/jobs/${body.id}`, headers: { cookie: admin } });
    expect(job.json()).toMatchObject({ status: 'done', progress: 100 });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await Promise.all((['reg_persons', 'reg_households', 'reg_residences', 'reg_floating', 'reg_changes'] as const).map(count));
    const file = await tableXlsx('实有人口', headers('persons'), persons);
    const { body } = await upload(admin, 'persons', file);
    expect(body).toMatchObject({ status: 'done', inserted: 0, skipped: 4, badRows: 5 });
    const after = await Promise.all((['reg_persons', 'reg_households', 'reg_residences', 'reg_floating', 'reg_changes'] as const).map(count));
    expect(after).toEqual(before);
    // rooms again: the same
    const csv = tableCsv(headers('rooms'), [[G1A, B1, '1号楼', '1', '6', '住宅', '1', '1', '101', '89.5', '住宅', '私有', '自住']]);
    const rooms = await upload(admin, 'rooms', csv, { format: 'csv' });
    expect(rooms.body).toMatchObject({ inserted: 0, skipped: 1 });
  });

  it('reads a ledger typed with full-width digits as the same numbers and addresses', async () => {
    const full = (x: string) => x.replace(/[0-9A-Za-z-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const idNumber = id('1981-06-07', 33);
    const row = personRow({
      name: '全角录', idNumber: full(idNumber), birthDate: full('1981-06-07'), phone: `${full('139')}　${full('1234')}　${full('5678')}`,
      populationType: '户籍人口', gridCode: full(G1B), householdNo: full('H0077'), relation: '户主', roomAddress: `${B1}${full('1')}单元${full('101')}室`,
    });
    const { body } = await upload(admin, 'persons', await tableXlsx('实有人口', headers('persons'), [row]));
    expect(body).toMatchObject({ status: 'done', inserted: 1, badRows: 0 });
    const p = await t.owner.db.selectFrom('reg_persons').select(['id', 'birth_date', 'phones']).where('id_number', '=', idNumber).executeTakeFirstOrThrow();
    expect(p.phones).toEqual(['13912345678']);
    const home = await t.owner.db.selectFrom('reg_residences as r').innerJoin('reg_rooms as m', 'm.id', 'r.room_id').innerJoin('reg_households as h', 'h.id', 'r.household_id')
      .select(['m.address', 'h.household_no']).where('r.person_id', '=', p.id).executeTakeFirstOrThrow();
    expect(home).toEqual({ address: `${B1}1单元101室`, household_no: 'H0077' });
  });

  it('finds the header row under a ledger\'s title and notes, keeping the sheet\'s row numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('实有人口');
    ws.addRow(['西河社区实有人口登记表']);
    ws.mergeCells('A1:F1');
    ws.addRow([]);
    ws.addRow(['填表单位：西河社区居委会', '', '填表日期：2026年11月']);
    ws.addRow(headers('persons'));
    ws.addRow(personRow({ name: '标题下', idNumber: id('1983-02-03', 41), populationType: '户籍人口', gridCode: G1B }));
    ws.addRow(personRow({ name: '坏号码', idNumber: breakCheck(id('1983-02-04', 43)), populationType: '户籍人口', gridCode: G1B }));
    const { body } = await upload(admin, 'persons', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(body).toMatchObject({ status: 'done', inserted: 1, badRows: 1 });
    expect(body.issues).toEqual([expect.objectContaining({ row: 6, column: '公民身份号码' })]);
    // and a CSV with a title line
    const csv = `西河社区实有人口登记表\n${tableCsv(headers('persons'), [personRow({ name: '标题下二', idNumber: id('1983-02-05', 45), populationType: '户籍人口', gridCode: G1B })]).replace(/^\uFEFF/, '')}`;
    expect((await upload(admin, 'persons', csv, { format: 'csv' })).body).toMatchObject({ status: 'done', inserted: 1, badRows: 0 });
  });

  it('imports from the sheet that holds the data when the workbook opens with a 填表说明 sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('填表说明');
    notes.addRow(['填表说明']);
    notes.addRow(['1. 公民身份号码请填写18位；2. 人口类型从下拉列表选择']);
    const hidden = wb.addWorksheet('旧表', { state: 'hidden' });
    hidden.addRow(headers('persons'));
    hidden.addRow(personRow({ name: '隐藏表', idNumber: id('1985-03-04', 51), populationType: '户籍人口', gridCode: G1B }));
    const data = wb.addWorksheet('实有人口');
    data.addRow(headers('persons'));
    data.addRow(personRow({ name: '第二张表', idNumber: id('1985-03-05', 53), populationType: '户籍人口', gridCode: G1B }));
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const preview = await upload(admin, 'persons', file, { preview: true });
    expect(preview.body.missingRequired ?? []).toEqual([]);
    const { body } = await upload(admin, 'persons', file);
    expect(body).toMatchObject({ status: 'done', inserted: 1, badRows: 0 });
    const names = (await t.owner.db.selectFrom('reg_persons').select('name').where('id_number', 'in', [id('1985-03-04', 51), id('1985-03-05', 53)]).execute()).map((p) => p.name);
    expect(names).toEqual(['第二张表']); // not the hidden sheet's
  });

  it('reads the headers ledgers commonly use (身份证号, 手机号, 出生年月, 学历) as the template\'s columns', async () => {
    const own = ['姓名', '身份证号', '性别', '出生年月', '人口类别', '手机号', '网格编号', '学历', '户籍地址', '备注'];
    const csv = tableCsv(own, [['别名表', id('1984-05-06', 48), '女', '1984-05-06', '户籍人口', '13987654321', G1B, '大学本科', '河北省保定市', '新登记']]);
    const preview = await upload(admin, 'persons', csv, { format: 'csv', preview: true });
    expect(preview.body.unknownHeaders).toEqual(['备注']);
    const { body } = await upload(admin, 'persons', csv, { format: 'csv' });
    expect(body).toMatchObject({ status: 'done', inserted: 1, badRows: 0 });
    const p = await t.owner.db.selectFrom('reg_persons').select(['phones', 'education', 'hukou_address']).where('id_number', '=', id('1984-05-06', 48)).executeTakeFirstOrThrow();
    expect(p).toEqual({ phones: ['13987654321'], education: '20', hukou_address: '河北省保定市' });
  });

  it('offers the bad rows as a downloadable sheet', async () => {
    const jobs = await t.server.app.inject({ method: 'GET', url: '/api/registry/import/jobs', headers: { cookie: admin } });
    const job = jobs.json().items.find((j: { kind: string; badRows: number }) => j.kind === 'persons' && j.badRows === 5);
    const res = await t.server.app.inject({ method: 'GET', url: `/api/registry/import/jobs/${job.id}/report`, headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('行号 Row');
    const rowNumbers = new Set<string>();
    ws.eachRow((r, n) => { if (n > 1) rowNumbers.add(String(r.getCell(1).value)); });
    expect([...rowNumbers].sort()).toEqual(['10', '6', '7', '8', '9']);
    const csv = await t.server.app.inject({ method: 'GET', url: `/api/registry/import/jobs/${job.id}/report?format=csv`, headers: { cookie: admin } });
    expect(csv.body).toContain('与第2行重复');
  });

  it('previews without writing anything', async () => {
    const before = await Promise.all((['reg_persons', 'reg_households', 'reg_changes'] as const).map(count));
    const file = tableCsv(headers('persons'), [
      personRow({ name: '预览甲', idNumber: id('1990-01-01', 81), populationType: '户籍人口', gridCode: G1A, householdNo: 'H0099', relation: '户主' }),
      personRow({ name: '预览乙', idNumber: breakCheck(id('1990-01-02', 91)), populationType: '户籍人口', gridCode: G1A }),
    ]);
    const { status, body } = await upload(admin, 'persons', file, { format: 'csv', preview: true });
    expect(status).toBe(200);
    expect(body.previewed).toBe(2);
    expect(body.rows[0]).toMatchObject({ row: 2, ok: true });
    expect(body.rows[1].ok).toBe(false);
    expect(body.rows[1].issues[0].column).toBe('公民身份号码');
    expect(JSON.stringify(body)).not.toMatch(/\d{17}[\dX]/); // masked in the preview too
    const after = await Promise.all((['reg_persons', 'reg_households', 'reg_changes'] as const).map(count));
    expect(after).toEqual(before);
  });

  it('refuses a sheet without the required columns', async () => {
    const { status, body } = await upload(admin, 'persons', tableCsv(['姓名', '备注'], [['张三', 'x']]), { format: 'csv' });
    expect(status).toBe(422);
    expect(body.errors.map((e: { message_zh: string }) => e.message_zh).join()).toContain('公民身份号码');
  });

  it('keeps entities whose credit code fails its checksum, flagged, and warns', async () => {
    const good = makeUscc('91120114MA05ABCD0');
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const csv = tableCsv(headers('entities'), [
      [good, '静湖商贸有限公司', '企业', '王五', '022-29000001', '12', '否', `${B1}底商1号`, G1A],
      [bad, '静湖理发店', '个体工商户', '赵六', '', '2', '是', '', G1A],
      ['ABC', '格式错误公司', '企业', '', '', '', '', '', G1A],
    ]);
    const { body } = await upload(admin, 'entities', csv, { format: 'csv' });
    expect(body).toMatchObject({ inserted: 2, badRows: 1, warnings: 1 });
    const flagged = await t.owner.db.selectFrom('reg_entities').select(['uscc_valid', 'key_unit']).where('uscc', '=', bad).executeTakeFirstOrThrow();
    expect(flagged).toEqual({ uscc_valid: false, key_unit: true });
    const again = await upload(admin, 'entities', csv, { format: 'csv' });
    expect(again.body).toMatchObject({ inserted: 0, skipped: 2 });
  });

  it('imports rentals: landlord, rented rooms and registered tenants; re-run idempotent', async () => {
    const landlord = id('1970-03-05', 11);
    const tenant = makeCitizenId('410102', '1995-05-05', 17);
    const csv = tableCsv(headers('rentals'), [
      [`${B1}1单元102室`, landlord, '张三', '13812345678', '2025-01-01', '2026-12-31', tenant],
      [`${B1}9单元999室`, landlord, '张三', '', '', '', ''],
      [`${B1}2单元101室`, landlord, '张三', '', '', '', id('1999-09-09', 13)], // tenant not registered
    ]);
    const { body } = await upload(admin, 'rentals', csv, { format: 'csv' });
    expect(body).toMatchObject({ inserted: 1, badRows: 2 });
    expect(body.issues.find((i: { row: number }) => i.row === 4).column).toBe('承租人公民身份号码');
    const rental = await t.owner.db.selectFrom('reg_rentals').selectAll().executeTakeFirstOrThrow();
    expect(rental.household_id).not.toBeNull();
    expect(await count('reg_rental_tenants')).toBe(1);
    const again = await upload(admin, 'rentals', csv, { format: 'csv' });
    expect(again.body).toMatchObject({ inserted: 0, skipped: 1 });
    expect(await count('reg_rental_tenants')).toBe(1);
  });

  it('runs large files as a background job with progress', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => personRow({
      name: `批量${i}`, idNumber: id(`1960-01-${String((i % 28) + 1).padStart(2, '0')}`, 100 + Math.floor(i / 28)), populationType: '常住人口', gridCode: G1B,
    }));
    const file = await tableXlsx('实有人口', headers('persons'), rows);
    const { status, body } = await upload(admin, 'persons', file, { wait: false });
    expect(status).toBe(202);
    expect(['queued', 'running']).toContain(body.status);
    let job = body;
    for (let i = 0; i < 300 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await t.server.app.inject({ method: 'GET', url: `/api/registry/import/jobs/${body.id}`, headers: { cookie: admin } })).json();
    }
    expect(job.issues).toEqual([]);
    expect(job).toMatchObject({ status: 'done', totalRows: 2500, processedRows: 2500, inserted: 2500, badRows: 0 });
  });

  it('merges a multi-batch file: rows already registered skipped, a duplicate in a later batch reported, history per record', async () => {
    const person = (i: number, extra: Partial<Record<string, string>> = {}) => personRow({
      name: `合并${i}`, idNumber: id(`1971-03-${String((i % 28) + 1).padStart(2, '0')}`, 100 + Math.floor(i / 28)), populationType: '常住人口', gridCode: G1B,
      householdNo: `M${Math.floor(i / 3)}`, relation: i % 3 === 0 ? '户主' : '子', ...extra,
    });
    // 5 persons registered first (in a file of their own)
    const first = await upload(admin, 'persons', await tableXlsx('实有人口', headers('persons'), [0, 1, 2, 3, 4].map((i) => person(i))));
    expect(first.body).toMatchObject({ status: 'done', inserted: 5, badRows: 0 });
    // then 2,101 rows (two batches): rows of 0…4 again, 2,095 new persons, and at the end a
    // second occurrence of person 7's ID number under another name
    const rows = Array.from({ length: 2100 }, (_, i) => person(i));
    rows.push(person(7, { name: '重复者' }));
    const personsBefore = await count('reg_persons');
    const { body } = await upload(admin, 'persons', await tableXlsx('实有人口', headers('persons'), rows));
    expect(body).toMatchObject({ status: 'done', totalRows: 2101, processedRows: 2101, inserted: 2095, skipped: 5, badRows: 1 });
    expect(body.issues).toEqual([expect.objectContaining({ row: 2102, column: '公民身份号码', reason_zh: '与第9行重复，本行未导入' })]);
    expect(await count('reg_persons')).toBe(personsBefore + 2095);
    expect((await t.owner.db.selectFrom('reg_persons').select('name').where('id_number', '=', id('1971-03-08', 100)).executeTakeFirstOrThrow()).name).toBe('合并7');
    // one creation record per person written, naming the job and the uploader
    const history = await t.owner.db.selectFrom('reg_changes').select(['actor_name', 'entity_type']).where('new_value', '=', `import:${body.id}`).execute();
    expect(history.filter((h) => h.entity_type === 'person')).toHaveLength(2095);
    expect(history.every((h) => h.actor_name)).toBe(true);
    // the person's history tab opens with that registration, in the shape a form's has
    const imported = await t.owner.db.selectFrom('reg_persons').select('id').where('id_number', '=', id('1971-03-10', 100)).executeTakeFirstOrThrow();
    const detail = (await t.server.app.inject({ method: 'GET', url: `/api/registry/persons/${imported.id}`, headers: { cookie: admin } })).json();
    expect(detail.history).toEqual([expect.objectContaining({ entityType: 'person', field: 'record', oldValue: null, newValue: `import:${body.id}`, actorName: expect.any(String) })]);
    // households opened by the file, each with its first 户主 as head and its members' residences
    const hh = await t.owner.db.selectFrom('reg_households').select(['id', 'head_person_id']).where('household_no', '=', 'M500').executeTakeFirstOrThrow();
    expect((await t.owner.db.selectFrom('reg_persons').select('name').where('id', '=', hh.head_person_id!).executeTakeFirstOrThrow()).name).toBe('合并1500');
    expect(await t.owner.db.selectFrom('reg_residences').select('person_id').where('household_id', '=', hh.id).execute()).toHaveLength(3);
    // and the same file once more changes nothing
    const before = await Promise.all((['reg_persons', 'reg_households', 'reg_residences', 'reg_changes'] as const).map(count));
    const again = await upload(admin, 'persons', await tableXlsx('实有人口', headers('persons'), rows));
    expect(again.body).toMatchObject({ status: 'done', inserted: 0, skipped: 2100, badRows: 1 });
    expect(await Promise.all((['reg_persons', 'reg_households', 'reg_residences', 'reg_changes'] as const).map(count))).toEqual(before);
  });

  it('opens a household spanning two batches once, with its 户主 from the second batch as head', async () => {
    // 1,999 persons without a household, then household SPAN: a child (data row 2,000, the first
    // batch's last) and its 户主 (data row 2,001, the second batch, written in the other lane)
    const rows = Array.from({ length: 1999 }, (_, i) => personRow({
      name: `跨批${i}`, idNumber: id(`1981-05-${String((i % 28) + 1).padStart(2, '0')}`, 100 + Math.floor(i / 28)), populationType: '常住人口', gridCode: G1B,
    }));
    rows.push(personRow({ name: '跨批之子', idNumber: id('1982-06-01', 501), populationType: '常住人口', gridCode: G1B, householdNo: 'SPAN', relation: '子' }));
    rows.push(personRow({ name: '跨批户主', idNumber: id('1955-06-01', 502), populationType: '常住人口', gridCode: G1B, householdNo: 'SPAN', relation: '户主' }));
    const { body } = await upload(admin, 'persons', await tableXlsx('实有人口', headers('persons'), rows));
    expect(body).toMatchObject({ status: 'done', inserted: 2001, badRows: 0 });
    const households = await t.owner.db.selectFrom('reg_households').select(['id', 'head_person_id']).where('household_no', '=', 'SPAN').execute();
    expect(households).toHaveLength(1);
    const head = await t.owner.db.selectFrom('reg_persons').select('name').where('id', '=', households[0]!.head_person_id!).executeTakeFirstOrThrow();
    expect(head.name).toBe('跨批户主');
    expect(await t.owner.db.selectFrom('reg_residences').select('person_id').where('household_id', '=', households[0]!.id).execute()).toHaveLength(2);
  });

  it('runs two large imports at once to the end, each with its own households', async () => {
    const file = (tag: string, day: string) => tableXlsx('实有人口', headers('persons'), Array.from({ length: 2300 }, (_, i) => personRow({
      name: `并行${tag}${i}`, idNumber: id(`1990-${day}-${String((i % 28) + 1).padStart(2, '0')}`, 100 + Math.floor(i / 28)), populationType: '常住人口', gridCode: G1B,
      householdNo: `P${tag}${Math.floor(i / 2)}`, relation: i % 2 === 0 ? '户主' : '子',
    })));
    const before = await count('reg_persons');
    const [a, b] = await Promise.all([upload(admin, 'persons', await file('A', '07')), upload(admin, 'persons', await file('B', '08'))]);
    expect(a.body).toMatchObject({ status: 'done', inserted: 2300, badRows: 0 });
    expect(b.body).toMatchObject({ status: 'done', inserted: 2300, badRows: 0 });
    expect(await count('reg_persons')).toBe(before + 4600);
    const headless = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reg_households WHERE (household_no LIKE 'PA%' OR household_no LIKE 'PB%') AND head_person_id IS NULL`.execute(t.owner.db);
    expect(headless.rows[0]!.n).toBe(0);
    const households = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reg_households WHERE household_no LIKE 'PA%' OR household_no LIKE 'PB%'`.execute(t.owner.db);
    expect(households.rows[0]!.n).toBe(2300);
  });

  it('does not let a grid worker see another scope\'s jobs', async () => {
    const gw2 = await t.login('gw2');
    const jobs = await t.server.app.inject({ method: 'GET', url: '/api/registry/import/jobs', headers: { cookie: gw2 } });
    expect(jobs.statusCode).toBe(403); // grid workers hold no import permission at all
    const sec = await t.login('sec1');
    const list = await t.server.app.inject({ method: 'GET', url: '/api/registry/import/jobs', headers: { cookie: sec } });
    expect(list.json().items).toHaveLength(0); // admin's jobs were made at street level, above sec1's scope
  });
});

describe('export', () => {
  it('exports a filtered list masked by default, and audits it', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: `/api/registry/export/persons?format=csv&orgId=${t.fixture.orgs.g1a!.id}`, headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('张三');
    expect(res.body).not.toContain('批量'); // those live in g1b
    expect(res.body).not.toMatch(/\d{17}[\dX]/);
    expect(res.body).not.toMatch(/(^|\D)1[3-9]\d{9}(\D|$)/);
    expect(res.body).toContain('120***********');
    const audit = await t.owner.db.selectFrom('audit_log').selectAll().where('action', '=', 'registry.export').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ kind: 'persons', rows: 3, unmasked: false });
  });

  it('exports unmasked only with registry.export_unmasked, audited as such', async () => {
    const worker = await t.login('worker1');
    const denied = await t.server.app.inject({ method: 'GET', url: '/api/registry/export/persons?format=csv&unmasked=true', headers: { cookie: worker } });
    expect(denied.statusCode).toBe(403);
    const masked = await t.server.app.inject({ method: 'GET', url: '/api/registry/export/persons?format=xlsx&populationType=floating', headers: { cookie: worker } });
    expect(masked.statusCode).toBe(200);
    const res = await t.server.app.inject({ method: 'GET', url: '/api/registry/export/persons?format=csv&unmasked=true&q=zs', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(id('1970-03-05', 11));
    const audit = await t.owner.db.selectFrom('audit_log').selectAll().where('action', '=', 'registry.export_unmasked').executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ unmasked: true, textFilter: true });
    expect(JSON.stringify(audit.detail)).not.toContain('zs');
  });

  it('streams exports chunk by chunk from a cursor: the same file whatever the chunk size', async () => {
    const u = await t.owner.db.selectFrom('users').selectAll().where('account', '=', 'admin').executeTakeFirstOrThrow();
    const principal = await runAsSystem(() => t.server.ctx.sessions.loadPrincipal(u.id, 'test', u));
    for (const kind of ['persons', 'households'] as const) {
      const whole = await t.server.app.inject({ method: 'GET', url: `/api/registry/export/${kind}?format=csv&status=all`, headers: { cookie: admin } });
      expect(whole.statusCode).toBe(200);
      expect(whole.body.trim().split('\r\n').length, kind).toBeGreaterThan(5);
      const out = new PassThrough();
      const bytes: Buffer[] = [];
      out.on('data', (b: Buffer) => bytes.push(b));
      await runInScope(principal.scopePaths, async () => {
        const file = await exportList(t.server.ctx, principal, kind, exportQuerySchema.parse({ format: 'csv', status: 'all' }), undefined, 2);
        await file.write(out); // two rows per cursor fetch
      });
      expect(Buffer.concat(bytes).toString('utf8'), kind).toBe(whole.body);
    }
  });

  it('ends an export whose download is closed midway, audited with the rows sent, and frees its slot', async () => {
    const u = await t.owner.db.selectFrom('users').selectAll().where('account', '=', 'admin').executeTakeFirstOrThrow();
    const principal = await runAsSystem(() => t.server.ctx.sessions.loadPrincipal(u.id, 'test', u));
    for (const format of ['csv', 'xlsx'] as const) {
      const out = new PassThrough();
      let received = 0;
      out.on('data', (b: Buffer) => { received += b.length; if (received > 4000) out.destroy(); }); // the client goes away
      const write = runInScope(principal.scopePaths, async () => {
        const file = await exportList(t.server.ctx, principal, 'persons', exportQuerySchema.parse({ format, status: 'all' }), undefined, 50);
        await file.write(out);
      });
      await expect(write, format).rejects.toBeInstanceOf(DownloadClosed);
      const audit = await t.owner.db.selectFrom('audit_log').selectAll().where('action', '=', 'registry.export').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(audit.detail, format).toMatchObject({ kind: 'persons', format, complete: false });
      expect((audit.detail as { rows: number }).rows, format).toBeGreaterThan(0);
    }
    // the slots were given back: three more exports run to the end
    for (let i = 0; i < 3; i++) {
      const res = await t.server.app.inject({ method: 'GET', url: '/api/registry/export/persons?format=csv', headers: { cookie: admin } });
      expect(res.statusCode).toBe(200);
    }
  });

  it('exports households, rooms, rentals and entities', async () => {
    for (const kind of ['households', 'rooms', 'rentals', 'entities']) {
      const res = await t.server.app.inject({ method: 'GET', url: `/api/registry/export/${kind}?format=csv`, headers: { cookie: admin } });
      expect(res.statusCode, kind).toBe(200);
      expect(res.body).not.toMatch(/\d{17}[\dX]/);
    }
  });
});

describe('household card (一户一卡)', () => {
  let householdId: string;
  beforeAll(async () => {
    const hh = await t.owner.db.selectFrom('reg_households').selectAll().where('household_no', '=', 'H0001').executeTakeFirstOrThrow();
    householdId = hh.id;
    // a sensitive tag on the spouse, a plain one on the head, and a grid worker for the grid
    const spouse = await t.owner.db.selectFrom('reg_persons').select(['id', 'tenant_code', 'path']).where('name', '=', '李梅').executeTakeFirstOrThrow();
    await t.owner.db.insertInto('reg_person_tags').values([
      { tenant_code: spouse.tenant_code, id: '01900000-0000-7000-8000-000000000001', person_id: spouse.id, tag_code: 'community_correction', path: spouse.path, level: 'key' },
      { tenant_code: spouse.tenant_code, id: '01900000-0000-7000-8000-000000000002', person_id: hh.head_person_id!, tag_code: 'veteran', path: spouse.path, level: 'normal' },
    ]).execute();
    await t.owner.db.insertInto('staff_grid_links').values({ tenant_code: '120114002', staff_id: t.fixture.staff.g1a!.id, grid_id: t.fixture.orgs.g1a!.id, path: t.fixture.orgs.g1a!.path, role: 'grid_worker_full' }).execute();
  });

  it('prints members, relations, housing, tags and the responsible grid worker, masked', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: `/api/registry/households/${householdId}/card.html`, headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const html = res.body;
    expect(html).toContain('一户一卡');
    expect(html).toContain('@media print');
    for (const s of ['张三', '李梅', '张小宝', '户主', '配偶', '子', '1单元101室', '静湖第一网格', '对象人员g1a', '退役军人', '社区矫正', '未成年']) expect(html).toContain(s);
    expect(html).not.toMatch(/\d{17}[\dX]/);
    expect(html).not.toContain('13812345678');
  });

  it('hides sensitive tags from roles that may not see them', async () => {
    const worker = await t.login('worker1');
    const html = (await t.server.app.inject({ method: 'GET', url: `/api/registry/households/${householdId}/card.html`, headers: { cookie: worker } })).body;
    expect(html).toContain('退役军人');
    expect(html).not.toContain('社区矫正');
    const sec = await t.login('sec1');
    expect((await t.server.app.inject({ method: 'GET', url: `/api/registry/households/${householdId}/card.html`, headers: { cookie: sec } })).body).toContain('社区矫正');
  });

  it('is not found outside the scope', async () => {
    const gw2 = await t.login('gw2');
    const res = await t.server.app.inject({ method: 'GET', url: `/api/registry/households/${householdId}/card.html`, headers: { cookie: gw2 } });
    expect(res.statusCode).toBe(404);
  });
});

describe('batch columns as array literals', () => {
  it('round-trips any text through arrayParam(), NULL included', async () => {
    const values = ['plain', '', 'NULL', null, 'a "quoted" word', 'back\\slash \\"', '{braces},commas', ' spaced ', '张三\n李四', '\t'];
    const { rows } = await sql<{ v: Array<string | null> }>`SELECT ${arrayParam(values)}::text[] AS v`.execute(t.owner.db);
    expect(rows[0]!.v).toEqual(values);
    expect(arrayParam([])).toBe('{}');
  });
});

describe('rz_bigrams (0010: PL/pgSQL for short texts)', () => {
  it('gives exactly what the set-based definition gives: distinct, sorted, lower-cased', async () => {
    const texts = ['', 'x', 'AB', 'ab ab ', 'aAbBaa', '张三', '张三张三', '欧阳娜娜', 'HGFEDCBA', 'abababab', 'aaaaaaaaa', 'ZZYYXXWWV',
      '天津市武清区下朱庄街道静湖花园社区1号楼1单元101室', 'Zhāng San', '  ', '1号楼'];
    const { rows } = await sql<{ t: string; got: string[]; want: string[] }>`SELECT t, rz_bigrams(t) AS got,
        CASE WHEN char_length(t) = 0 THEN '{}'::text[] WHEN char_length(t) = 1 THEN ARRAY[lower(t)]
          ELSE (SELECT array_agg(DISTINCT lower(substr(t, i, 2))) FROM generate_series(1, char_length(t) - 1) AS i) END AS want
      FROM unnest(${texts}::text[]) AS t`.execute(t.owner.db);
    for (const r of rows) expect(r.got, r.t).toEqual(r.want);
    expect((await sql<{ v: string[] | null }>`SELECT rz_bigrams(NULL) AS v`.execute(t.owner.db)).rows[0]!.v).toBeNull();
  });
});

// last: it adds a job in sec1's scope and persons in g1b, which the tests above count
describe('import across scopes', () => {
  it('skips an ID number registered in the street outside the uploader\'s scope (invisible to them), keeping the other rows', async () => {
    const G2A = '120114002002001'; // 越秀园社区: outside sec1's community
    const elsewhere = personRow({ name: '外社区人', idNumber: id('1966-06-06', 301), populationType: '常住人口', gridCode: G2A });
    expect((await upload(admin, 'persons', await tableXlsx('实有人口', headers('persons'), [elsewhere]))).body).toMatchObject({ inserted: 1 });
    const sec = await t.login('sec1');
    const file = await tableXlsx('实有人口', headers('persons'), [
      personRow({ name: '同号不同人', idNumber: id('1966-06-06', 301), populationType: '常住人口', gridCode: G1B }),
      personRow({ name: '新登记人', idNumber: id('1966-06-07', 302), populationType: '常住人口', gridCode: G1B }),
    ]);
    const { status, body } = await upload(sec, 'persons', file);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'done', inserted: 1, skipped: 1, badRows: 0 });
    const rows = await t.owner.db.selectFrom('reg_persons').select(['name', 'id_number']).where('id_number', 'in', [id('1966-06-06', 301), id('1966-06-07', 302)]).orderBy('name').execute();
    expect(rows.map((r) => r.name).sort()).toEqual(['外社区人', '新登记人']);
    expect(await t.owner.db.selectFrom('reg_changes').select('id').where('new_value', '=', `import:${body.id}`).execute()).toHaveLength(1);
  });

  it('opens a new household without a head when its 户主 turns out registered outside the uploader\'s scope', async () => {
    const G2A = '120114002002001';
    const elsewhere = personRow({ name: '外社区户主', idNumber: id('1950-02-02', 311), populationType: '常住人口', gridCode: G2A });
    expect((await upload(admin, 'persons', await tableXlsx('实有人口', headers('persons'), [elsewhere]))).body).toMatchObject({ inserted: 1 });
    const sec = await t.login('sec1');
    const file = await tableXlsx('实有人口', headers('persons'), [
      personRow({ name: '同号户主', idNumber: id('1950-02-02', 311), populationType: '常住人口', gridCode: G1B, householdNo: 'NOHEAD', relation: '户主' }),
      personRow({ name: '户内成员', idNumber: id('1980-02-02', 312), populationType: '常住人口', gridCode: G1B, householdNo: 'NOHEAD', relation: '子' }),
    ]);
    const { body } = await upload(sec, 'persons', file);
    expect(body).toMatchObject({ status: 'done', inserted: 1, skipped: 1, badRows: 0 });
    const hh = await t.owner.db.selectFrom('reg_households').select(['id', 'head_person_id']).where('household_no', '=', 'NOHEAD').executeTakeFirstOrThrow();
    expect(hh.head_person_id).toBeNull();
    const members = await t.owner.db.selectFrom('reg_residences').innerJoin('reg_persons as p', 'p.id', 'reg_residences.person_id')
      .select('p.name').where('reg_residences.household_id', '=', hh.id).execute();
    expect(members.map((m) => m.name)).toEqual(['户内成员']);
  });
});
