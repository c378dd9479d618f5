import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** One audited event. The chain (seq, time, hashes) is filled in by the database trigger. */
export interface AuditEntry {
  action: string; // e.g. 'auth.login', 'org.create', 'access.denied', 'personal.unmask'
  outcome?: 'success' | 'failure' | 'denied';
  actor?: { id: string; name: string } | null;
  tenantCode?: string | null;
  path?: string | null;
  objectType?: string;
  objectId?: string;
  objectLabel?: string;
  ip?: string;
  /** Never put a full ID number or phone here: describe what changed, not the value. */
  detail?: Record<string, unknown>;
}

export type AuditWriter = (entry: AuditEntry) => Promise<void>;

/** Writes audit rows on the given connection (pass a transaction to make the row part of it). */
export function recordAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  return db
    .insertInto('audit_log')
    .values({
      action: entry.action,
      outcome: entry.outcome ?? 'success',
      actor_id: entry.actor?.id ?? null,
      actor_name: entry.actor?.name ?? null,
      tenant_code: entry.tenantCode ?? null,
      path: entry.path ?? null,
      object_type: entry.objectType ?? null,
      object_id: entry.objectId ?? null,
      object_label: entry.objectLabel ?? null,
      ip: entry.ip ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute()
    .then(() => undefined);
}
