import { Badge, Button, Card, Empty, Spin, Typography } from 'antd';
import { EditOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isZh } from '../../../i18n';
import { Link } from 'react-router';
import { useSession } from '../../../auth/session';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { fmtTime } from '../../../lib/format';
import { useLoad } from '../../../lib/hooks';
import { portalApi } from '../api';
import { StateTag } from '../ui';
import { PortalShell, RequireResident } from './PortalShell';

export function PortalHomePage() {
  return <RequireResident><Home /></RequireResident>;
}

function Home() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const { data, error, loading } = useLoad(() => portalApi.mine(), []);
  return (
    <PortalShell title={t('cases.portal.hello', { name: me?.name ?? '' })}>
      <Link to="/portal/report" data-testid="portal-report-link">
        <Button type="primary" block icon={<EditOutlined />} style={{ height: 64, fontSize: 22, marginBottom: 18 }}>{t('cases.portal.report')}</Button>
      </Link>
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t('cases.portal.myCases')}</Typography.Title>
      <ProblemAlert error={error} />
      {loading && !data && <Spin />}
      {data && data.items.length === 0 && <Empty description={<span style={{ fontSize: 18 }}>{t('cases.portal.none')}</span>} />}
      <div data-testid="portal-cases" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
        {data?.items.map((c) => (
          <Link key={c.id} to={`/portal/cases/${c.id}`} data-testid="portal-case" data-number={c.number}>
            <Badge.Ribbon text={t('cases.portal.rate')} color="#b7202e" style={{ display: c.canRate ? undefined : 'none', fontSize: 15 }}>
              <Card hoverable styles={{ body: { padding: 14 } }}>
                <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <div style={{ fontSize: 19, fontWeight: 600, color: '#222', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{c.title}</div>
                    <div style={{ margin: '6px 0' }}><StateTag state={c.state} resident big /></div>
                    <div style={{ fontSize: 15, color: '#777' }}>{(isZh(i18n.language) ? c.category : c.categoryEn ?? c.category) ?? ''} · {fmtTime(c.createdAt, i18n.language)}</div>
                  </div>
                  <RightOutlined style={{ color: '#bbb' }} />
                </div>
              </Card>
            </Badge.Ribbon>
          </Link>
        ))}
      </div>
    </PortalShell>
  );
}
