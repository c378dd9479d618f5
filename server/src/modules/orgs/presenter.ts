import type { OrgRow } from './repo.js';

export function presentOrg(o: OrgRow, leaderName?: string | null) {
  return {
    id: o.id, parentId: o.parent_id, kind: o.kind, code: o.code, name: o.name, path: o.path, depth: o.depth,
    status: o.status, gridKind: o.grid_kind, boundary: o.boundary, targetHouseholds: o.target_households,
    leaderStaffId: o.leader_staff_id, leaderName: leaderName ?? null, address: o.address, phone: o.phone,
    divisionCode: o.division_code, splitFromId: o.split_from_id, validFrom: o.valid_from, validTo: o.valid_to,
    createdAt: o.created_at, updatedAt: o.updated_at,
  };
}

/** The fields a history row keeps: everything but bookkeeping timestamps. */
export function snapshot(o: OrgRow) {
  const { created_at: _c, updated_at: _u, ...rest } = o;
  return rest;
}
