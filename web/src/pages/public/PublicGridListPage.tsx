import { Card, Empty, List, Skeleton, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { publicApi } from '../../api/endpoints';
import type { PublicGridRef } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../lib/hooks';
import { PublicShell } from './PublicShell';

export function PublicGridListPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const communityCode = params.get('communityCode') ?? undefined;
  const { data, error, loading } = useLoad(() => publicApi.grids(communityCode), [communityCode]);

  // Grouped by community: residents know their community's name before their grid's.
  const groups = useMemo(() => {
    const m = new Map<string, PublicGridRef[]>();
    for (const g of data?.items ?? []) m.set(g.communityName, [...(m.get(g.communityName) ?? []), g]);
    return [...m.entries()];
  }, [data]);

  return (
    <PublicShell>
      <Typography.Title level={3} style={{ marginTop: 4 }}>{t('public.listHint')}</Typography.Title>
      <ProblemAlert error={error} />
      {loading && !data && <Skeleton active />}
      {data && !groups.length && <Empty />}
      {groups.map(([community, grids]) => (
        <Card key={community} title={<span style={{ fontSize: 20 }}>{community}</span>} style={{ borderRadius: 16, marginBottom: 16 }} styles={{ body: { padding: '0 8px' } }}>
          <List
            data-testid="public-grid-list"
            dataSource={grids}
            renderItem={(g) => (
              <List.Item style={{ padding: 0 }}>
                <Link to={`/public/grids/${encodeURIComponent(g.code)}`} data-testid={`public-grid-${g.code}`} style={{ display: 'flex', width: '100%', alignItems: 'center', justifyContent: 'space-between', padding: '16px 8px', fontSize: 20, color: '#1f1f1f' }}>
                  <span>{g.name}</span>
                  <RightOutlined style={{ color: '#bfbfbf' }} />
                </Link>
              </List.Item>
            )}
          />
        </Card>
      ))}
    </PublicShell>
  );
}
