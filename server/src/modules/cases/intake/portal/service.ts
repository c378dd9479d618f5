/**
 * The residents' portal: report (logged in, or with a phone number and no account), follow
 * one's own cases on a status timeline, rate the outcome. Residents see their own cases wherever
 * they are, so reads select by reporter (or by number + confirmation code) in the system scope,
 * and only the fields meant for the reporter: no staff names, no internal events.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../../../platform/context.js';
import type { Principal } from '../../../../platform/auth/principal.js';
import { runAsSystem } from '../../../../platform/db/scope-context.js';
import { AppError, invalid, notFound } from '../../../../platform/http/errors.js';
import { storeAttachment } from '../../attachments.js';
import { resolveLocation } from '../../location.js';
import { actOnCase, actorFromPrincipal } from '../../service.js';
import type { CaseState } from '../../tables.js';
import { listReporterCases, reporterCaseView } from '../../resident.js';
import { createIntakeCase, hashLookupCode, type IntakeSource } from '../create.js';
import { publicStatus, STATE_LABELS } from '../states.js';
import type { AnonymousReport, PortalLocation, Rating, ResidentReport } from './schema.js';

const caseNotFound = () => notFound('Case', '诉求');
/** After this many wrong codes for one case, looking it up is refused (the code is 8 of 31 characters). */
const MAX_LOOKUP_FAILURES = 10;

/**
 * The portal's location → the case core's: a grid code becomes the grid, a community code the
 * community (the case lies at the community when no grid is given) and its street.
 */
async function toCaseLocation(ctx: AppContext, l: PortalLocation) {
  return runAsSystem(async () => {
    let gridId = l.gridId;
    let streetCode = l.streetCode;
    let address = l.address;
    let communityId: string | undefined;
    if (!gridId && l.gridCode) {
      const g = await ctx.db.selectFrom('org_units').select('id').where('code', '=', l.gridCode).where('kind', 'in', ['grid', 'microgrid'])
        .where('status', '=', 'active').executeTakeFirst();
      if (!g) throw invalid('Unknown grid', '网格不存在', [{ path: 'body.location.gridCode', message: 'no such grid', message_zh: '未找到该网格' }]);
      gridId = g.id;
    }
    if (!gridId && l.communityCode) {
      const c = await ctx.db.selectFrom('org_units').select(['id', 'tenant_code', 'name']).where('code', '=', l.communityCode).where('kind', '=', 'community')
        .where('status', '=', 'active').executeTakeFirst();
      if (!c) throw invalid('Unknown community', '社区不存在', [{ path: 'body.location.communityCode', message: 'no such community', message_zh: '未找到该社区' }]);
      communityId = c.id;
      streetCode ??= c.tenant_code;
      address = address ? (address.startsWith(c.name) ? address : `${c.name} ${address}`) : c.name;
    }
    return { gridId, communityId, streetCode, address, lng: l.lng, lat: l.lat };
  });
}

/** Decodes and stores the photos (checked by content in storeAttachment) before the case exists. */
async function storePhotos(ctx: AppContext, tenantCode: string, uploaderId: string | null, photos: Array<{ dataBase64: string }>) {
  const ids: string[] = [];
  for (const [i, p] of photos.entries()) {
    const b64 = p.dataBase64.replace(/^data:[^;]+;base64,/, '');
    if (!/^[A-Za-z0-9+/=\s]+$/.test(b64)) {
      throw invalid('A photo is not base64', '图片编码不正确', [{ path: `body.photos.${i}`, message: 'not base64', message_zh: '不是 base64 编码' }]);
    }
    ids.push((await storeAttachment(ctx, tenantCode, uploaderId, Buffer.from(b64, 'base64'))).id);
  }
  return ids;
}

async function report(ctx: AppContext, source: IntakeSource, body: ResidentReport | AnonymousReport, reporter: { name?: string; phone?: string }, ip: string, lookupCode: boolean) {
  const location = await toCaseLocation(ctx, body.location);
  const fallbackTenant = source.kind === 'resident' ? source.principal.tenantCode : null;
  const place = await resolveLocation(ctx.db, location, fallbackTenant);
  const uploader = source.kind === 'resident' ? source.principal.userId : null;
  const attachmentIds = await storePhotos(ctx, place.tenantCode, uploader, body.photos);
  // no title given: the start of the description, marked as cut when it is
  const words = body.description.replace(/\s+/g, ' ').trim();
  const title = body.title ?? (words.length > 30 ? `${words.slice(0, 29)}…` : words);
  return createIntakeCase(ctx, source, {
    channel: 'portal', category: body.category, title, description: body.description, location: { ...location, streetCode: location.streetCode ?? place.tenantCode },
    reporter, urgency: body.urgency, attachmentIds,
  }, { ip, lookupCode });
}

export async function residentReport(ctx: AppContext, p: Principal, body: ResidentReport, ip: string) {
  const me = await runAsSystem(() => ctx.db.selectFrom('users').select(['name', 'mobile']).where('id', '=', p.userId).executeTakeFirst());
  const created = await report(ctx, { kind: 'resident', principal: p }, body, { name: me?.name, phone: me?.mobile ?? undefined }, ip, false);
  return { id: created.id, number: created.number, state: created.case.state, stateZh: STATE_LABELS[created.case.state as CaseState].zh };
}

export async function anonymousReport(ctx: AppContext, body: AnonymousReport, ip: string) {
  const created = await report(ctx, { kind: 'anonymous' }, body, { name: body.name, phone: body.phone }, ip, true);
  return {
    number: created.number,
    /** shown once: with the number it looks the case up (POST /api/portal/lookup) */
    lookupCode: created.lookupCode!,
    message: '请记下诉求编号和查询码，用于查询办理进度；查询码只显示这一次。',
    messageEn: 'Note the case number and the confirmation code to follow your case; the code is shown only this once.',
  };
}

/** The reporter's own cases and timelines come from the case core (cases/resident.ts). */
export function myCases(ctx: AppContext, p: Principal) {
  return listReporterCases(ctx, p.userId);
}

export function myCase(ctx: AppContext, p: Principal, id: string) {
  return reporterCaseView(ctx, p.userId, id);
}

/** 回访 by the reporter: the case core's callback action, acting on exactly this one case. */
export async function rateMyCase(ctx: AppContext, p: Principal, id: string, rating: Rating, ip: string) {
  const own = await runAsSystem(() => ctx.db.selectFrom('cases').select(['id', 'path']).where('id', '=', id)
    .where('reporter_user_id', '=', p.userId).executeTakeFirst());
  if (!own) throw caseNotFound();
  // the reporter acts on their own case wherever it lies: the case is the actor's whole scope
  const actor = { ...actorFromPrincipal(p), scopePaths: [own.path] };
  await actOnCase(ctx, actor, id, { action: 'callback', satisfaction: rating.satisfaction, resolved: rating.resolved, note: rating.comment }, { ip });
  return myCase(ctx, p, id);
}

/** An anonymous reporter's look-up: case number + the code shown once. Wrong codes are counted per case. */
export async function lookupCase(ctx: AppContext, number: string, code: string) {
  const found = await runAsSystem(async () => {
    const c = await ctx.db.selectFrom('cases').selectAll().where('number', '=', number).executeTakeFirst();
    const lock = c && await ctx.db.selectFrom('case_lookup_codes').select(['code_hash', 'failed_attempts']).where('case_id', '=', c.id).executeTakeFirst();
    // the same answer for "no such case", "no code" and "wrong code": nothing to learn by probing
    if (!c || !lock) throw caseNotFound();
    if (lock.failed_attempts >= MAX_LOOKUP_FAILURES) {
      throw new AppError(423, 'locked', 'Too many wrong codes for this case; ask the community office', '查询码错误次数过多，请联系社区工作人员查询');
    }
    if (hashLookupCode(c.id, code) !== lock.code_hash) {
      await ctx.db.updateTable('case_lookup_codes').set({ failed_attempts: sql`failed_attempts + 1` }).where('case_id', '=', c.id).execute();
      throw caseNotFound();
    }
    return c;
  });
  const view = await reporterCaseView(ctx, null, found.id, found);
  return { ...view, case: { ...view.case, status: publicStatus(found.state), canRate: false } };
}
