import type { CaseState } from '../tables.js';

/** How a case state reads to the public and the reporter (Open311 status_notes, portal, public page). */
export const STATE_LABELS: Record<CaseState, { zh: string; en: string }> = {
  reported: { zh: '已上报', en: 'Reported' },
  accepted: { zh: '已受理', en: 'Accepted' },
  rejected: { zh: '不予立案', en: 'Not accepted' },
  dispatched: { zh: '已派遣', en: 'Dispatched' },
  returned: { zh: '已退单', en: 'Returned for re-dispatch' },
  signed: { zh: '已签收', en: 'Signed for' },
  in_progress: { zh: '办理中', en: 'In progress' },
  delay_requested: { zh: '申请延期', en: 'Delay requested' },
  escalated: { zh: '已上报上级', en: 'Escalated' },
  handled: { zh: '已办理待核查', en: 'Handled, being verified' },
  closed: { zh: '已结案', en: 'Closed' },
  called_back: { zh: '已回访', en: 'Called back' },
  archived: { zh: '已归档', en: 'Archived' },
  merged: { zh: '已合并', en: 'Merged into another case' },
};

/** Closed from the reporter's point of view: nothing more will be done unless it is reopened. */
export const FINISHED_STATES: ReadonlySet<CaseState> = new Set(['rejected', 'closed', 'called_back', 'archived', 'merged']);

export function publicStatus(state: CaseState): 'open' | 'closed' {
  return FINISHED_STATES.has(state) ? 'closed' : 'open';
}

export function stateNote(state: CaseState): string {
  const l = STATE_LABELS[state];
  return `${l.zh} · ${l.en} (${state})`;
}
