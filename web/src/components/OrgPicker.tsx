import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useOrgs } from '../auth/orgs';
import type { OrgKind } from '../api/types';
import type { OrgNode } from '../lib/tree';

interface TreeOpt { value: string; title: string; disabled?: boolean; children?: TreeOpt[] }

/** Picks one or more org units from the visible tree; `kinds` limits what may be chosen. */
export function OrgPicker(props: {
  value?: string | string[];
  onChange?: (v: any) => void;
  multiple?: boolean;
  kinds?: OrgKind[];
  maxDepthKinds?: OrgKind[];
  placeholder?: string;
  allowClear?: boolean;
  excludeId?: string;
  testId?: string;
  style?: React.CSSProperties;
}) {
  const { roots } = useOrgs();
  const data = useMemo(() => {
    // Hide microgrids from pickers unless asked for: they make the dropdown very long.
    const showKinds = props.maxDepthKinds;
    const map = (n: OrgNode): TreeOpt | null => {
      if (n.status === 'retired' || n.id === props.excludeId) return null;
      if (showKinds && !showKinds.includes(n.kind)) return null;
      return {
        value: n.id,
        title: n.name,
        disabled: props.kinds ? !props.kinds.includes(n.kind) : false,
        children: n.children.map(map).filter((x): x is TreeOpt => !!x),
      };
    };
    return roots.map(map).filter((x): x is TreeOpt => !!x);
  }, [roots, props.kinds, props.maxDepthKinds, props.excludeId]);
  return (
    <TreeSelect
      data-testid={props.testId}
      style={{ width: '100%', ...props.style }}
      value={props.value}
      onChange={props.onChange}
      treeData={data}
      multiple={props.multiple}
      allowClear={props.allowClear}
      placeholder={props.placeholder}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll
      popupMatchSelectWidth={false}
    />
  );
}
