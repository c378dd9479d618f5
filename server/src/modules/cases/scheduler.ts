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
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { activeThresholds, guard, maxLevel, nextCheckAt, SYSTEM_ACTOR, transition, type OrgRef } from './state-machine.js';
import { tenantConfig } from './config.js';
import { findOrgAsSystem } from './location.js';
import { insertEvent, type CaseRow } from './repo.js';
import { leaderOf, snapshotOf, timersOf } from './service.js';
import { notify, writeInbox, type OutgoingNotification } from './notify.js';
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
      const out = { claimed: rows.length, cards: 0, escalated: 0, notes: [] as OutgoingNotification[] };
      for (const c of rows) {
        const r = await processCase(ctx, tx, c, now);
        out.cards += r.cards;
        out.escalated += r.escalated ? 1 : 0;
        out.notes.push(...r.notes);
      }
      await writeInbox(tx, out.notes);
      return out;
    }));
    await notify(ctx, notes);
    total.claimed += claimed;
    total.cards += cards;
    total.escalated += escalated;
    // every claimed row now looks again only after `now`: the loop ends
    if (claimed < batch) return total;
  }
}

async function processCase(ctx: AppContext, tx: Kysely<DB>, c: CaseRow, now: Date) {
  const due = activeThresholds(snapshotOf(c)).filter((t) => t.at.getTime() <= now.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
  const notes: OutgoingNotification[] = [];
  let level = c.supervision_level;
  let overdue = c.overdue;
  let cards = 0;
  let escalateNow = false;
  const handler = c.handler_org_id ?? c.owner_org_id ?? c.route_org_id;
  const handlerOrg = handler ? await findOrgAsSystem(tx, handler) : null;
  const leader = await leaderOf(tx, handlerOrg?.id ?? null);
  for (const t of due) {
    const inserted = await tx.insertInto('case_supervisions').values({
      tenant_code: c.tenant_code, id: uuidv7(), case_id: c.id, stage: t.stage, level: t.level, source: 'auto',
      target_org_id: handlerOrg?.id ?? null, issued_by_id: null, issued_by_name: '系统', note: null, due_at: t.due,
    }).onConflict((oc) => oc.columns(['case_id', 'stage', 'level', 'due_at']).where('source', '=', 'auto').doNothing())
      .returning('id').executeTakeFirst();
    if (!inserted) continue; // issued before (a restart, another instance)
    cards++;
    level = maxLevel(level, t.level);
    if (t.level !== 'normal') overdue = true;
    const title = `${STAGE_ZH[t.stage]}${LEVEL_ZH[t.level]}：${c.title}`;
    await insertEvent(tx, {
      tenantCode: c.tenant_code, caseId: c.id, action: 'supervise', fromState: c.state, toState: c.state, actor: SYSTEM_ACTOR,
      note: title, data: { auto: true, stage: t.stage, level: t.level, dueAt: t.due.toISOString() }, isPublic: false, at: now,
    });
    notes.push({
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
    const parent = handlerOrg?.parent_id && handlerOrg.kind !== 'district' ? await findOrgAsSystem(tx, handlerOrg.parent_id) : null;
    if (category?.escalate_on_red && parent && guard(snapshotOf(c), 'escalate', SYSTEM_ACTOR).ok) {
      const target: OrgRef = { id: parent.id, path: parent.path, kind: parent.kind, name: parent.name };
      const patch = transition(snapshotOf(row), 'escalate', { note: '红牌超期，自动上报' }, {
        now, actor: SYSTEM_ACTOR, actorOrg: null, target, timers: timersOf(cfg, c),
      });
      row = { ...row, ...patch } as CaseRow;
      escalated = true;
      await insertEvent(tx, {
        tenantCode: c.tenant_code, caseId: c.id, action: 'escalate', fromState: c.state, toState: row.state, actor: SYSTEM_ACTOR,
        orgId: parent.id, note: `红牌超期，自动上报至${parent.name}`, data: { auto: true, targetOrgId: parent.id, targetOrgName: parent.name }, at: now,
      });
      notes.push({
        tenantCode: c.tenant_code, caseId: c.id, caseNumber: c.number, kind: 'todo', title: `超期工单上报待签收：${c.title}`,
        recipients: [{ orgId: parent.id, path: parent.path }],
      });
    }
  }
  const next = nextCheckAt(snapshotOf(row), now);
  await tx.updateTable('cases').set({
    supervision_level: row.supervision_level, overdue: row.overdue, next_check_at: next,
    ...(escalated ? {
      state: row.state, handler_org_id: row.handler_org_id, handler_path: row.handler_path, handler_user_id: row.handler_user_id,
      handler_name: row.handler_name, level: row.level, escalation_count: row.escalation_count,
      accept_warn_at: row.accept_warn_at, accept_due: row.accept_due, accept_red_due: row.accept_red_due,
    } : {}),
    version: c.version + 1, updated_at: now,
  }).where('id', '=', c.id).execute();
  return { cards, escalated, notes };
}
