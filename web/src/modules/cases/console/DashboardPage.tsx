import { Button, Card, Col, DatePicker, Drawer, Form, Row, Select, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../../auth/session';
import { OrgPicker } from '../../../components/OrgPicker';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { fmtTime } from '../../../lib/format';
import { useLoad } from '../../../lib/hooks';
import {
  indicatorApi, RATE_FIGURES, type DrillItem, type Figure, type GroupBy, type IndicatorQuery, type IndicatorRow, type RateCode,
} from '../api';
import { StateTag } from '../ui';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const GROUP_BYS: GroupBy[] = ['org', 'grid', 'category', 'channel', 'month', 'none'];
const THREE: RateCode[] = ['response_rate', 'resolution_rate', 'satisfaction_rate'];
const CARDS: RateCode[] = ['response_rate', 'resolution_rate', 'satisfaction_rate', 'score', 'close_rate', 'on_time_close_rate', 'rework_rate', 'delay_rate', 'avg_sign_hours', 'avg_close_hours'];
const TABLE_FIGURES: Figure[] = ['received', 'accepted', 'closed', 'closed_on_time', 'responded_on_time', 'called_back', 'resolved', 'satisfied', 'basically_satisfied', 'unsatisfied', 'reworked', 'delayed', 'overdue', 'rejected'];
const COLORS = ['#b7202e', '#d48806', '#1677ff'];

/** A rate as people read it: 0.873 → 87.3 %; hours stay hours; the score is already 0–100. */
function showRate(code: RateCode, v: number | null, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (v === null || v === undefined) return '—';
  if (code === 'score') return v.toFixed(1);
  if (code === 'avg_sign_hours' || code === 'avg_close_hours') return t('cases.dash.hours', { h: v.toFixed(1) });
  return `${(v * 100).toFixed(1)}%`;
}

interface Drill { figure: Figure; key?: string; label: string }

export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const [q, setQ] = useState<IndicatorQuery>(() => ({
    orgId: me?.scopes[0]?.orgId, from: dayjs().startOf('year').format('YYYY-MM-DD'), to: dayjs().format('YYYY-MM-DD'), groupBy: 'org',
  }));
  const { data, error, loading } = useLoad(() => indicatorApi.table(q), [JSON.stringify(q)]);
  const [drill, setDrill] = useState<Drill | null>(null);

  const rowLabel = (r: IndicatorRow) => (q.groupBy === 'channel' ? t(`cases.channel.${r.key}`, { defaultValue: r.label }) : r.label);

  const chartRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => data?.rows ?? [], [data]);
  useEffect(() => {
    if (!chartRef.current || !data) return;
    const chart = echarts.init(chartRef.current);
    const cats = q.groupBy === 'none' ? [data.org.name] : rows.map(rowLabel);
    const src = q.groupBy === 'none' ? [{ key: 'all', rates: data.total.rates }] : rows;
    chart.setOption({
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${v}%`) },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: cats, axisLabel: { interval: 0, rotate: cats.length > 5 ? 30 : 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: THREE.map((code, i) => ({
        name: t(`cases.dash.rates.${code}`), type: 'bar', itemStyle: { color: COLORS[i] },
        data: src.map((r) => (r.rates[code] === null ? null : Math.round(r.rates[code]! * 1000) / 10)),
      })),
    });
    // a bar opens the cases behind its rate's numerator, for that row
    chart.on('click', (p) => {
      const code = THREE[p.seriesIndex ?? 0]!;
      const row = q.groupBy === 'none' ? undefined : rows[p.dataIndex];
      setDrill({ figure: RATE_FIGURES[code]![0], key: row?.key, label: row ? rowLabel(row) : data.org.name });
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => { window.removeEventListener('resize', onResize); chart.dispose(); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, rows, t]);

  const countCell = (figure: Figure, row?: IndicatorRow) => (n: number) => (
    <a data-testid={`drill-${figure}${row ? '' : '-total'}`} onClick={() => setDrill({ figure, key: row?.key, label: row ? rowLabel(row) : data!.org.name })}>{n}</a>
  );

  return (
    <div data-testid="cases-dashboard">
      <Card style={{ marginBottom: 12 }} title={<Typography.Title level={4} style={{ margin: 0 }}>{t('cases.dash.title')}</Typography.Title>}
        extra={
          <a href={indicatorApi.exportUrl(q)} download data-testid="dash-export">
            <Button icon={<DownloadOutlined />}>{t('cases.dash.export')}</Button>
          </a>
        }>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('cases.dash.org')} style={{ minWidth: 240 }}>
            <OrgPicker value={q.orgId} onChange={(v: string) => setQ({ ...q, orgId: v })} maxDepthKinds={['district', 'street', 'community', 'grid']} />
          </Form.Item>
          <Form.Item label={t('cases.dash.period')}>
            <DatePicker.RangePicker allowClear={false} value={[dayjs(q.from), dayjs(q.to)]}
              onChange={(v) => { const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null]; if (a && b) setQ({ ...q, from: a.format('YYYY-MM-DD'), to: b.format('YYYY-MM-DD') }); }} />
          </Form.Item>
          <Form.Item label={t('cases.dash.groupBy')}>
            <Select data-testid="dash-groupby" value={q.groupBy} style={{ width: 140 }} onChange={(g) => setQ({ ...q, groupBy: g })}
              options={GROUP_BYS.map((g) => ({ value: g, label: t(`cases.dash.groupBys.${g}`) }))} />
          </Form.Item>
        </Form>
      </Card>
      <ProblemAlert error={error} />
      {data && (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            {CARDS.map((code) => (
              <Col xs={12} sm={8} md={6} xl={4} key={code}>
                <Card size="small" hoverable={!!RATE_FIGURES[code]} data-testid={`rate-${code}`} data-value={data.total.rates[code] ?? ''}
                  data-num={RATE_FIGURES[code] ? data.total.counts[RATE_FIGURES[code]![0]] : undefined} data-den={RATE_FIGURES[code] ? data.total.counts[RATE_FIGURES[code]![1]] : undefined}
                  onClick={() => RATE_FIGURES[code] && setDrill({ figure: RATE_FIGURES[code]![0], label: data.org.name })}>
                  <Statistic title={t(`cases.dash.rates.${code}`)} value={showRate(code, data.total.rates[code], t)}
                    valueStyle={{ color: THREE.includes(code) || code === 'score' ? '#b7202e' : undefined, fontSize: 22 }} />
                  {RATE_FIGURES[code] && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {data.total.counts[RATE_FIGURES[code]![0]]} / {data.total.counts[RATE_FIGURES[code]![1]]}
                    </Typography.Text>
                  )}
                </Card>
              </Col>
            ))}
          </Row>
          <Card size="small" title={t('cases.dash.chart')} extra={<Typography.Text type="secondary">{t('cases.dash.drillHint')}</Typography.Text>} style={{ marginBottom: 12 }}>
            <div ref={chartRef} style={{ height: 320 }} data-testid="dash-chart" />
          </Card>
          <Card size="small" title={t('cases.dash.counts')}>
            <Table<IndicatorRow>
              data-testid="dash-table"
              rowKey="key"
              size="small"
              loading={loading}
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={rows}
              summary={() => (
                <Table.Summary.Row style={{ fontWeight: 600 }}>
                  <Table.Summary.Cell index={0}>{t('common.all')}</Table.Summary.Cell>
                  {THREE.map((code, i) => <Table.Summary.Cell key={code} index={i + 1}>{showRate(code, data.total.rates[code], t)}</Table.Summary.Cell>)}
                  {TABLE_FIGURES.map((f, i) => <Table.Summary.Cell key={f} index={i + 4}>{countCell(f)(data.total.counts[f])}</Table.Summary.Cell>)}
                </Table.Summary.Row>
              )}
              columns={[
                { title: t('cases.dash.row'), key: 'label', fixed: 'left', render: (_: unknown, r) => rowLabel(r) },
                ...THREE.map((code) => ({ title: t(`cases.dash.rates.${code}`), key: code, render: (_: unknown, r: IndicatorRow) => showRate(code, r.rates[code], t) })),
                ...TABLE_FIGURES.map((f) => ({
                  title: <Tooltip title={t(`cases.dash.figures.${f}`)}>{t(`cases.dash.figures.${f}`)}</Tooltip>, key: f,
                  render: (_: unknown, r: IndicatorRow) => countCell(f, r)(r.counts[f]),
                })),
              ]}
            />
          </Card>
        </>
      )}
      <DrillDrawer drill={drill} q={q} onClose={() => setDrill(null)} lang={i18n.language} />
    </div>
  );
}

/** The cases behind one figure (of one row): exactly those counted, from the same predicate on the server. */
function DrillDrawer({ drill, q, onClose, lang }: { drill: Drill | null; q: IndicatorQuery; onClose(): void; lang: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [drill]);
  const { data, error, loading } = useLoad(
    () => (drill ? indicatorApi.drill({ ...q, key: q.groupBy === 'none' ? undefined : drill.key, figure: drill.figure, page, pageSize: 20 }) : Promise.resolve(null)),
    [JSON.stringify(drill), JSON.stringify(q), page],
  );
  return (
    <Drawer open={!!drill} onClose={onClose} width={Math.min(900, window.innerWidth)} data-testid="drill-drawer"
      title={drill ? t('cases.dash.drillTitle', { figure: t(`cases.dash.figures.${drill.figure}`), row: drill.label }) : ''}>
      <ProblemAlert error={error} />
      <Table<DrillItem>
        data-testid="drill-table"
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t('cases.inbox.number'), dataIndex: 'number', render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link> },
          { title: t('cases.inbox.titleCol'), dataIndex: 'title', ellipsis: true, width: 220 },
          { title: t('cases.inbox.category'), dataIndex: 'categoryName' },
          { title: t('cases.inbox.state'), dataIndex: 'state', render: (s) => <StateTag state={s} /> },
          { title: t('cases.inbox.grid'), dataIndex: 'gridName', render: (v) => v ?? '—' },
          { title: t('cases.dialog.satisfaction'), dataIndex: 'satisfaction', render: (v) => (v ? t(`cases.satisfaction.${v}`) : '—') },
          { title: t('cases.inbox.created'), dataIndex: 'createdAt', render: (v) => fmtTime(v, lang) },
        ]}
      />
      <Space />
    </Drawer>
  );
}
