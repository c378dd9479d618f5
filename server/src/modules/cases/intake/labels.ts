import type { CaseChannel } from '../tables.js';

/** Intake channels as people read them. */
export const CHANNEL_LABELS: Record<CaseChannel, { zh: string; en: string }> = {
  portal: { zh: '居民端', en: 'Residents\' portal' },
  grid_report: { zh: '网格员上报', en: 'Grid worker report' },
  hotline: { zh: '热线来电', en: 'Hotline' },
  upper_assignment: { zh: '上级交办', en: 'Assigned from above' },
  open311: { zh: '开放接口', en: 'Open311' },
  proactive: { zh: '主动发现', en: 'Proactive discovery' },
  staff: { zh: '工作人员登记', en: 'Staff entry' },
};

export const SATISFACTION_LABELS = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
} as const;
