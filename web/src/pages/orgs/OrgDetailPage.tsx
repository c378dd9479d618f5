import { App, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, ScissorOutlined, SwapOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { orgApi } from '../../api/endpoints';
import type { OrgResult, StaffSummary, Warning } from '../../api/types';
import { useOrgs } from '../../auth/orgs';
import { useSession } from '../../auth/session';
import { KindTag } from '../../components/KindTag';
import { PolygonCanvas } from '../../components/PolygonCanvas';
import { ProblemAlert, problemText } from '../../components/ProblemAlert';
import { WarningsAlert, warningText } from '../../components/Warnings';
import { fmtTime } from '../../lib/format';
import { useLoad } from '../../lib/hooks';
import { childKinds, isGridKind } from '../../lib/tree';
import { GridsTable } from './GridsTable';
import { HistoryTab } from './HistoryTab';
import { MoveModal } from './MoveModal';
import { OrgFormModal } from './OrgFormModal';
import { SplitModal } from './SplitModal';

type Dialog = null | 'create' | 'edit' | 'move' | 'split';

export function OrgDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { items, reload: reloadTree } = useOrgs();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [version, setVersion] = useState(0);
  const [tab, setTab] = useState('attributes');
  // Warnings of the last save (also handed over by navigate() after a create).
  const [warnings, setWarnings] = useState<Warning[] | undefined>((location.state as { warnings?: Warning[] } | null)?.warnings);
  const { data: org, error, loading } = useLoad(() => orgApi.get(id), [id, version]);

  useEffect(() => {
    setWarnings((location.state as { warnings?: Warning[] } | null)?.warnings);
    setTab('attributes');
  }, [id, location.state]);

  const grid = org ? isGridKind(org.kind) : false;
  const siblings = useMemo(() => {
    if (!org) return [];
    // A grid is shown among its community's other grids; a community among its own grids.
    const parentOf = grid ? org.parentId : org.id;
    return items
      .filter((u) => u.parentId === parentOf && u.id !== org.id && u.status === 'active' && isGridKind(u.kind) && u.boundary)
      .map((u) => ({ id: u.id, name: u.name, polygon: u.boundary }));
  }, [items, org, grid]);
  const children = useMemo(() => items.filter((u) => u.parentId === id), [items, id]);
  const inner = useMemo(
    () => (org && isGridKind(org.kind) ? children.filter((u) => u.boundary && u.status === 'active').map((u) => ({ id: u.id, name: u.name, polygon: u.boundary })) : []),
    [children, org],
  );

  if (loading && !org) return <Spin size="large" style={{ display: 'block', margin: 48 }} />;
  if (error && !org) return <ProblemAlert error={error} />;
  if (!org) return null;

  const writable = can('org.write') && org.status === 'active';
  const kinds = childKinds(org.kind);

  // Warnings go into the page's WarningsAlert (it stays until the next save); the toast only says it saved.
  const announce = (r: { warnings?: Warning[] }, text: string) => {
    if (r.warnings?.length) message.warning(`${text} · ${r.warnings.map((w) => warningText(w, i18n.language)).join('；')}`);
    else message.success(text);
  };

  const afterSave = async (r: OrgResult, text: string, go = false) => {
    setDialog(null);
    announce(r, text);
    await reloadTree();
    if (go && r.org.id !== id) navigate(`/orgs/${r.org.id}`, { state: { warnings: r.warnings } });
    else { setWarnings(r.warnings); setVersion((v) => v + 1); }
  };

  const staffColumns = [
    { title: t('staff.name'), dataIndex: 'name' },
    { title: t('staff.post'), dataIndex: 'post', render: (p?: string) => (p ? t(`post.${p}`, { defaultValue: p }) : '—') },
    { title: t('org.role'), dataIndex: 'role', render: (p?: string) => (p ? t(`post.${p}`, { defaultValue: p }) : '—') },
    { title: t('staff.mobile'), dataIndex: 'mobileMasked', render: (v?: string | null) => v ?? '—' },
    { title: t('staff.servicePhone'), dataIndex: 'servicePhone', render: (v?: string | null) => (v ? <a href={`tel:${v}`}>{v}</a> : '—') },
  ];

  const attrs = (
    <Descriptions size="small" column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 1, xxl: 2 }} bordered labelStyle={{ whiteSpace: 'nowrap' }} data-testid="org-attributes">
      <Descriptions.Item label={t('common.code')}>{org.code}</Descriptions.Item>
      <Descriptions.Item label={t('org.kind')}>{t(`kind.${org.kind}`)}</Descriptions.Item>
      <Descriptions.Item label={t('org.parent')}>
        {org.parentId ? <a onClick={() => navigate(`/orgs/${org.parentId}`)}>{org.parentName ?? org.parentId}</a> : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('common.status')}>
        <Tag color={org.status === 'active' ? 'green' : 'default'}>{t(org.status === 'active' ? 'common.active' : 'common.retired')}</Tag>
      </Descriptions.Item>
      {grid && <Descriptions.Item label={t('org.gridKind')}>{org.gridKind ? t(`gridKind.${org.gridKind}`) : '—'}</Descriptions.Item>}
      {grid && (
        <Descriptions.Item label={t('org.targetHouseholds')}>
          {org.targetHouseholds ?? '—'}
          {(org.targetHouseholds ?? 0) > 500 && <Tag color="orange" style={{ marginInlineStart: 8 }}>{t('org.over500')}</Tag>}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('org.leader')}>{org.leaderName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('org.childCount')}>{org.childCount}</Descriptions.Item>
      {org.divisionCode && <Descriptions.Item label={t('org.divisionCode')}>{org.divisionCode}</Descriptions.Item>}
      <Descriptions.Item label={t('org.address')}>{org.address || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('org.phone')}>{org.phone ? <a href={`tel:${org.phone}`}>{org.phone}</a> : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('org.validFrom')}>{fmtTime(org.validFrom, i18n.language)}</Descriptions.Item>
      {org.validTo && <Descriptions.Item label={t('org.validTo')}>{fmtTime(org.validTo, i18n.language)}</Descriptions.Item>}
      {org.splitFromId && (
        <Descriptions.Item label={t('org.splitFrom')}><a onClick={() => navigate(`/orgs/${org.splitFromId}`)}>{items.find((u) => u.id === org.splitFromId)?.name ?? t('common.detail')}</a></Descriptions.Item>
      )}
    </Descriptions>
  );

  const showMap = grid || org.kind === 'community';
  const map = showMap && (
    <Card size="small" title={t('org.map')} extra={siblings.length > 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>▭ {t('org.siblings')}</Typography.Text>}>
      <PolygonCanvas polygon={org.boundary} label={org.name} context={siblings} inner={inner} />
    </Card>
  );

  return (
    <div data-testid="org-detail" data-org-code={org.code} data-org-kind={org.kind}>
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: '16px 20px' } }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
          <div style={{ minWidth: 0 }}>
            <Space size={4} wrap>
              <KindTag kind={org.kind} />
              {org.status === 'retired' && <Tag>{t('common.retired')}</Tag>}
              <Typography.Text type="secondary" copyable style={{ fontSize: 12 }}>{org.code}</Typography.Text>
            </Space>
            <Typography.Title level={3} style={{ margin: '4px 0 0' }} data-testid="org-title">{org.name}</Typography.Title>
          </div>
          {writable && (
            <Space wrap>
              {kinds.length > 0 && (
                <Button data-testid="org-create-child" type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
                  {kinds[0] === 'grid' ? t('org.createGrid') : t('org.createChild')}
                </Button>
              )}
              <Button data-testid="org-edit" icon={<EditOutlined />} onClick={() => setDialog('edit')}>{t('common.edit')}</Button>
              {grid && <Button data-testid="org-move" icon={<SwapOutlined />} onClick={() => setDialog('move')}>{t('org.move')}</Button>}
              {org.kind === 'grid' && <Button data-testid="org-split" icon={<ScissorOutlined />} onClick={() => setDialog('split')}>{t('org.split')}</Button>}
              <Popconfirm
                title={t('org.retireConfirm', { name: org.name })}
                okButtonProps={{ danger: true, 'data-testid': 'org-retire-confirm' }}
                onConfirm={async () => {
                  try {
                    await orgApi.retire(org.id);
                    message.success(t('org.retired'));
                    await reloadTree();
                    setVersion((v) => v + 1);
                  } catch (e) {
                    message.error(problemText(e, i18n.language));
                  }
                }}
              >
                <Button data-testid="org-retire" danger icon={<DeleteOutlined />}>{t('org.retire')}</Button>
              </Popconfirm>
            </Space>
          )}
        </div>
      </Card>

      <WarningsAlert warnings={warnings} />

      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'attributes',
              label: <span data-testid="tab-attributes">{t('org.attributes')}</span>,
              children: showMap ? (
                <Row gutter={[16, 16]}>
                  {/* on a phone the map comes first: it is what a grid worker opens the page for */}
                  <Col xs={{ span: 24, order: 2 }} xl={{ span: 12, order: 1 }}>{attrs}</Col>
                  <Col xs={{ span: 24, order: 1 }} xl={{ span: 12, order: 2 }}>{map}</Col>
                </Row>
              ) : attrs,
            },
            {
              key: 'staff',
              label: <span data-testid="tab-staff">{t('org.staff')} ({org.staff.length})</span>,
              children: org.staff.length
                ? <Table<StaffSummary> rowKey="id" size="small" dataSource={org.staff} columns={staffColumns} pagination={false} scroll={{ x: 'max-content' }} />
                : <Empty description={t('org.noStaff')} />,
            },
            ...(org.kind === 'street' || org.kind === 'community'
              ? [{ key: 'children', label: <span data-testid="tab-children">{t('org.children')}</span>, children: <ChildGrids orgId={org.id} version={version} /> }]
              : children.length
                ? [{
                  key: 'children', label: <span data-testid="tab-children">{t('org.children')} ({children.length})</span>,
                  children: <Table rowKey="id" size="small" pagination={false} dataSource={children} onRow={(r) => ({ onClick: () => navigate(`/orgs/${r.id}`), style: { cursor: 'pointer' } })}
                    columns={[{ title: t('common.code'), dataIndex: 'code' }, { title: t('common.name'), dataIndex: 'name' }, { title: t('org.kind'), dataIndex: 'kind', render: (k) => <KindTag kind={k} /> }]} />,
                }]
                : []),
            { key: 'history', label: <span data-testid="tab-history">{t('org.history')}</span>, children: tab === 'history' ? <HistoryTab orgId={org.id} version={version} /> : null },
          ]}
        />
      </Card>

      <OrgFormModal open={dialog === 'create'} parent={org} onClose={() => setDialog(null)} onDone={(r) => afterSave(r, t('common.created'), true)} />
      <OrgFormModal open={dialog === 'edit'} org={org} onClose={() => setDialog(null)} onDone={(r) => afterSave(r, t('common.saved'))} />
      {grid && <MoveModal open={dialog === 'move'} org={org} onClose={() => setDialog(null)} onDone={(r) => afterSave(r, t('org.moved'))} />}
      {org.kind === 'grid' && (
        <SplitModal
          open={dialog === 'split'}
          org={org}
          onClose={() => setDialog(null)}
          onDone={async (r) => {
            setDialog(null);
            announce(r, t('org.splitDone', { count: r.created.length }));
            await reloadTree();
            navigate(`/orgs/${r.created[0]?.id ?? org.parentId}`, { state: { warnings: r.warnings } });
          }}
        />
      )}
    </div>
  );
}

function ChildGrids({ orgId, version }: { orgId: string; version: number }) {
  const { data, error, loading } = useLoad(() => orgApi.grids(orgId), [orgId, version]);
  return (
    <>
      <ProblemAlert error={error} />
      <GridsTable rows={data?.items ?? []} loading={loading} />
    </>
  );
}
