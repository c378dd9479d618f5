/**
 * The registry's periodic jobs. Residence-permit reminders: every floating person whose permit
 * expires within REMINDER_DAYS (or has expired) gets one open reminder per expiry date in
 * reg_reminders, shown to the grid's workers. Idempotent (a unique key per permit and date),
 * so several instances may run it at once, and it resumes after a crash by simply running again.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { BackgroundJob } from '../../platform/jobs/background.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { addDays, todayIso } from '../../platform/validation/dates.js';

export const REMINDER_DAYS = 30;

/**
 * Creates the missing permit-expiry reminders; returns how many were added. With a person, only
 * theirs: a save of floating data calls it at once, so a permit that expires soon is in the
 * reminders when the worker looks, not at the job's next run.
 */
export async function remindPermitExpiry(ctx: AppContext, now: Date, personId?: string): Promise<number> {
  const horizon = addDays(todayIso(now), REMINDER_DAYS);
  return runAsSystem(async () => {
    const r = await sql`
      INSERT INTO reg_reminders (tenant_code, id, path, kind, person_id, subject_id, due_date)
      SELECT f.tenant_code, gen_random_uuid(), f.path, 'permit_expiry', f.person_id, f.id, f.permit_expiry
      FROM reg_floating f JOIN reg_persons x ON x.id = f.person_id
      WHERE f.permit_expiry IS NOT NULL AND f.permit_expiry <= ${horizon}::date AND x.status = 'active'
        ${personId ? sql`AND f.person_id = ${personId}::uuid` : sql``}
      ON CONFLICT (tenant_code, kind, subject_id, due_date) DO NOTHING`.execute(ctx.db);
    return Number(r.numAffectedRows ?? 0);
  });
}

export const permitExpiryJob: BackgroundJob = {
  name: 'registry.permit-expiry',
  intervalMs: 6 * 60 * 60 * 1000,
  run: async (ctx, now) => { await remindPermitExpiry(ctx, now); },
};

export const registryJobs: BackgroundJob[] = [permitExpiryJob];
