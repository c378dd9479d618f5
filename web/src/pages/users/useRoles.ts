import { useTranslation } from 'react-i18next';
import { roleApi } from '../../api/endpoints';
import type { Role } from '../../api/types';
import { isZh } from '../../i18n';
import { useLoad } from '../../lib/hooks';

export function useRoles() {
  const { i18n } = useTranslation();
  const r = useLoad(() => roleApi.roles(), []);
  const zh = isZh(i18n.language);
  const roleName = (code: string) => {
    const role = r.data?.items.find((x: Role) => x.code === code);
    return role ? (zh ? role.nameZh : role.nameEn) : code;
  };
  return { ...r, roles: r.data?.items ?? [], roleName };
}
