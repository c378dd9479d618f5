import type { OrgUnit } from '../api/types';

export interface OrgNode extends OrgUnit { children: OrgNode[] }

const KIND_ORDER: Record<string, number> = { district: 0, street: 1, community: 2, department: 3, grid: 4, microgrid: 5 };

/**
 * Builds the tree from the flat list. Units whose parent is not in the list are roots
 * (the server answers with the user's scope roots, which may be communities or grids).
 */
export function buildTree(items: OrgUnit[]): OrgNode[] {
  const byId = new Map<string, OrgNode>();
  for (const u of items) byId.set(u.id, { ...u, children: [] });
  const roots: OrgNode[] = [];
  for (const n of byId.values()) {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const sort = (list: OrgNode[]) => {
    list.sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || a.code.localeCompare(b.code) || a.name.localeCompare(b.name, 'zh'));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** Ids from the root down to `id` (inclusive), for expanding the tree to a unit. */
export function ancestorIds(items: OrgUnit[], id: string): string[] {
  const byId = new Map(items.map((u) => [u.id, u]));
  const out: string[] = [];
  let cur = byId.get(id);
  const seen = new Set<string>();
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    out.unshift(cur.id);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return out;
}

/** Which kinds may be created under a parent of this kind (every grid belongs to a community). */
export function childKinds(parentKind: OrgUnit['kind']): OrgUnit['kind'][] {
  switch (parentKind) {
    case 'district': return ['street', 'department'];
    case 'street': return ['community', 'department'];
    case 'community': return ['grid'];
    case 'grid': return ['microgrid'];
    default: return [];
  }
}

export function isGridKind(kind: OrgUnit['kind']) {
  return kind === 'grid' || kind === 'microgrid';
}
