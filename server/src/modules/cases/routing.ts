/**
 * Routing: the first active rule (by priority) whose category (or an ancestor of the case's
 * category) and area (an org subtree containing the case) match names the handling org and
 * whether it is dispatched at once. A rule without a target sends the case to where it lies: its
 * grid, else the community it was placed at (reported with a community only), else the street.
 * Nothing matches → the street decides (兜底), manually, wherever the case lies.
 */
import { categoryLineage, type TenantConfig } from './config.js';

export interface RouteDecision {
  /** the rule's target, or where the case lies (grid, community, street); the street when no rule matches */
  targetOrgId: string;
  auto: boolean;
  ruleId: string | null;
}

export function routeCase(cfg: Pick<TenantConfig, 'rules' | 'categories'>, categoryId: string, place: { path: string; gridId: string | null; communityId?: string | null; streetId: string }): RouteDecision {
  const lineage = categoryLineage(cfg.categories, categoryId);
  for (const rule of cfg.rules) {
    if (!rule.active) continue;
    if (rule.category_id && !lineage.includes(rule.category_id)) continue;
    if (rule.area_path && !place.path.startsWith(rule.area_path)) continue;
    return { targetOrgId: rule.target_org_id ?? place.gridId ?? place.communityId ?? place.streetId, auto: rule.auto_dispatch, ruleId: rule.id };
  }
  return { targetOrgId: place.streetId, auto: false, ruleId: null };
}
