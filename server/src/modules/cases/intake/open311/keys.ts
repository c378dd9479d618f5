/**
 * Open311 API keys: issued for one street by staff with open311.manage, shown once, stored as
 * SHA-256, revocable; every issue and revocation is audited.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { AppContext } from '../../../../platform/context.js';
import type { Principal } from '../../../../platform/auth/principal.js';
import { actorOf } from '../../../../platform/auth/access.js';
import { inScope } from '../../../../platform/db/scope-sql.js';
import { runAsSystem } from '../../../../platform/db/scope-context.js';
import { recordAudit } from '../../../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../../../platform/http/errors.js';

export const issueKeySchema = z.object({
  /** the street the client reports into (its jurisdiction) */
  orgId: z.uuid(),
  clientName: z.string().trim().min(1).max(100),
  contact: z.string().trim().max(200).optional(),
});
export type IssueKeyInput = z.infer<typeof issueKeySchema>;

export const hashKey = (key: string) => crypto.createHash('sha256').update(key).digest('hex');
/** 32 random bytes: unguessable, so a fast hash is enough (no password stretching needed). */
export const generateKey = () => `rz311_${crypto.randomBytes(32).toString('base64url')}`;

function present(k: {
  id: string; org_id: string; client_name: string; contact: string | null; key_prefix: string; created_at: Date;
  created_by_name: string | null; revoked_at: Date | null; last_used_at: Date | null; request_count: string;
}) {
  return {
    id: k.id, orgId: k.org_id, clientName: k.client_name, contact: k.contact, keyPrefix: k.key_prefix,
    createdAt: k.created_at, createdByName: k.created_by_name, revokedAt: k.revoked_at, lastUsedAt: k.last_used_at,
    requestCount: Number(k.request_count), active: k.revoked_at === null,
  };
}

export async function issueKey(ctx: AppContext, p: Principal, input: IssueKeyInput, ip: string) {
  const street = await ctx.db.selectFrom('org_units').select(['id', 'tenant_code', 'path', 'kind', 'name'])
    .where('id', '=', input.orgId).where(inScope('path', p.scopePaths)).executeTakeFirst();
  if (!street || street.kind !== 'street') {
    throw invalid('The key must be issued for a street in your scope', '密钥须签发给您管辖范围内的街道',
      [{ path: 'orgId', message: 'no such street in your scope', message_zh: '未找到该街道' }]);
  }
  const key = generateKey();
  const row = {
    tenant_code: street.tenant_code, id: uuidv7(), org_id: street.id, path: street.path, client_name: input.clientName,
    contact: input.contact ?? null, key_prefix: key.slice(0, 12), key_hash: hashKey(key),
    created_by_id: p.userId, created_by_name: p.name,
  };
  const created = await ctx.db.transaction().execute(async (tx) => {
    const k = await tx.insertInto('open311_api_keys').values(row).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, {
      action: 'open311.key.issue', actor: actorOf(p), tenantCode: street.tenant_code, path: street.path, ip,
      objectType: 'open311_api_key', objectId: k.id, objectLabel: input.clientName, detail: { street: street.name, keyPrefix: k.key_prefix },
    });
    return k;
  });
  // the only time the key itself is shown
  return { ...present(created), key };
}

export async function listKeys(ctx: AppContext, p: Principal) {
  const rows = await ctx.db.selectFrom('open311_api_keys').selectAll().where(inScope('path', p.scopePaths))
    .orderBy('created_at', 'desc').execute();
  return { items: rows.map(present), total: rows.length };
}

export async function revokeKey(ctx: AppContext, p: Principal, id: string, ip: string) {
  return ctx.db.transaction().execute(async (tx) => {
    const k = await tx.selectFrom('open311_api_keys').selectAll().where('id', '=', id).where(inScope('path', p.scopePaths))
      .forUpdate().executeTakeFirst();
    if (!k) throw notFound('API key', '接口密钥');
    if (k.revoked_at) throw conflict('The key is already revoked', '该密钥已被吊销');
    const updated = await tx.updateTable('open311_api_keys')
      .set({ revoked_at: new Date(), revoked_by_id: p.userId, revoked_by_name: p.name })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, {
      action: 'open311.key.revoke', actor: actorOf(p), tenantCode: k.tenant_code, path: k.path, ip,
      objectType: 'open311_api_key', objectId: k.id, objectLabel: k.client_name, detail: { keyPrefix: k.key_prefix },
    });
    return present(updated);
  });
}

/** The active key behind a presented api_key, or undefined. Runs in the system scope: the client has no session. */
export async function resolveKey(ctx: AppContext, key: string) {
  return runAsSystem(async () => {
    const k = await ctx.db.updateTable('open311_api_keys')
      .set({ last_used_at: new Date(), request_count: sql`request_count + 1` })
      .where('key_hash', '=', hashKey(key)).where('revoked_at', 'is', null)
      .returning(['id', 'tenant_code', 'org_id', 'path', 'client_name'])
      .executeTakeFirst();
    return k;
  });
}
