import { Alert, App, Card, Checkbox, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleApi } from '../../api/endpoints';
import type { Role } from '../../api/types';
import { useSession } from '../../auth/session';
import { ProblemAlert, problemText } from '../../components/ProblemAlert';
import { isZh } from '../../i18n';
import { useLoad } from '../../lib/hooks';

/** Roles × permissions. Each checkbox saves at once (PUT the role's whole permission list). */
export function RolesPage() {
  const { t, i18n } = useTranslation();
  const { can, refresh } = useSession();
  const { message } = App.useApp();
  const zh = isZh(i18n.language);
  const roles = useLoad(() => roleApi.roles(), []);
  const perms = useLoad(() => roleApi.permissions(), []);
  const [saving, setSaving] = useState<string | null>(null);
  const write = can('role.write');

  const toggle = async (role: Role, perm: string, on: boolean) => {
    const next = on ? [...new Set([...role.permissions, perm])] : role.permissions.filter((p) => p !== perm);
    setSaving(`${role.code}:${perm}`);
    try {
      const updated = await roleApi.update(role.code, next);
      roles.setData((d) => d && { items: d.items.map((r) => (r.code === role.code ? { ...r, ...updated, permissions: updated?.permissions ?? next } : r)) });
      message.success(t('roles.saved', { name: zh ? role.nameZh : role.nameEn }));
      void refresh(); // my own permissions may have changed
    } catch (e) {
      message.error(problemText(e, i18n.language));
    } finally {
      setSaving(null);
    }
  };

  return (
    <Card data-testid="roles-page" title={<Typography.Title level={4} style={{ margin: 0 }}>{t('roles.title')}</Typography.Title>}>
      {!write && <Alert type="info" showIcon message={t('roles.readonly')} style={{ marginBottom: 16 }} />}
      <ProblemAlert error={roles.error || perms.error} />
      <Table<Role>
        data-testid="roles-table"
        rowKey="code"
        size="small"
        bordered
        loading={roles.loading || perms.loading}
        dataSource={roles.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('roles.role'), dataIndex: 'code', fixed: 'left', width: 160,
            render: (_: string, r) => <span>{zh ? r.nameZh : r.nameEn}{r.builtin && <Tag style={{ marginInlineStart: 6 }}>{t('roles.builtin')}</Tag>}</span>,
          },
          ...(perms.data?.items ?? []).map((p) => ({
            key: p.code,
            align: 'center' as const,
            title: <Tooltip title={p.code}><span style={{ display: 'inline-block', maxWidth: 120, fontSize: 12, lineHeight: 1.3 }}>{zh ? p.nameZh : p.nameEn}</span></Tooltip>,
            render: (_: unknown, r: Role) => (
              <Checkbox
                data-testid={`perm-${r.code}-${p.code}`}
                checked={r.permissions.includes(p.code)}
                disabled={!write || saving !== null}
                onChange={(e) => toggle(r, p.code, e.target.checked)}
              />
            ),
          })),
        ]}
      />
    </Card>
  );
}
