/**
 * The registry's change history (reg_changes): who changed which field of what, old → new.
 * Personal values (ID numbers, phones) are stored masked: the history must be showable.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Principal } from '../../platform/auth/principal.js';
import { maskIdNumber, maskPhone } from '../../platform/privacy/mask.js';
import type { Db } from './common.js';

export interface ChangeTarget {
  tenantCode: string;
  path: string;
  entityType: string;
  entityId: string;
  /** the person whose page shows the change */
  personId?: string | null;
}

/** Fields whose values are personal and stored masked. */
const MASKERS: Record<string, (v: string) => string | null> = {
  idNumber: (v) => maskIdNumber(v),
  id_number: (v) => maskIdNumber(v),
  phones: (v) => v.split(',').map((x) => maskPhone(x)).join(','),
  landlordPhone: (v) => maskPhone(v),
  phone: (v) => maskPhone(v),
};

export function changeValue(field: string, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  let s: string;
  if (Array.isArray(v)) s = v.join(',');
  else if (v instanceof Date) s = v.toISOString();
  else s = String(v);
  if (s === '') return null;
  const mask = MASKERS[field];
  return mask ? mask(s) : s;
}

export interface FieldChange { field: string; old: unknown; new: unknown }

/** Writes one history row per changed field (unchanged ones are skipped). */
export async function recordChanges(db: Db, p: Principal | null, target: ChangeTarget, changes: FieldChange[]) {
  const rows = changes
    .map((c) => ({ field: c.field, old: changeValue(c.field, c.old), neu: changeValue(c.field, c.new) }))
    .filter((c) => c.old !== c.neu)
    .map((c) => ({
      tenant_code: target.tenantCode, id: uuidv7(), path: target.path, entity_type: target.entityType, entity_id: target.entityId,
      person_id: target.personId ?? null, field: c.field, old_value: c.old, new_value: c.neu,
      actor_id: p?.userId ?? null, actor_name: p?.name ?? null,
    }));
  if (rows.length) await db.insertInto('reg_changes').values(rows).execute();
  return rows.length;
}

/** Diffs two snapshots over the given fields. */
export function diff<T extends Record<string, unknown>>(before: T, after: T, fields: Array<keyof T & string>): FieldChange[] {
  return fields.map((f) => ({ field: f, old: before[f], new: after[f] }));
}
