/** The indicator table as an Excel workbook (exceljs): one row per group, the total last. */
import ExcelJS from 'exceljs';
import type { indicatorTable } from './service.js';
import { FIGURES, FIGURE_CODES } from './definitions.js';

type Table = Awaited<ReturnType<typeof indicatorTable>>;

const RATE_COLUMNS = [
  ['response_rate', '响应率'], ['resolution_rate', '解决率'], ['satisfaction_rate', '满意率'], ['score', '综合得分'],
  ['close_rate', '结案率'], ['on_time_close_rate', '按期结案率'], ['rework_rate', '返工率'], ['delay_rate', '延期率'],
  ['avg_sign_hours', '平均签收时长(小时)'], ['avg_close_hours', '平均结案时长(小时)'],
] as const;
const PERCENT = new Set(['response_rate', 'resolution_rate', 'satisfaction_rate', 'close_rate', 'on_time_close_rate', 'rework_rate', 'delay_rate']);

export async function indicatorWorkbook(t: Table): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Rongzhi 融治';
  const ws = wb.addWorksheet('考评指标');
  ws.addRow([`${t.org.name} 考评指标`, `${t.period.from} 至 ${t.period.to}`]);
  ws.addRow([
    `权重：响应率 ${t.config.weights.response}，解决率 ${t.config.weights.resolution}，满意率 ${t.config.weights.satisfaction}；` +
    `满意 ${t.config.scores.satisfied}，基本满意 ${t.config.scores.basically_satisfied}，不满意 ${t.config.scores.unsatisfied}`,
  ]);
  const header = ['分组', ...RATE_COLUMNS.map(([, zh]) => zh), ...FIGURE_CODES.map((f) => FIGURES[f].zh)];
  ws.addRow(header).font = { bold: true };
  const line = (label: string, r: Table['total']) => [
    label,
    ...RATE_COLUMNS.map(([k]) => r.rates[k]),
    ...FIGURE_CODES.map((f) => r.counts[f]),
  ];
  for (const r of t.rows) ws.addRow(line(r.label, r));
  ws.addRow(line('合计', t.total)).font = { bold: true };
  RATE_COLUMNS.forEach(([k], i) => {
    if (PERCENT.has(k)) ws.getColumn(i + 2).numFmt = '0.00%';
  });
  ws.getColumn(1).width = 24;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
