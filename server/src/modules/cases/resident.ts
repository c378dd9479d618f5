/**
 * The reporter's view (居民端): their cases and each one's status timeline — public events
 * only, with the acting org named but not the staff member, and nothing internal
 * (supervision cards, reminders). The portal routes (intake/portal) call these.
 */
import type { AppContext } from '../../platform/context.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { tenantConfig } from './config.js';
import { orgNames, type CaseRow } from './repo.js';
import { STATE_ZH } from './presenter.js';
import { caseNotFound } from './service.js';
import { readAttachment } from './attachments.js';

function residentSummary(c: CaseRow, cat: { name_zh: string; name_en: string } | undefined) {
  return {
    id: c.id, number: c.number, title: c.title, description: c.description, state: c.state, stateZh: STATE_ZH[c.state] ?? c.state,
    category: { id: c.category_id, code: c.category_code, nameZh: cat?.name_zh ?? c.category_code, nameEn: cat?.name_en ?? c.category_code }, address: c.address, createdAt: c.created_at.toISOString(),
    handledAt: c.handled_at?.toISOString() ?? null, closedAt: c.closed_at?.toISOString() ?? null, feedback: c.feedback,
    rejectReason: c.reject_reason, mergedIntoId: c.merged_into_id,
    callback: c.callback_at ? { satisfaction: c.satisfaction, resolved: c.resolved, at: c.callback_at.toISOString() } : null,
    canRate: c.state === 'closed',
  };
}

export async function listReporterCases(ctx: AppContext, userId: string, limit = 100) {
  const rows = await runAsSystem(() => ctx.db.selectFrom('cases').selectAll().where('reporter_user_id', '=', userId)
    .orderBy('created_at', 'desc').limit(limit).execute());
  const cats = new Map<string, { name_zh: string; name_en: string }>();
  for (const t of new Set(rows.map((r) => r.tenant_code))) (await tenantConfig(ctx.db, t)).categories.forEach((c) => cats.set(c.id, c));
  return { items: rows.map((r) => residentSummary(r, cats.get(r.category_id))), total: rows.length };
}

/** One case of the reporter with its public timeline; `caseRow` lets callers that found the case otherwise (lookup code) reuse this. */
export async function reporterCaseView(ctx: AppContext, userId: string | null, caseId: string, caseRow?: CaseRow) {
  const c = caseRow ?? await runAsSystem(() => ctx.db.selectFrom('cases').selectAll().where('id', '=', caseId)
    .where('reporter_user_id', '=', userId ?? '').executeTakeFirst());
  if (!c) throw caseNotFound();
  const cfg = await tenantConfig(ctx.db, c.tenant_code);
  const events = await runAsSystem(() => ctx.db.selectFrom('case_events').selectAll().where('case_id', '=', c.id).where('public', '=', true)
    .orderBy('at').orderBy('id').execute());
  const names = await orgNames(ctx.db, events.map((e) => e.org_id));
  const photos = await runAsSystem(() => ctx.db.selectFrom('case_attachments').select(['id']).where('case_id', '=', c.id).orderBy('id').execute());
  return {
    case: residentSummary(c, cfg.categories.find((x) => x.id === c.category_id)),
    timeline: events.map((e) => ({
      action: e.action, state: e.to_state, stateZh: e.to_state ? STATE_ZH[e.to_state] ?? e.to_state : null,
      by: e.actor_kind === 'resident' ? '本人' : e.org_id ? names.get(e.org_id)?.name ?? '工作人员' : e.actor_kind === 'system' ? '系统' : '工作人员',
      // the handler's feedback and reasons concern the reporter; other notes stay internal
      note: ['handle', 'reject', 'master_closed', 'callback'].includes(e.action) ? e.note : null,
      at: e.at.toISOString(),
    })),
    photoIds: photos.map((p) => p.id),
  };
}

/**
 * One photo of a case the resident reported (the reporter's own photos and the handler's
 * photos of the result): the bytes and type, or null when the case is not theirs or the photo
 * is not of that case.
 */
export async function reporterAttachment(ctx: AppContext, userId: string, caseId: string, attachmentId: string) {
  const a = await runAsSystem(() => ctx.db.selectFrom('case_attachments as a').innerJoin('cases as c', 'c.id', 'a.case_id')
    .select(['a.mime', 'a.storage_key']).where('a.id', '=', attachmentId).where('c.id', '=', caseId).where('c.reporter_user_id', '=', userId)
    .executeTakeFirst());
  if (!a) return null;
  return { mime: a.mime, bytes: await readAttachment(ctx, a.storage_key) };
}
