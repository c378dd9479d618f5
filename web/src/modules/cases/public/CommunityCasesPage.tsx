import { Card, Col, Empty, List, Pagination, Row, Segmented, Spin, Statistic, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { isZh } from '../../../i18n';
import { fmtTime } from '../../../lib/format';
import { useLoad } from '../../../lib/hooks';
import { PortalShell } from '../portal/PortalShell';
import { portalApi, publicCasesApi } from '../api';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** 诉求公开: the communities with a public case page. */
export function PublicCommunitiesPage() {
  const { t } = useTranslation();
  const { data, error, loading } = useLoad(() => portalApi.grids(), []);
  const communities = useMemo(() => {
    const m = new Map<string, string>();
    for (const g of data?.items ?? []) if (g.communityCode) m.set(g.communityCode, g.communityName);
    return [...m.entries()].map(([code, name]) => ({ code, name }));
  }, [data]);
  return (
    <PortalShell title={t('cases.pub.title')}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('cases.pub.title')}</Typography.Title>
      <ProblemAlert error={error} />
      {loading && <Spin />}
      <List
        data-testid="public-communities"
        dataSource={communities}
        renderItem={(c) => (
          <List.Item><Link to={`/public/communities/${c.code}/cases`} style={{ fontSize: 20 }}>{c.name}</Link></List.Item>
        )}
      />
    </PortalShell>
  );
}

/** One community's cases: counts, the three rates and an anonymised list (no names, phones, rooms or text). */
export function CommunityCasesPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const [status, setStatus] = useState<'all' | 'open' | 'closed'>('all');
  const [page, setPage] = useState(1);
  const { data, error, loading } = useLoad(
    () => publicCasesApi.community(code, { status: status === 'all' ? undefined : status, page, pageSize: 20 }), [code, status, page]);
  return (
    <PortalShell title={t('cases.pub.title')}>
      <ProblemAlert error={error} />
      {loading && !data && <Spin size="large" />}
      {data && (
        <div data-testid="public-cases">
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>{data.community.name} · {t('cases.pub.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('cases.pub.period', data.period)}</Typography.Text>
          <Row gutter={[10, 10]} style={{ margin: '14px 0' }}>
            <Col span={12}><Card size="small"><Statistic title={t('cases.pub.received')} value={data.received} /></Card></Col>
            <Col span={12}><Card size="small"><Statistic title={t('cases.pub.closed')} value={data.closed} /></Card></Col>
            {(['response_rate', 'resolution_rate', 'satisfaction_rate'] as const).map((k) => (
              <Col span={8} key={k}>
                <Card size="small" data-testid={`public-${k}`}><Statistic title={t(`cases.dash.rates.${k}`)} value={pct(data.rates[k])} valueStyle={{ fontSize: 22, color: '#b7202e' }} /></Card>
              </Col>
            ))}
          </Row>
          <Segmented block value={status} onChange={(v) => { setStatus(v as typeof status); setPage(1); }} style={{ marginBottom: 12 }}
            options={[{ value: 'all', label: t('common.all') }, { value: 'open', label: t('cases.pub.open') }, { value: 'closed', label: t('cases.pub.closedStatus') }]} />
          {data.items.length === 0 ? <Empty description={t('cases.pub.none')} /> : (
            <List
              dataSource={data.items}
              renderItem={(c) => (
                <List.Item data-testid="public-case-row">
                  <div style={{ width: '100%' }}>
                    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 8 }}>
                      <b data-testid="public-case-category">{(zh ? c.category : c.categoryEn ?? c.category) ?? '—'}</b>
                      <Tag color={c.status === 'closed' ? 'green' : 'blue'} style={{ fontSize: 15, flexShrink: 0, marginInlineEnd: 0 }}>{zh ? c.stateZh : c.stateEn}</Tag>
                    </div>
                    <div style={{ fontSize: 15, color: '#777' }}>
                      {c.number}{c.gridName ? ` · ${c.gridName}` : ''} · {t('cases.pub.receivedAt')} {fmtTime(c.receivedAt, i18n.language)}
                      {c.closedAt && <> · {t('cases.pub.closedAt')} {fmtTime(c.closedAt, i18n.language)}</>}
                    </div>
                  </div>
                </List.Item>
              )}
            />
          )}
          {data.total > 20 && <Pagination style={{ marginTop: 12, textAlign: 'center' }} simple current={page} total={data.total} pageSize={20} onChange={setPage} />}
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 14 }}>{t('cases.pub.note')}</Typography.Paragraph>
        </div>
      )}
    </PortalShell>
  );
}
