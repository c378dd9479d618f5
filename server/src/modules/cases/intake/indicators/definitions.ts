/**
 * The indicators (考评指标) as data: every figure is a predicate over one case row, every rate a
 * ratio of two figures. The aggregate query counts `FILTER (WHERE predicate)` and the drill-down
 * lists `WHERE predicate` — the same SQL text — so a figure and the cases behind it cannot drift
 * apart. docs/indicators.md states the same definitions in words; keep the two in step.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** The cases the street must close (应结案): taken on, not rejected, not merged into another. */
const ACCEPTED = sql<SqlBool>`c.state NOT IN ('reported','rejected','merged')`;
const CLOSED = sql<SqlBool>`(${ACCEPTED} AND c.closed_at IS NOT NULL AND c.state IN ('closed','called_back','archived'))`;
const DEFERRED = sql<SqlBool>`(${ACCEPTED} AND NOT ${CLOSED} AND c.delay_count > 0)`;

export const FIGURES = {
  received: { zh: '受理总量', en: 'Received', where: sql<SqlBool>`true` },
  rejected: { zh: '不予立案', en: 'Rejected', where: sql<SqlBool>`c.state = 'rejected'` },
  accepted: { zh: '应结案数', en: 'To be closed (accepted)', where: ACCEPTED },
  deferred: { zh: '缓办数', en: 'Deferred (approved delay, still open)', where: DEFERRED },
  close_base: { zh: '应结案数−缓办数', en: 'To be closed minus deferred', where: sql<SqlBool>`(${ACCEPTED} AND NOT ${DEFERRED})` },
  closed: { zh: '结案数', en: 'Closed', where: CLOSED },
  closed_on_time: { zh: '按期结案数', en: 'Closed on time', where: sql<SqlBool>`(${CLOSED} AND c.handled_on_time IS TRUE)` },
  responded_on_time: {
    zh: '及时响应数', en: 'Responded in time',
    where: sql<SqlBool>`(${ACCEPTED} AND c.responded_at IS NOT NULL AND (c.respond_due IS NULL OR c.responded_at <= c.respond_due))`,
  },
  called_back: { zh: '回访数（是否解决）', en: 'Called back (resolved answered)', where: sql<SqlBool>`c.resolved IS NOT NULL` },
  resolved: { zh: '已解决数', en: 'Resolved', where: sql<SqlBool>`c.resolved IS TRUE` },
  rated: { zh: '参评数（满意度）', en: 'Rated', where: sql<SqlBool>`c.satisfaction IS NOT NULL` },
  satisfied: { zh: '满意', en: 'Satisfied', where: sql<SqlBool>`c.satisfaction = 'satisfied'` },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied', where: sql<SqlBool>`c.satisfaction = 'basically_satisfied'` },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied', where: sql<SqlBool>`c.satisfaction = 'unsatisfied'` },
  handled: { zh: '已办理反馈数', en: 'Handled (feedback given)', where: sql<SqlBool>`c.handled_at IS NOT NULL` },
  reworked: { zh: '返工数', en: 'Reworked (verification failed)', where: sql<SqlBool>`(c.handled_at IS NOT NULL AND c.rework_count > 0)` },
  delayed: { zh: '延期数', en: 'Delayed', where: sql<SqlBool>`(${ACCEPTED} AND c.delay_count > 0)` },
  signed: { zh: '已签收数', en: 'Signed', where: sql<SqlBool>`(c.signed_at IS NOT NULL AND c.dispatched_at IS NOT NULL)` },
  overdue: { zh: '超期数', en: 'Overdue', where: sql<SqlBool>`c.overdue IS TRUE` },
} as const satisfies Record<string, { zh: string; en: string; where: RawBuilder<SqlBool> }>;

export type FigureCode = keyof typeof FIGURES;
export const FIGURE_CODES = Object.keys(FIGURES) as FigureCode[];
export type Counts = Record<FigureCode, number>;

/** Sums of durations (hours) for the averages, over the cases of `over`. */
export const DURATIONS = {
  sign_hours: { over: 'signed', expr: sql<number>`extract(epoch FROM c.signed_at - c.dispatched_at) / 3600.0` },
  close_hours: { over: 'closed', expr: sql<number>`extract(epoch FROM c.closed_at - c.created_at) / 3600.0` },
} as const satisfies Record<string, { over: FigureCode; expr: RawBuilder<number> }>;
export type DurationCode = keyof typeof DURATIONS;
export type DurationSums = Record<DurationCode, number>;

/** The weights and callback scores; per street in `indicator_settings`. */
export interface IndicatorConfig {
  weights: { response: number; resolution: number; satisfaction: number };
  scores: { satisfied: number; basically_satisfied: number; unsatisfied: number };
}

/** Beijing 接诉即办 practice: response 10 %, resolution 45 %, satisfaction 45 %; 基本满意 counts 0.8. */
export const DEFAULT_CONFIG: IndicatorConfig = {
  weights: { response: 0.1, resolution: 0.45, satisfaction: 0.45 },
  scores: { satisfied: 1, basically_satisfied: 0.8, unsatisfied: 0 },
};

/** Each rate: numerator and denominator figures (the drill-down targets). */
export const RATES = {
  response_rate: { zh: '响应率', en: 'Response rate', num: 'responded_on_time', den: 'accepted' },
  resolution_rate: { zh: '解决率', en: 'Resolution rate', num: 'resolved', den: 'called_back' },
  satisfaction_rate: { zh: '满意率', en: 'Satisfaction rate', num: 'rated', den: 'rated' }, // weighted, see computeRates
  close_rate: { zh: '结案率', en: 'Close rate', num: 'closed', den: 'close_base' },
  on_time_close_rate: { zh: '按期结案率', en: 'On-time close rate', num: 'closed_on_time', den: 'close_base' },
  rework_rate: { zh: '返工率', en: 'Rework rate', num: 'reworked', den: 'handled' },
  delay_rate: { zh: '延期率', en: 'Delay rate', num: 'delayed', den: 'accepted' },
} as const satisfies Record<string, { zh: string; en: string; num: FigureCode; den: FigureCode }>;
export type RateCode = keyof typeof RATES | 'score';

export interface Rates {
  response_rate: number | null;
  resolution_rate: number | null;
  satisfaction_rate: number | null;
  /** 0–100, the weighted score of the three rates */
  score: number | null;
  close_rate: number | null;
  on_time_close_rate: number | null;
  rework_rate: number | null;
  delay_rate: number | null;
  avg_sign_hours: number | null;
  avg_close_hours: number | null;
}

const ratio = (num: number, den: number) => (den > 0 ? num / den : null);
const round = (x: number | null, digits = 4) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/**
 * The formulas (pure). A rate whose denominator is zero is null ("no data"), not 0 or 100 %.
 * The score weights only the rates that have data, renormalising their weights, so a unit
 * with no callbacks yet is judged on what it has.
 */
export function computeRates(c: Counts, d: DurationSums, cfg: IndicatorConfig = DEFAULT_CONFIG): Rates {
  const response = ratio(c.responded_on_time, c.accepted);
  const resolution = ratio(c.resolved, c.called_back);
  const satisfaction = ratio(
    c.satisfied * cfg.scores.satisfied + c.basically_satisfied * cfg.scores.basically_satisfied + c.unsatisfied * cfg.scores.unsatisfied,
    c.rated,
  );
  const parts: Array<[number | null, number]> = [
    [response, cfg.weights.response], [resolution, cfg.weights.resolution], [satisfaction, cfg.weights.satisfaction],
  ];
  const weight = parts.reduce((s, [r, w]) => s + (r === null ? 0 : w), 0);
  const score = weight > 0 ? (100 * parts.reduce((s, [r, w]) => s + (r === null ? 0 : r * w), 0)) / weight : null;
  return {
    response_rate: round(response),
    resolution_rate: round(resolution),
    satisfaction_rate: round(satisfaction),
    score: round(score, 2),
    close_rate: round(ratio(c.closed, c.close_base)),
    on_time_close_rate: round(ratio(c.closed_on_time, c.close_base)),
    rework_rate: round(ratio(c.reworked, c.handled)),
    delay_rate: round(ratio(c.delayed, c.accepted)),
    avg_sign_hours: round(ratio(d.sign_hours, c.signed), 2),
    avg_close_hours: round(ratio(d.close_hours, c.closed), 2),
  };
}

export function emptyCounts(): Counts {
  return Object.fromEntries(FIGURE_CODES.map((k) => [k, 0])) as Counts;
}
