/**
 * The permission table: every permission, every built-in role and what it may do.
 * Roles are seeded from here into the `roles` table (the console may change them later);
 * the authorization matrix test is generated from the same table.
 */
export const PERMISSIONS = {
  'org.read': { zh: '查看组织与网格', en: 'View org units and grids' },
  'org.write': { zh: '管理组织与网格（新建、编辑、移动、拆分）', en: 'Manage org units and grids' },
  'staff.read': { zh: '查看工作人员', en: 'View staff' },
  'staff.write': { zh: '管理工作人员与网格分工', en: 'Manage staff and grid assignments' },
  'personal.unmask': { zh: '查看完整个人信息（留痕）', en: 'Unmask personal data (audited)' },
  'user.read': { zh: '查看用户账号', en: 'View user accounts' },
  'user.write': { zh: '管理用户账号、重置密码、注销会话', en: 'Manage user accounts and sessions' },
  'role.read': { zh: '查看角色权限', en: 'View roles' },
  'role.write': { zh: '修改角色权限', en: 'Change role permissions' },
  'audit.read': { zh: '查看审计日志', en: 'View the audit log' },
  // registry of people, housing and units (一标三实)
  'registry.read': { zh: '查看人房单位信息', en: 'View the registry (people, housing, units)' },
  'registry.write': { zh: '登记和维护人房单位信息', en: 'Record and update the registry' },
  'registry.import': { zh: '批量导入人房数据', en: 'Import registry data' },
  'registry.export': { zh: '导出人房数据（脱敏）', en: 'Export registry data (masked)' },
  'registry.export_unmasked': { zh: '导出完整个人信息（留痕）', en: 'Export unmasked personal data (audited)' },
  'tag.manage': { zh: '配置人员标签', en: 'Configure person tags' },
  // residents' requests and events (诉求/事件/工单)
  'case.report': { zh: '居民提交诉求、查看和评价自己的诉求', en: 'Residents: report, follow and rate own cases' },
  'case.read': { zh: '查看工单', en: 'View cases' },
  'case.create': { zh: '登记工单（来电、巡查上报）', en: 'Register cases (hotline, patrol)' },
  'case.handle': { zh: '签收、办理、反馈工单', en: 'Sign, handle and give feedback on cases' },
  'case.dispatch': { zh: '受理、派遣、转办、审批延期、核查结案、回访', en: 'Accept, dispatch, transfer, approve delays, verify, call back' },
  'case.supervise': { zh: '督办', en: 'Supervise (督办) cases' },
  'case.config': { zh: '配置事项分类、时限、派单规则和工作日历', en: 'Configure categories, SLAs, routing and calendar' },
  'indicator.read': { zh: '查看考评指标', en: 'View indicators' },
  'open311.manage': { zh: '管理开放接口密钥', en: 'Manage Open311 API keys' },
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export interface RoleDefinition {
  code: string;
  zh: string;
  en: string;
  /** The org kind a holder of this role normally belongs to (for the demo and the console). */
  level: 'street' | 'community' | 'grid' | 'resident';
  permissions: Permission[];
}

const READ_ORG_STAFF: Permission[] = ['org.read', 'staff.read'];
const REGISTRY_KEEPER: Permission[] = ['registry.read', 'registry.write', 'registry.import', 'registry.export'];
const CASE_HANDLER: Permission[] = ['case.read', 'case.create', 'case.handle'];
const CASE_MANAGER: Permission[] = [...CASE_HANDLER, 'case.dispatch', 'indicator.read'];

export const ROLES: RoleDefinition[] = [
  { code: 'street_admin', zh: '街道管理员', en: 'Street administrator', level: 'street', permissions: [...ALL_PERMISSIONS] },
  {
    code: 'community_secretary', zh: '社区书记', en: 'Community party secretary', level: 'community',
    permissions: ['org.read', 'org.write', 'staff.read', 'staff.write', 'personal.unmask', 'user.read', 'user.write', 'role.read', 'audit.read',
      ...REGISTRY_KEEPER, ...CASE_MANAGER, 'case.supervise'],
  },
  { code: 'community_worker', zh: '社区工作者', en: 'Community worker', level: 'community', permissions: [...READ_ORG_STAFF, 'user.read', ...REGISTRY_KEEPER, ...CASE_MANAGER] },
  { code: 'grid_leader', zh: '网格长', en: 'Grid leader', level: 'grid', permissions: [...READ_ORG_STAFF, 'registry.read', 'registry.write', ...CASE_HANDLER, 'indicator.read'] },
  { code: 'grid_worker_full', zh: '专职网格员', en: 'Full-time grid worker', level: 'grid', permissions: [...READ_ORG_STAFF, 'registry.read', 'registry.write', ...CASE_HANDLER] },
  { code: 'grid_worker_part', zh: '兼职网格员', en: 'Part-time grid worker', level: 'grid', permissions: ['org.read', 'registry.read', ...CASE_HANDLER] },
  { code: 'building_head', zh: '楼栋长', en: 'Building head', level: 'grid', permissions: ['org.read', 'registry.read', 'case.read', 'case.create'] },
  { code: 'area_cadre', zh: '包片干部', en: 'Area cadre', level: 'community', permissions: [...READ_ORG_STAFF, 'registry.read', 'case.read', 'indicator.read'] },
  { code: 'resident', zh: '居民', en: 'Resident', level: 'resident', permissions: ['case.report'] },
];

/** Staff posts (岗位) are the staff roles; a user account's role usually equals the post. */
export const STAFF_POSTS = ROLES.filter((r) => r.level !== 'resident').map((r) => r.code);

/** How a staff member serves a particular grid. */
export const GRID_LINK_ROLES = ['grid_leader', 'grid_worker_full', 'grid_worker_part', 'building_head', 'area_cadre'] as const;
