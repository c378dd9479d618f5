import { Card, Form, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { orgApi } from '../../api/endpoints';
import type { GridRow } from '../../api/types';
import { useOrgs } from '../../auth/orgs';
import { OrgPicker } from '../../components/OrgPicker';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLoad } from '../../lib/hooks';
import { GridsTable } from './GridsTable';

/** Grids of a street or a community. The choice lives in the URL so it survives reloads and links. */
export function GridsPage() {
  const { t } = useTranslation();
  const { items } = useOrgs();
  const [params, setParams] = useSearchParams();
  const [orgId, setOrgId] = useState<string | undefined>(params.get('orgId') ?? undefined);

  // Default to the first street (or community) the user can see.
  useEffect(() => {
    if (orgId || !items.length) return;
    const first = items.find((u) => u.kind === 'street' && u.status === 'active') ?? items.find((u) => u.kind === 'community' && u.status === 'active');
    if (first) setOrgId(first.id);
  }, [items, orgId]);

  const { data, error, loading } = useLoad(() => (orgId ? orgApi.grids(orgId) : Promise.resolve({ items: [], total: 0 })), [orgId]);

  // A grid worker's scope is their grids: there is no street or community to ask about, so the
  // list is the grids of the tree itself.
  const hasArea = items.some((u) => u.kind === 'street' || u.kind === 'community');
  const treeRows = useMemo<GridRow[]>(() => {
    if (hasArea) return [];
    const byId = new Map(items.map((u) => [u.id, u]));
    return items.filter((u) => u.kind === 'grid').map((g) => ({
      id: g.id, code: g.code, name: g.name, communityId: g.parentId ?? '', communityName: byId.get(g.parentId ?? '')?.name ?? '—',
      gridKind: g.gridKind, targetHouseholds: g.targetHouseholds, leaderName: g.leaderName, workerCount: null, status: g.status,
    }));
  }, [items, hasArea]);

  return (
    <Card data-testid="grids-page" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('grids.title')}</Typography.Title>}>
      {hasArea && <Form layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item label={t('grids.scope')} style={{ minWidth: 280, flex: '1 1 280px', maxWidth: 480 }}>
          <OrgPicker
            testId="grids-scope"
            value={orgId}
            kinds={['street', 'community']}
            maxDepthKinds={['district', 'street', 'community']}
            onChange={(v: string) => { setOrgId(v); setParams(v ? { orgId: v } : {}); }}
          />
        </Form.Item>
      </Form>}
      <ProblemAlert error={error} />
      <GridsTable rows={hasArea ? data?.items ?? [] : treeRows} loading={hasArea && loading} />
    </Card>
  );
}
