import type { Permission } from './permissions.js';

/** The logged-in user as every service sees it. */
export interface Principal {
  userId: string;
  name: string;
  account: string | null;
  kind: 'staff' | 'resident';
  tenantCode: string;
  homeOrgId: string;
  roles: string[];
  permissions: ReadonlySet<Permission>;
  /** Org paths of the user's scope roots; every scoped read and write is limited to them. */
  scopePaths: string[];
  /** code = the unit's own code; streetCode = its street's (the tenant), e.g. for per-street lists */
  scopes: Array<{ orgId: string; name: string; kind: string; path: string; code: string; streetCode: string }>;
  mustChangePassword: boolean;
  sessionHash: string;
}

/** Is the given org path inside the principal's scope? The same rule as the row-level security policies (rz_scope_patterns) in SQL. */
export function pathInScope(principal: Pick<Principal, 'scopePaths'>, path: string): boolean {
  return principal.scopePaths.some((scope) => path.startsWith(scope));
}
