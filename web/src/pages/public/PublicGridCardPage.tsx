import { Avatar, Button, Card, Result, Skeleton, Tag } from 'antd';
import { PhoneFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { publicApi } from '../../api/endpoints';
import { ProblemAlert } from '../../components/ProblemAlert';
import { isZh } from '../../i18n';
import { surname } from '../../lib/format';
import { useLoad } from '../../lib/hooks';
import { PublicShell } from './PublicShell';

const AVATAR_COLORS = ['#b7202e', '#d46b08', '#389e0d', '#1677ff', '#722ed1', '#08979c'];

/** 网格公示: who serves this grid and how to reach them. Read by residents, often elderly, on phones. */
export function PublicGridCardPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const zh = isZh(i18n.language);
  const { data, error, loading } = useLoad(() => publicApi.grid(code), [code]);

  return (
    <PublicShell>
      {loading && !data && <Card><Skeleton active avatar paragraph={{ rows: 4 }} /></Card>}
      {error != null && (error instanceof ApiError && error.status === 404
        ? <Result status="404" title={t('public.notFound')} extra={<Link to="/public/grids">{t('public.allGrids')}</Link>} />
        : <ProblemAlert error={error} />)}
      {data && (
        <div data-testid="public-grid-card">
          <Card style={{ borderRadius: 16, marginBottom: 16 }} styles={{ body: { padding: 20 } }}>
            <div style={{ fontSize: 30, fontWeight: 700, lineHeight: 1.3, color: '#1f1f1f' }} data-testid="public-grid-name">{data.name}</div>
            <div style={{ fontSize: 20, color: '#434343', marginTop: 8 }}>
              {data.streetName} · {data.communityName}
            </div>
            <div style={{ marginTop: 12, display: 'flex', gap: 8, flexWrap: 'wrap' }}>
              {data.gridKind && <Tag color="red" style={{ fontSize: 16, padding: '4px 10px' }}>{t(`gridKind.${data.gridKind}`)}</Tag>}
              {data.targetHouseholds != null && <Tag style={{ fontSize: 16, padding: '4px 10px' }}>{t('public.households', { count: data.targetHouseholds })}</Tag>}
              <Tag style={{ fontSize: 14, padding: '4px 10px', color: '#8c8c8c' }}>{data.code}</Tag>
            </div>
          </Card>
          <div style={{ fontSize: 22, fontWeight: 600, margin: '8px 4px 12px' }}>{t('public.staffTitle')}</div>
          {data.staff.length === 0 && <Card style={{ borderRadius: 16, fontSize: 18 }}>{t('public.noStaff')}</Card>}
          {data.staff.map((s, i) => (
            <Card key={`${s.name}-${i}`} data-testid="public-staff" style={{ borderRadius: 16, marginBottom: 12 }} styles={{ body: { padding: 16 } }}>
              <div style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
                {s.photoUrl
                  ? <Avatar size={72} src={s.photoUrl} alt={s.name} />
                  : <Avatar size={72} style={{ background: AVATAR_COLORS[i % AVATAR_COLORS.length], fontSize: 32, flex: 'none' }} aria-hidden>{surname(s.name)}</Avatar>}
                <div style={{ minWidth: 0, flex: 1 }}>
                  <div style={{ fontSize: 26, fontWeight: 700 }}>{s.name}</div>
                  <div style={{ fontSize: 18, color: '#595959' }}>{zh ? s.postZh : s.postEn}</div>
                </div>
              </div>
              {s.servicePhone ? (
                <Button
                  data-testid="public-call"
                  href={`tel:${s.servicePhone}`}
                  type="primary"
                  size="large"
                  block
                  icon={<PhoneFilled />}
                  style={{ marginTop: 14, height: 56, fontSize: 22, borderRadius: 12 }}
                >
                  {t('public.call')} {s.servicePhone}
                </Button>
              ) : (
                <div style={{ marginTop: 12, fontSize: 18, color: '#8c8c8c' }}>{t('public.noPhone')}</div>
              )}
            </Card>
          ))}
          <div style={{ textAlign: 'center', marginTop: 16, fontSize: 18 }}>
            <Link to="/public/grids">{t('public.allGrids')}</Link>
          </div>
        </div>
      )}
    </PublicShell>
  );
}
