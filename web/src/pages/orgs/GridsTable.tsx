import { Table, Tag, Tooltip } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { GridRow } from '../../api/types';

export function GridsTable({ rows, loading, showCommunity = true }: { rows: GridRow[]; loading?: boolean; showCommunity?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Table<GridRow>
      data-testid="grids-table"
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (n) => t('common.total', { count: n }) }}
      onRow={(r) => ({ onClick: () => navigate(`/orgs/${r.id}`), style: { cursor: 'pointer' }, 'data-testid': `grid-row-${r.code}` } as object)}
      columns={[
        { title: t('common.code'), dataIndex: 'code', width: 160 },
        { title: t('common.name'), dataIndex: 'name' },
        ...(showCommunity ? [{ title: t('grids.community'), dataIndex: 'communityName' }] : []),
        { title: t('org.gridKind'), dataIndex: 'gridKind', render: (k: GridRow['gridKind']) => (k ? t(`gridKind.${k}`) : '—') },
        {
          title: t('org.targetHouseholds'), dataIndex: 'targetHouseholds', align: 'right',
          render: (n: number | null) => n == null ? '—' : n > 500
            ? <Tooltip title={t('org.over500')}><span style={{ color: '#d46b08' }}><WarningOutlined /> {n}</span></Tooltip>
            : n,
        },
        { title: t('grids.leaderName'), dataIndex: 'leaderName', render: (v: string | null) => v ?? '—' },
        { title: t('grids.workers'), dataIndex: 'workerCount', align: 'right', render: (n: number | null) => n ?? '—' },
        { title: t('common.status'), dataIndex: 'status', render: (s: GridRow['status']) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(s === 'active' ? 'common.active' : 'common.retired')}</Tag> },
      ]}
    />
  );
}
