/**
 * Statistics of a grid / community / street, counted live by the server from the registry
 * (数据一次采集、多方利用). ECharts is loaded with this page only (the route is lazy).
 */
import { Card, Col, Empty, Row, Statistic, Table, Typography } from 'antd';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../../auth/session';
import { OrgPicker } from '../../../components/OrgPicker';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { useIsPhone, useLoad } from '../../../lib/hooks';
import { registryApi, type RegistryStats } from '../api';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const RED = '#b7202e';
const PALETTE = ['#b7202e', '#2563eb', '#f59e0b', '#10b981', '#8b5cf6', '#64748b'];

/** One chart; re-rendered when its option changes, resized with the window. */
function Chart({ option, height = 280, testId }: { option: echarts.EChartsCoreOption; height?: number; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    chart.current = echarts.init(ref.current);
    // the card's width settles after layout (sider, grid columns): follow the container, not the window
    const ro = new ResizeObserver(() => chart.current?.resize());
    ro.observe(ref.current);
    return () => { ro.disconnect(); chart.current?.dispose(); chart.current = null; };
  }, []);
  useEffect(() => { chart.current?.setOption(option, true); }, [option]);
  return <div ref={ref} data-testid={testId} style={{ width: '100%', height }} />;
}

function options(s: RegistryStats, t: (k: string, o?: Record<string, unknown>) => string, zh: boolean, phone: boolean) {
  const popTypes = ['registered', 'resident', 'floating', 'overseas'] as const;
  const tags = s.tags.filter((x) => x.total > 0);
  const entityTypes = Object.entries(s.entities.byType).filter(([, n]) => n > 0);
  const grid = { left: 8, right: 16, bottom: 8, top: 32, containLabel: true };
  const pyramidMax = Math.max(1, ...s.agePyramid.map((b) => Math.max(b.male, b.female)));
  const legend = { bottom: 0, type: 'scroll' as const };
  return {
    byType: {
      color: PALETTE,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend,
      series: [{
        type: 'pie', radius: phone ? ['30%', '60%'] : ['35%', '65%'], center: ['50%', '45%'],
        label: { formatter: '{b}\n{c}' },
        data: popTypes.filter((k) => s.persons.byType[k] > 0).map((k) => ({ name: t(`registry.pop.${k}`), value: s.persons.byType[k] })),
      }],
    },
    pyramid: {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (ps: Array<{ seriesName: string; value: number; name: string }>) => `${ps[0]?.name}<br/>${ps.map((p) => `${p.seriesName}: ${Math.abs(p.value)}`).join('<br/>')}` },
      legend: { top: 0 },
      grid,
      // symmetric around 0 so the two sexes compare at a glance
      xAxis: { type: 'value', min: -pyramidMax, max: pyramidMax, minInterval: 1, axisLabel: { formatter: (v: number) => String(Math.abs(v)) } },
      yAxis: { type: 'category', data: s.agePyramid.map((b) => b.band), axisTick: { show: false } },
      series: [
        { name: t('registry.stats.male'), type: 'bar', stack: 'p', data: s.agePyramid.map((b) => -b.male), itemStyle: { color: '#2563eb' }, barCategoryGap: '15%' },
        { name: t('registry.stats.female'), type: 'bar', stack: 'p', data: s.agePyramid.map((b) => b.female), itemStyle: { color: RED } },
      ],
    },
    tags: {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid,
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: tags.map((x) => (zh ? x.nameZh : x.nameEn)), inverse: true },
      series: (['normal', 'attention', 'key'] as const).map((lv, i) => ({
        name: t(`registry.tag.levels.${lv}`), type: 'bar', stack: 'lv', data: tags.map((x) => x[lv]),
        itemStyle: { color: ['#60a5fa', '#f59e0b', RED][i] },
      })),
    },
    rentals: {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid,
      xAxis: { type: 'category', data: [t('registry.stats.rentalHouseholds'), t('registry.stats.rentalRooms'), t('registry.stats.tenants')] },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: [s.rentals.households, s.rentals.rooms, s.rentals.tenants], itemStyle: { color: '#f59e0b' }, label: { show: true, position: 'top' }, barMaxWidth: 48 }],
    },
    entities: {
      color: PALETTE,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend,
      series: [{
        type: 'pie', radius: phone ? '55%' : '60%', center: ['50%', '45%'], label: { formatter: '{b}\n{c}' },
        data: entityTypes.map(([k, n]) => ({ name: t(`registry.entity.types.${k}`), value: n })),
      }],
    },
  };
}

export default function StatsPage() {
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const phone = useIsPhone();
  const { me } = useSession();
  const [orgId, setOrgId] = useState<string | undefined>(me?.scopes[0]?.orgId);
  const { data, error, loading } = useLoad(() => registryApi.stats(orgId), [orgId]);
  const opt = data ? options(data, t, zh, phone) : null;
  const hasTags = !!data?.tags.some((x) => x.total > 0);
  const hasEntities = !!data && data.entities.total > 0;

  const kpis: Array<[string, number | undefined, string?]> = data ? [
    ['households', data.households], ['persons', data.persons.total], ['floating', data.floating], ['keyPersons', data.keyPersons],
    ['rentalHouseholds', data.rentals.households], ['tenants', data.rentals.tenants], ['entities', data.entities.total], ['grids', data.grids],
  ] : [];

  return (
    <div data-testid="stats-page" data-org={data?.org.id}>
      <Card size="small" style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <Typography.Title level={4} style={{ margin: 0, marginInlineEnd: 'auto' }}>
            {t('registry.stats.title')}{data && ` · ${data.org.name}`}
          </Typography.Title>
          <OrgPicker value={orgId} onChange={setOrgId} testId="stats-org" placeholder={t('registry.common.orgPick')}
            kinds={['street', 'community', 'grid', 'microgrid']} maxDepthKinds={['district', 'street', 'community', 'grid']} style={{ width: phone ? '100%' : 280 }} />
        </div>
        {data && <Typography.Text type="secondary">{t('registry.stats.asOf', { d: data.asOf })}</Typography.Text>}
      </Card>
      <ProblemAlert error={error} />
      {loading && !data && <Card loading />}
      {data && opt && (
        <>
          <Row gutter={[8, 8]} style={{ marginBottom: 8 }}>
            {kpis.map(([k, v]) => (
              <Col xs={12} sm={8} md={6} lg={3} key={k}>
                <Card size="small"><Statistic data-testid={`kpi-${k}`} title={t(`registry.stats.${k}`)} value={v ?? 0} /></Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[8, 8]}>
            <Col xs={24} lg={12}><Card size="small" title={t('registry.stats.byType')}>{data.persons.total ? <Chart testId="chart-by-type" option={opt.byType} /> : <Empty description={t('registry.stats.empty')} />}</Card></Col>
            <Col xs={24} lg={12}><Card size="small" title={t('registry.stats.pyramid')}>{data.persons.total ? <Chart testId="chart-pyramid" option={opt.pyramid} height={phone ? 380 : 420} /> : <Empty description={t('registry.stats.empty')} />}</Card></Col>
            <Col xs={24} lg={12}><Card size="small" title={t('registry.stats.tagsByLevel')}>{hasTags ? <Chart testId="chart-tags" option={opt.tags} height={Math.max(220, data.tags.filter((x) => x.total).length * 30 + 60)} /> : <Empty description={t('registry.stats.empty')} />}</Card></Col>
            <Col xs={24} lg={12}><Card size="small" title={t('registry.stats.rentals')}><Chart testId="chart-rentals" option={opt.rentals} height={240} /></Card></Col>
            <Col xs={24} lg={12}><Card size="small" title={t('registry.stats.entitiesByType')}>{hasEntities ? <Chart testId="chart-entities" option={opt.entities} /> : <Empty description={t('registry.stats.empty')} />}</Card></Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('registry.stats.children')}>
                <Table
                  data-testid="stats-children" size="small" rowKey="id" pagination={false} scroll={{ x: 'max-content', y: 320 }} dataSource={data.children}
                  columns={[
                    { title: t('registry.stats.childName'), dataIndex: 'name', render: (v: string, c) => <Link to="#" onClick={(e) => { e.preventDefault(); setOrgId(c.id); }}>{v}</Link> },
                    { title: t('registry.stats.households'), dataIndex: 'households' },
                    { title: t('registry.stats.persons'), dataIndex: 'persons' },
                    { title: t('registry.stats.floating'), dataIndex: 'floating' },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
