import { Card, Col, Row, Statistic, Tag, Typography } from 'antd';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgs } from '../auth/orgs';
import { useSession } from '../auth/session';

// Only the pieces used here, so the echarts chunk stays a fraction of the full build.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export default function OverviewPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { items } = useOrgs();
  const active = items.filter((u) => u.status === 'active');
  const count = (k: string) => active.filter((u) => u.kind === k).length;

  const perCommunity = useMemo(() => {
    const communities = active.filter((u) => u.kind === 'community');
    return communities.map((c) => {
      const grids = active.filter((u) => u.kind === 'grid' && u.parentId === c.id);
      return { name: c.name, grids: grids.length, households: grids.reduce((s, g) => s + (g.targetHouseholds ?? 0), 0) };
    });
  }, [active]);

  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current || !perCommunity.length) return;
    const chart = echarts.init(ref.current);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: perCommunity.map((c) => c.name), axisLabel: { interval: 0, rotate: perCommunity.length > 4 ? 30 : 0 } },
      yAxis: [{ type: 'value', name: t('overview.chartHouseholds') }, { type: 'value', name: t('overview.chartGrids'), minInterval: 1 }],
      series: [
        { name: t('overview.chartHouseholds'), type: 'bar', data: perCommunity.map((c) => c.households), itemStyle: { color: '#b7202e' } },
        { name: t('overview.chartGrids'), type: 'bar', yAxisIndex: 1, data: perCommunity.map((c) => c.grids), itemStyle: { color: '#94a3b8' } },
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => { window.removeEventListener('resize', onResize); chart.dispose(); };
  }, [perCommunity, t]);

  return (
    <div data-testid="overview-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('overview.welcome', { name: me?.name ?? '' })}</Typography.Title>
      <div style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('overview.scopes')}：</Typography.Text>
        {me?.scopes.map((s) => <Tag key={s.orgId}>{s.name}</Tag>)}
      </div>
      <Row gutter={[12, 12]}>
        {(['street', 'community', 'grid', 'microgrid'] as const).map((k) => (
          <Col xs={12} md={6} key={k}>
            <Card size="small"><Statistic title={t(`overview.${k === 'community' ? 'communities' : k + 's'}`)} value={count(k)} /></Card>
          </Col>
        ))}
      </Row>
      {perCommunity.length > 0 && (
        <Card size="small" title={t('overview.targetHouseholds')} style={{ marginTop: 16 }}>
          <div ref={ref} style={{ height: 320 }} data-testid="overview-chart" />
        </Card>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>{t('overview.pickOrg')}</Typography.Paragraph>
    </div>
  );
}
