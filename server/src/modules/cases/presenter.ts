/** How a case looks in responses: personal data masked, orgs and categories named. */
import { maskPhone } from '../../platform/privacy/mask.js';
import type { CaseRow } from './repo.js';
import type { CategoryRow } from './sla.js';

export const STATE_ZH: Record<string, string> = {
  reported: '待受理', accepted: '已立案', rejected: '不予立案', dispatched: '已派遣', returned: '已退单', signed: '已签收',
  in_progress: '办理中', delay_requested: '延期申请中', escalated: '已上报', handled: '已办结待核查', closed: '已结案待回访',
  called_back: '已回访（不满意）', archived: '已归档', merged: '已合并',
};

type Names = Map<string, { name: string }>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentCase(c: CaseRow, categories: CategoryRow[], orgs: Names) {
  const cat = categories.find((x) => x.id === c.category_id);
  return {
    id: c.id, number: c.number, channel: c.channel, state: c.state, stateZh: STATE_ZH[c.state] ?? c.state, version: c.version,
    category: { id: c.category_id, code: c.category_code, nameZh: cat?.name_zh ?? c.category_code, nameEn: cat?.name_en ?? c.category_code },
    title: c.title, description: c.description,
    location: {
      address: c.address, buildingId: c.building_id, roomId: c.room_id, householdId: c.household_id, lng: c.lng, lat: c.lat,
      gridId: c.grid_id, gridName: c.grid_id ? orgs.get(c.grid_id)?.name ?? null : null,
      communityId: c.community_id, communityName: c.community_id ? orgs.get(c.community_id)?.name ?? null : null,
    },
    reporter: {
      personId: c.reporter_person_id, userId: c.reporter_user_id, anonymous: c.anonymous,
      name: c.anonymous ? null : c.reporter_name, phoneMasked: maskPhone(c.reporter_phone),
      // reporter_tags (care groups, some sensitive) feed proactive discovery only and are never shown
    },
    urgency: c.urgency, importance: c.importance, peopleInvolved: c.people_involved,
    owner: c.owner_org_id ? { orgId: c.owner_org_id, name: orgs.get(c.owner_org_id)?.name ?? null } : null,
    handler: c.handler_org_id ? { orgId: c.handler_org_id, name: orgs.get(c.handler_org_id)?.name ?? null, userId: c.handler_user_id, userName: c.handler_name } : null,
    route: c.route_org_id ? { orgId: c.route_org_id, name: orgs.get(c.route_org_id)?.name ?? null, auto: c.route_auto } : null,
    level: c.level,
    deadlines: {
      acceptDue: iso(c.accept_due), acceptRedDue: iso(c.accept_red_due), respondDue: iso(c.respond_due),
      handleDue: iso(c.handle_due), handleRedDue: iso(c.handle_red_due), verifyDue: iso(c.verify_due),
    },
    overdue: c.overdue, supervisionLevel: c.supervision_level, handledOnTime: c.handled_on_time,
    rejectReason: c.reject_reason, feedback: c.feedback, delayRequestedDays: c.delay_requested_days === null ? null : Number(c.delay_requested_days),
    counts: { rework: c.rework_count, reopen: c.reopen_count, delay: c.delay_count, transfer: c.transfer_count, return: c.return_count, escalation: c.escalation_count },
    callback: c.callback_at ? { satisfaction: c.satisfaction, resolved: c.resolved, at: iso(c.callback_at) } : null,
    mergedIntoId: c.merged_into_id, sourceCaseIds: c.source_case_ids,
    times: {
      createdAt: iso(c.created_at), acceptedAt: iso(c.accepted_at), dispatchedAt: iso(c.dispatched_at), signedAt: iso(c.signed_at),
      respondedAt: iso(c.responded_at), handledAt: iso(c.handled_at), closedAt: iso(c.closed_at), archivedAt: iso(c.archived_at),
    },
  };
}
export type CaseView = ReturnType<typeof presentCase>;

export function presentCaseListItem(c: CaseRow, categories: CategoryRow[], orgs: Names) {
  const cat = categories.find((x) => x.id === c.category_id);
  return {
    id: c.id, number: c.number, channel: c.channel, state: c.state, stateZh: STATE_ZH[c.state] ?? c.state, title: c.title,
    category: { id: c.category_id, code: c.category_code, nameZh: cat?.name_zh ?? c.category_code },
    gridName: c.grid_id ? orgs.get(c.grid_id)?.name ?? null : null,
    handlerName: c.handler_org_id ? orgs.get(c.handler_org_id)?.name ?? null : null,
    urgency: c.urgency, overdue: c.overdue, supervisionLevel: c.supervision_level,
    acceptDue: iso(c.accept_due), handleDue: iso(c.handle_due), createdAt: iso(c.created_at),
    reporterName: c.anonymous ? null : c.reporter_name, reporterPhoneMasked: maskPhone(c.reporter_phone),
  };
}
