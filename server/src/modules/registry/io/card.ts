/**
 * 一户一卡: the printable household card — household, housing, members with their relation to
 * the head, tags (sensitive ones only for roles allowed to see them), the responsible grid
 * workers. Served as an HTML page with print CSS (A4, one card per page); IDs and phones
 * masked, children under 14 marked.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { inScope } from '../../../platform/db/scope-sql.js';
import { maskIdNumber, maskPhone } from '../../../platform/privacy/mask.js';
import { isoDate, todayIso } from '../../../platform/validation/dates.js';
import { codeLabel } from '../codes.js';
import { requireHousehold } from '../common.js';
import { ageOf, isChild } from '../present.js';
import { visibleTagTypes } from '../tag-visibility.js';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

const GRID_ROLES_ZH: Record<string, string> = {
  grid_leader: '网格长', grid_worker_full: '专职网格员', grid_worker_part: '兼职网格员', building_head: '楼栋长', area_cadre: '包片干部',
};

export async function householdCardData(ctx: AppContext, p: Principal, householdId: string) {
  const h = await requireHousehold(ctx.db, p, householdId);
  const gridId = h.path.split('/').filter(Boolean).at(-1)!;
  const [room, orgs, members, workers, tagTypes] = await Promise.all([
    h.room_id ? ctx.db.selectFrom('reg_rooms as m').innerJoin('reg_buildings as b', 'b.id', 'm.building_id')
      .leftJoin('reg_units as u', 'u.id', 'm.unit_id')
      .select(['m.address', 'm.area', 'm.status', 'm.use', 'm.floor', 'm.room_no', 'u.unit_no', 'b.name as building_name', 'b.address as building_address'])
      .where('m.id', '=', h.room_id).where(inScope('m.path', p.scopePaths)).executeTakeFirst() : undefined,
    ctx.db.selectFrom('org_units').select(['id', 'name', 'kind', 'code']).where('id', 'in', h.path.split('/').filter(Boolean)).execute(),
    ctx.db.selectFrom('reg_residences as r').innerJoin('reg_persons as x', 'x.id', 'r.person_id')
      .select(['x.id', 'x.name', 'x.gender', 'x.birth_date', 'x.id_number', 'x.phones', 'x.ethnicity', 'x.population_type', 'x.political_status',
        'x.education', 'x.marital_status', 'x.occupation', 'x.status', 'r.relation_to_head', 'r.type'])
      .where('r.household_id', '=', h.id).where('r.to_date', 'is', null).where(inScope('r.path', p.scopePaths))
      .orderBy(sql`(x.id = ${h.head_person_id ?? '00000000-0000-0000-0000-000000000000'}::uuid)`, 'desc').orderBy('r.relation_to_head').orderBy('x.birth_date')
      .execute(),
    ctx.db.selectFrom('staff_grid_links as l').innerJoin('staff as s', 's.id', 'l.staff_id')
      .select(['s.name', 's.service_phone', 's.mobile', 'l.role'])
      .where('l.grid_id', '=', gridId).where('s.active', '=', true).where(inScope('l.path', p.scopePaths))
      .orderBy('l.role').execute(),
    visibleTagTypes(ctx.db, p),
  ]);
  const ids = members.map((m) => m.id);
  const tags = ids.length ? await ctx.db.selectFrom('reg_person_tags').select(['person_id', 'tag_code', 'level', 'reason'])
    .where('person_id', 'in', ids).where('end_date', 'is', null).where(inScope('path', p.scopePaths)).execute() : [];
  const byKind = (k: string) => orgs.find((o) => o.kind === k);
  const today = todayIso();
  return {
    household: { id: h.id, householdNo: h.household_no, kind: h.kind, kindLabel: codeLabel('householdKind', h.kind), address: h.address },
    room: room ? { ...room, area: room.area === null ? null : Number(room.area), statusLabel: codeLabel('roomStatus', room.status) } : null,
    street: byKind('street')?.name ?? null, community: byKind('community')?.name ?? null, grid: orgs.find((o) => o.id === gridId)?.name ?? null,
    gridCode: orgs.find((o) => o.id === gridId)?.code ?? null,
    members: members.map((m) => {
      const age = ageOf(m.birth_date, today);
      return {
        name: m.name, relation: codeLabel('relationToHead', m.relation_to_head) ?? m.relation_to_head ?? '', head: m.id === h.head_person_id,
        gender: codeLabel('gender', m.gender), birthDate: isoDate(m.birth_date), age, idNumberMasked: maskIdNumber(m.id_number),
        phoneMasked: maskPhone(m.phones[0]), ethnicity: codeLabel('ethnicity', m.ethnicity), populationType: codeLabel('populationType', m.population_type),
        politicalStatus: codeLabel('politicalStatus', m.political_status), education: codeLabel('education', m.education),
        occupation: m.occupation, residenceType: codeLabel('residenceType', m.type), sensitive: isChild(age),
        tags: tags.filter((t) => t.person_id === m.id && tagTypes.has(t.tag_code))
          .map((t) => ({ name: tagTypes.get(t.tag_code)!.name_zh, level: codeLabel('tagLevel', t.level), level_code: t.level })),
      };
    }),
    workers: workers.map((w) => ({ name: w.name, role: GRID_ROLES_ZH[w.role] ?? w.role, phone: w.service_phone ?? maskPhone(w.mobile) })),
    printedAt: today,
  };
}

export async function householdCardHtml(ctx: AppContext, p: Principal, householdId: string): Promise<string> {
  const d = await householdCardData(ctx, p, householdId);
  const rows = d.members.map((m) => `
      <tr${m.head ? ' class="head"' : ''}>
        <td>${esc(m.name)}${m.sensitive ? ' <span class="minor" title="未满14周岁">未成年</span>' : ''}</td><td>${esc(m.relation)}</td><td>${esc(m.gender)}</td>
        <td>${esc(m.birthDate)}${m.age !== null ? `（${m.age}岁）` : ''}</td><td class="mono">${esc(m.idNumberMasked)}</td>
        <td>${esc(m.populationType)}</td><td>${esc(m.politicalStatus)}</td><td class="mono">${esc(m.phoneMasked)}</td>
        <td>${m.tags.map((t) => `<span class="tag ${esc(t.level_code)}">${esc(t.name)}·${esc(t.level)}</span>`).join(' ')}</td>
      </tr>`).join('');
  const workers = d.workers.length
    ? d.workers.map((w) => `<span class="worker">${esc(w.role)}：${esc(w.name)} <span class="mono">${esc(w.phone)}</span></span>`).join('')
    : '<span class="muted">未配置</span>';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>一户一卡 ${esc(d.household.householdNo)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #222; margin: 24px; }
  .card { max-width: 1000px; margin: 0 auto; border: 2px solid #b71c1c; padding: 20px 24px; }
  h1 { text-align: center; color: #b71c1c; letter-spacing: .4em; margin: 0 0 4px; font-size: 26px; }
  .sub { text-align: center; color: #555; margin-bottom: 16px; }
  table { width: 100%; border-collapse: collapse; font-size: 13px; }
  th, td { border: 1px solid #999; padding: 5px 6px; text-align: left; vertical-align: top; }
  th { background: #f5e9e9; white-space: nowrap; }
  .info td:nth-child(odd) { background: #faf6f6; width: 11%; white-space: nowrap; }
  .members { margin-top: 14px; }
  tr.head td:first-child { font-weight: bold; }
  .mono { font-family: ui-monospace, Menlo, Consolas, monospace; }
  .tag { display: inline-block; border: 1px solid #999; border-radius: 3px; padding: 0 4px; margin: 1px; font-size: 12px; }
  .tag.attention { border-color: #e6a23c; color: #a86500; }
  .tag.key { border-color: #c62828; color: #c62828; font-weight: bold; }
  .minor { font-size: 11px; color: #1565c0; }
  .worker { margin-right: 18px; }
  .foot { margin-top: 14px; display: flex; justify-content: space-between; color: #555; font-size: 12px; }
  .muted { color: #888; }
  .toolbar { text-align: right; max-width: 1000px; margin: 0 auto 8px; }
  @page { size: A4 landscape; margin: 12mm; }
  @media print {
    body { margin: 0; }
    .toolbar { display: none; }
    .card { border-width: 1.5pt; page-break-after: always; max-width: none; }
    th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  }
</style></head>
<body>
<div class="toolbar"><button onclick="window.print()">打印 Print</button></div>
<div class="card">
  <h1>一户一卡</h1>
  <div class="sub">${esc(d.street ?? '')} ${esc(d.community ?? '')} ${esc(d.grid ?? '')}</div>
  <table class="info">
    <tr><td>户号</td><td class="mono">${esc(d.household.householdNo)}</td><td>户别</td><td>${esc(d.household.kindLabel)}</td><td>在户人数</td><td>${d.members.length}</td></tr>
    <tr><td>住址</td><td colspan="3">${esc(d.room?.address ?? d.household.address ?? '')}</td><td>房屋状态</td><td>${esc(d.room?.statusLabel ?? '')}</td></tr>
    <tr><td>楼栋</td><td>${esc(d.room?.building_name ?? '')}</td><td>单元/楼层/房号</td><td>${esc([d.room?.unit_no ? `${d.room.unit_no}单元` : '', d.room?.floor != null ? `${d.room.floor}层` : '', d.room?.room_no ?? ''].filter(Boolean).join(' '))}</td><td>面积</td><td>${d.room?.area != null ? `${d.room.area} m²` : ''}</td></tr>
    <tr><td>所属网格</td><td>${esc(d.grid ?? '')} <span class="mono muted">${esc(d.gridCode ?? '')}</span></td><td>责任网格员</td><td colspan="3">${workers}</td></tr>
  </table>
  <table class="members">
    <thead><tr><th>姓名</th><th>与户主关系</th><th>性别</th><th>出生日期</th><th>公民身份号码</th><th>人口类型</th><th>政治面貌</th><th>联系电话</th><th>标签</th></tr></thead>
    <tbody>${rows || '<tr><td colspan="9" class="muted">暂无在户成员</td></tr>'}</tbody>
  </table>
  <div class="foot"><span>个人信息已脱敏 · 仅限工作使用，请妥善保管</span><span>打印日期：${esc(d.printedAt)}</span></div>
</div>
</body></html>`;
}
