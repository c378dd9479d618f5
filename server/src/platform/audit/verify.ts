import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  problems: Array<{ seq: number; problem: string }>;
}

const GENESIS = '0'.repeat(64);

/**
 * Walks the audit chain in order and recomputes every hash in the database with the same
 * canonical form the trigger used. A changed row breaks its own hash; a deleted row breaks
 * the link from its successor (prev_hash no longer equals the hash before it).
 * Must run with a connection that sees every row (the owner / system scope).
 */
export async function verifyAuditChain(db: Kysely<DB>, batch = 5000): Promise<AuditVerification> {
  const problems: AuditVerification['problems'] = [];
  let expectedPrev = GENESIS;
  let after = 0;
  let checked = 0;
  for (;;) {
    const rows = await sql<{ seq: number; prev_hash: string; hash: string; recomputed: string }>`
      SELECT a.seq, a.prev_hash, a.hash,
             encode(sha256(convert_to(a.prev_hash || audit_canonical(a), 'UTF8')), 'hex') AS recomputed
      FROM audit_log a WHERE a.seq > ${after} ORDER BY a.seq LIMIT ${batch}`.execute(db);
    if (rows.rows.length === 0) break;
    for (const r of rows.rows) {
      if (r.prev_hash !== expectedPrev) {
        problems.push({ seq: r.seq, problem: 'chain broken before this row: a row was deleted or altered / 此前有记录被删除或篡改' });
      }
      if (r.recomputed !== r.hash) {
        problems.push({ seq: r.seq, problem: 'row content does not match its hash: the row was changed / 记录内容与哈希不符，已被篡改' });
      }
      expectedPrev = r.hash;
      after = r.seq;
      checked++;
    }
  }
  return { ok: problems.length === 0, checked, problems };
}
