/** Staff posts (岗位) and the roles a staff member can hold in a grid, as the API names them. */
export const POSTS = [
  'street_admin', 'community_secretary', 'community_worker', 'grid_leader',
  'grid_worker_full', 'grid_worker_part', 'building_head', 'area_cadre',
] as const;
export const GRID_LINK_ROLES = ['grid_leader', 'grid_worker_full', 'grid_worker_part', 'building_head', 'area_cadre'] as const;
