/** Open reminders (permits expiring) for the caller's scope, and marking one done. */
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../../platform/auth/principal.js';
import { inScope } from '../../platform/db/scope-sql.js';
import { notFound } from '../../platform/http/errors.js';
import { isoDate } from '../../platform/validation/dates.js';
import { now } from './common.js';
import { personRef } from './present.js';

export async function listReminders(ctx: AppContext, p: Principal) {
  const rows = await ctx.db.selectFrom('reg_reminders as r').innerJoin('reg_persons as x', 'x.id', 'r.person_id')
    .select(['r.id as rid', 'r.kind', 'r.due_date', 'r.created_at', 'x.id', 'x.name', 'x.gender', 'x.birth_date', 'x.id_number', 'x.status'])
    .where(inScope('r.path', p.scopePaths)).where('r.done_at', 'is', null).orderBy('r.due_date').limit(500).execute();
  return { items: rows.map((r) => ({ id: r.rid, kind: r.kind, dueDate: isoDate(r.due_date), createdAt: r.created_at, person: personRef(r) })) };
}

export async function completeReminder(ctx: AppContext, p: Principal, id: string) {
  const r = await ctx.db.updateTable('reg_reminders').set({ done_at: now() }).where('id', '=', id).where(inScope('path', p.scopePaths))
    .where('done_at', 'is', null).returning('id').executeTakeFirst();
  if (!r) throw notFound('Reminder', '提醒');
  return { id: r.id, done: true };
}
