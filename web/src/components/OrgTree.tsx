import { Empty, Spin, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useOrgs } from '../auth/orgs';
import { ancestorIds, type OrgNode } from '../lib/tree';
import { KindTag } from './KindTag';

/**
 * The org tree in the sider. Clicking a unit opens it and also toggles it open, so the tree can
 * be walked with one kind of click (easier on a phone than hitting the small switcher).
 */
export function OrgTree({ selectedId, onNavigate }: { selectedId?: string; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { roots, items, loading } = useOrgs();
  const navigate = useNavigate();
  const [expanded, setExpanded] = useState<React.Key[]>([]);

  // Open the roots at first, and always the path to the selected unit.
  useEffect(() => {
    setExpanded((prev) => {
      const want = new Set<React.Key>(prev);
      if (!prev.length) roots.forEach((r) => want.add(r.id));
      if (selectedId) ancestorIds(items, selectedId).slice(0, -1).forEach((id) => want.add(id));
      return [...want];
    });
  }, [roots, items, selectedId]);

  const treeData = useMemo(() => {
    const map = (n: OrgNode): DataNode => ({
      key: n.id,
      isLeaf: n.children.length === 0,
      title: (
        <span data-testid={`org-node-${n.code}`} data-kind={n.kind} data-name={n.name} style={{ opacity: n.status === 'retired' ? 0.5 : 1 }}>
          <KindTag kind={n.kind} />
          {n.name}
          {n.status === 'retired' && <Typography.Text type="secondary"> ({t('common.retired')})</Typography.Text>}
        </span>
      ),
      children: n.children.map(map),
    });
    return roots.map(map);
  }, [roots, t]);

  if (loading && !items.length) return <Spin style={{ display: 'block', margin: 24 }} />;
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.treeEmpty')} />;

  return (
    <Tree
      data-testid="org-tree"
      blockNode
      treeData={treeData}
      expandedKeys={expanded}
      selectedKeys={selectedId ? [selectedId] : []}
      onExpand={(keys) => setExpanded(keys)}
      onSelect={(_, info) => {
        const id = String(info.node.key);
        if (!info.node.isLeaf) {
          setExpanded((prev) => (prev.includes(id) && id === selectedId ? prev.filter((k) => k !== id) : prev.includes(id) ? prev : [...prev, id]));
        }
        navigate(`/orgs/${id}`);
        onNavigate?.();
      }}
    />
  );
}
