import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgKind } from '../api/types';

const COLORS: Record<OrgKind, string> = {
  district: 'purple', street: 'red', community: 'blue', grid: 'green', microgrid: 'cyan', department: 'default',
};

export function KindTag({ kind }: { kind: OrgKind }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[kind]} style={{ marginInlineEnd: 4 }}>{t(`kind.${kind}`)}</Tag>;
}
