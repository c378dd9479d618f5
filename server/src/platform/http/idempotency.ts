import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { runAsSystem } from '../db/scope-context.js';
import { AppError, conflict } from './errors.js';

/** Canonical JSON: keys sorted, so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Runs a create at most once per Idempotency-Key: the same key with the same body replays
 * the stored answer, the same key with another body is refused (422). Without the header
 * the create simply runs. Keys are per principal (user, or the client address when anonymous).
 */
export async function idempotent<T>(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  create: () => Promise<T>,
): Promise<T> {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') {
    reply.status(status);
    return create();
  }
  if (key.length > 200) throw new AppError(400, 'bad_request', 'Idempotency-Key too long', 'Idempotency-Key 过长');
  const principal = req.principal?.userId ?? `anon:${req.ip}`;
  const route = `${req.method} ${req.routeOptions.url}`;
  const bodyHash = crypto.createHash('sha256').update(route + '\n' + canonical(req.body)).digest('hex');
  const claimed = await runAsSystem(() =>
    ctx.db.insertInto('idempotency_keys')
      .values({ principal, key, route, body_hash: bodyHash })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst(),
  );
  if (!claimed) {
    const prior = await runAsSystem(() =>
      ctx.db.selectFrom('idempotency_keys').selectAll().where('principal', '=', principal).where('key', '=', key).executeTakeFirstOrThrow(),
    );
    if (prior.body_hash !== bodyHash) {
      throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request',
        '该幂等键已用于另一个不同的请求');
    }
    if (prior.status_code === null) {
      throw conflict('The original request is still being processed', '原请求仍在处理中，请稍后重试');
    }
    reply.header('idempotent-replayed', 'true').status(prior.status_code);
    return prior.response as T;
  }
  try {
    const result = await create();
    await runAsSystem(() =>
      ctx.db.updateTable('idempotency_keys')
        .set({ status_code: status, response: JSON.stringify(result) })
        .where('principal', '=', principal).where('key', '=', key).execute(),
    );
    reply.status(status);
    return result;
  } catch (e) {
    // a failed create may be retried with the same key
    await runAsSystem(() =>
      ctx.db.deleteFrom('idempotency_keys').where('principal', '=', principal).where('key', '=', key).execute(),
    );
    throw e;
  }
}

/** Keys older than a day are forgotten (called by the housekeeping timer). */
export function purgeOldIdempotencyKeys(ctx: AppContext) {
  return runAsSystem(() =>
    ctx.db.deleteFrom('idempotency_keys').where('created_at', '<', sql<Date>`now() - interval '1 day'`).execute(),
  );
}
