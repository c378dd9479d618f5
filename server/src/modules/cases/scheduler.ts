/**
 * The deadline scheduler: one cycle claims cases whose next threshold has come
 * (next_check_at ≤ now) in batches with FOR UPDATE SKIP LOCKED, so several app instances
 * share the work without waiting on each other. For every threshold passed it issues the card
 * — 普通督办 (reminder), 黄牌 (overdue) or 红牌 — at most once: the card row is unique per
 * case × stage × level × deadline, so a restart mid-cycle or a second instance never doubles
 * it. It marks the case overdue, notifies the handler and their leader (inbox rows in the same
 * transaction), and on a red card in the handling stage moves the case one level up the
 * ladder when the category says so. Tests call it with an explicit `now`.
 */
import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { activeThresholds, guard, maxLevel, nextCheckAt, SYSTEM_ACTOR, transition, type OrgRef } from './state-machine.js';
import { tenantConfig } from './config.js';
import { findOrgAsSystem } from './location.js';
import { insertEventsAndInbox, type CaseRow, type EventInput } from './repo.js';
import { snapshotOf, timersOf } from './service.js';
import { notify, type OutgoingNotification } from './notify.js';
import type { SupervisionLevel } from './tables.js';

const STAGE_ZH = { accept: '受理签收', respond: '联系诉求人', handle: '办理', verify: '核查' } as const;
const LEVEL_ZH: Record<SupervisionLevel, string> = { normal: '普通督办（即将到期）', yellow: '黄牌督办（已超期）', red: '红牌督办（严重超期）' };

export interface CycleResult {
  claimed: number;
  cards: number;
  escalated: number;
}

export async function runSchedulerCycle(ctx: AppContext, now: Date, opts: { batch?: number } = {}): Promise<CycleResult> {
  const batch = opts.batch ?? 200;
  const total: CycleResult = { claimed: 0, cards: 0, escalated: 0 };
  for (;;) {
    const { claimed, cards, escalated, notes } = await runAsSystem(() => ctx.db.transaction().execute(async (tx) => {
      const rows = await tx.selectFrom('cases').selectAll().where('next_check_at', '<=', now)
        .orderBy('next_check_at').limit(batch).forUpdate().skipLocked().execute();
      return processBatch(ctx, tx, rows, now);
    }));
    await notify(ctx, notes);
    total.claimed += claimed;
    total.cards += cards;
    total.escalated += escalated;
    // every claimed row now looks again only after `now`: the loop ends
    if (claimed < batch) return total;
  }
}

type Org = NonNullable<Awaited<ReturnType<typeof findOrgAsSystem>>>;

/** Active orgs by id, with their active parents, in two queries for the whole batch. */
async function orgsWithParents(tx: Kysely<DB>, ids: string[]): Promise<Map<string, Org>> {
  const cols = ['id', 'tenant_code', 'kind', 'path', 'name', 'code', 'parent_id'] as const;
  const out = new Map<string, Org>();
  const fetch = async (want: string[]) => {
    const need = [...new Set(want)].filter((id) => !out.has(id));
    if (need.length === 0) return;
    for (const o of await tx.selectFrom('org_units').select(cols).where('id', 'in', need).where('status', '=', 'active').execute()) out.set(o.id, o);
  };
  await fetch(ids);
  await fetch([...out.values()].map((o) => o.parent_id).filter((x): x is string => !!x));
  return out;
}

/**
 * One claimed batch in a handful of statements whatever its size: the orgs concerned, every
 * candidate card at once (ON CONFLICT DO NOTHING tells which are new), then the events, the
 * inbox rows and one UPDATE … FROM unnest(…) for the cases; only an escalation (rare) gets its
 * own UPDATE, as it moves many columns.
 */
async function processBatch(ctx: AppContext, tx: Kysely<DB>, rows: CaseRow[], now: Date) {
  const out = { claimed: rows.length, cards: 0, escalated: 0, notes: [] as OutgoingNotification[] };
  if (rows.length === 0) return out;
  const handlerOf = (c: CaseRow) => c.handler_org_id ?? c.owner_org_id ?? c.route_org_id;
  const orgs = await orgsWithParents(tx, rows.map(handlerOf).filter((x): x is string => !!x));
  const dueOf = new Map(rows.map((c) => [c.id, activeThresholds(snapshotOf(c)).filter((t) => t.at.getTime() <= now.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime())]));
  const candidates = rows.flatMap((c) => dueOf.get(c.id)!.map((t) => ({
    tenant_code: c.tenant_code, id: uuidv7(), case_id: c.id, stage: t.stage, level: t.level, source: 'auto' as const,
    target_org_id: (() => { const h = handlerOf(c); return h && orgs.has(h) ? h : null; })(),
    issued_by_id: null, issued_by_name: '系统', note: null, due_at: t.due,
  })));
  const issued = new Set<string>();
  if (candidates.length) {
    const inserted = await tx.insertInto('case_supervisions').values(candidates)
      .onConflict((oc) => oc.columns(['case_id', 'stage', 'level', 'due_at']).where('source', '=', 'auto').doNothing())
      .returning('id').execute();
    for (const r of inserted) issued.add(r.id);
  }
  const events: EventInput[] = [];
  const plain: Array<{ id: string; level: string; overdue: boolean; next: Date | null }> = [];
  let k = 0;
  for (const c of rows) {
    const handlerId = handlerOf(c);
    const handlerOrg = handlerId ? orgs.get(handlerId) ?? null : null;
    const parentOrg = handlerOrg?.parent_id ? orgs.get(handlerOrg.parent_id) ?? null : null;
    const leader = parentOrg ? { orgId: parentOrg.id, path: parentOrg.path } : null;
    let level = c.supervision_level;
    let overdue = c.overdue;
    let escalateNow = false;
    for (const t of dueOf.get(c.id)!) {
      const card = candidates[k++];
      if (!issued.has(card.id)) continue; // issued before (a restart, another instance)
      out.cards++;
      level = maxLevel(level, t.level);
      if (t.level !== 'normal') overdue = true;
      const title = `${STAGE_ZH[t.stage]}${LEVEL_ZH[t.level]}：${c.title}`;
      events.push({
        tenantCode: c.tenant_code, caseId: c.id, action: 'supervise', fromState: c.state, toState: c.state, actor: SYSTEM_ACTOR,
        note: title, data: { auto: true, stage: t.stage, level: t.level, dueAt: t.due.toISOString() }, isPublic: false, at: now,
      });
      out.notes.push({
        tenantCode: c.tenant_code, caseId: c.id, caseNumber: c.number, kind: t.level === 'normal' ? 'supervision' : 'overdue', title,
        recipients: [
          ...(handlerOrg ? [{ orgId: handlerOrg.id, path: handlerOrg.path, userId: null }] : []),
          ...(handlerOrg && c.handler_user_id ? [{ orgId: handlerOrg.id, path: handlerOrg.path, userId: c.handler_user_id }] : []),
          ...(leader && t.level !== 'normal' ? [leader] : []),
        ],
      });
      if (t.stage === 'handle' && t.level === 'red') escalateNow = true;
    }
    let row = { ...c, supervision_level: level, overdue };
    let escalated = false;
    if (escalateNow) {
      const cfg = await tenantConfig(ctx.db, c.tenant_code);
      const category = cfg.categories.find((x) => x.id === c.category_id);
      const parent = handlerOrg?.parent_id && handlerOrg.kind !== 'district' ? parentOrg : null;
      if (category?.escalate_on_red && parent && guard(snapshotOf(c), 'escalate', SYSTEM_ACTOR).ok) {
        const target: OrgRef = { id: parent.id, path: parent.path, kind: parent.kind, name: parent.name };
        const patch = transition(snapshotOf(row), 'escalate', { note: '红牌超期，自动上报' }, {
          now, actor: SYSTEM_ACTOR, actorOrg: null, target, timers: timersOf(cfg, c),
        });
        row = { ...row, ...patch } as CaseRow;
        escalated = true;
        events.push({
          tenantCode: c.tenant_code, caseId: c.id, action: 'escalate', fromState: c.state, toState: row.state, actor: SYSTEM_ACTOR,
          orgId: parent.id, note: `红牌超期，自动上报至${parent.name}`, data: { auto: true, targetOrgId: parent.id, targetOrgName: parent.name }, at: now,
        });
        out.notes.push({
          tenantCode: c.tenant_code, caseId: c.id, caseNumber: c.number, kind: 'todo', title: `超期工单上报待签收：${c.title}`,
          recipients: [{ orgId: parent.id, path: parent.path }],
        });
      }
    }
    const next = nextCheckAt(snapshotOf(row), now);
    if (escalated) {
      out.escalated++;
      await tx.updateTable('cases').set({
        supervision_level: row.supervision_level, overdue: row.overdue, next_check_at: next,
        state: row.state, handler_org_id: row.handler_org_id, handler_path: row.handler_path, handler_user_id: row.handler_user_id,
        handler_name: row.handler_name, level: row.level, escalation_count: row.escalation_count,
        accept_warn_at: row.accept_warn_at, accept_due: row.accept_due, accept_red_due: row.accept_red_due,
        version: c.version + 1, updated_at: now,
      }).where('id', '=', c.id).execute();
    } else {
      plain.push({ id: c.id, level: row.supervision_level, overdue: row.overdue, next });
    }
  }
  await insertEventsAndInbox(tx, events, out.notes);
  if (plain.length) {
    // the rows are locked by this transaction (FOR UPDATE): version + 1 is the claimed version + 1
    await sql`UPDATE cases AS c SET supervision_level = v.level, overdue = v.overdue, next_check_at = v.next,
        version = c.version + 1, updated_at = ${now}
      FROM unnest(${plain.map((p) => p.id)}::uuid[], ${plain.map((p) => p.level)}::text[], ${plain.map((p) => p.overdue)}::boolean[],
        ${plain.map((p) => p.next)}::timestamptz[]) AS v(id, level, overdue, next)
      WHERE c.id = v.id`.execute(tx);
  }
  return out;
}
