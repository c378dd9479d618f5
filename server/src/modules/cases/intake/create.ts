/**
 * Every intake channel lands in the same case: this is the one place the channels call the case
 * core's createCase (validation, location → grid, routing, deadlines, timeline, audit), then add
 * what the channel itself keeps (Open311 details, an anonymous reporter's confirmation code).
 */
import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import type { AppContext } from '../../../platform/context.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { runAsSystem } from '../../../platform/db/scope-context.js';
import type { CreateCaseInput } from '../schema.js';
import { actorFromPrincipal, createCase, type CaseActor } from '../service.js';
import type { Open311RequestsTable } from './tables.js';

export type IntakeSource =
  | { kind: 'client'; clientName: string; tenantCode: string; streetPath: string }
  | { kind: 'resident'; principal: Principal }
  | { kind: 'anonymous' };

export interface IntakeExtras {
  open311?: Omit<Insertable<Open311RequestsTable>, 'tenant_code' | 'case_id' | 'path'>;
  /** issue a confirmation code for looking the case up without an account */
  lookupCode?: boolean;
  ip?: string;
  now?: Date;
}

const REPORT_ONLY: ReadonlySet<string> = new Set(['case.report']);

/** The case rules' view of who reports: a client system, a logged-in resident, or nobody in particular. */
export function actorFor(source: IntakeSource): CaseActor {
  switch (source.kind) {
    case 'client':
      return { userId: null, name: `开放接口：${source.clientName}`, kind: 'client', permissions: new Set(['case.create']), scopePaths: null, tenantCode: source.tenantCode };
    case 'resident':
      return actorFromPrincipal(source.principal);
    case 'anonymous':
      return { userId: null, name: '匿名居民', kind: 'resident', permissions: REPORT_ONLY, scopePaths: null, tenantCode: null };
  }
}

/** 8 characters from an alphabet without look-alikes (0/O, 1/I/L): read aloud or copied by hand. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newLookupCode(): string {
  const bytes = crypto.randomBytes(8);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}
export const hashLookupCode = (caseId: string, code: string) =>
  crypto.createHash('sha256').update(`${caseId}:${code.trim().toUpperCase()}`).digest('hex');

export async function createIntakeCase(ctx: AppContext, source: IntakeSource, input: CreateCaseInput, extras: IntakeExtras = {}) {
  const created = await createCase(ctx, actorFor(source), input, { ip: extras.ip, now: extras.now });
  const c = created.case;
  const place = await runAsSystem(() => ctx.db.selectFrom('cases').select(['tenant_code', 'path']).where('id', '=', c.id).executeTakeFirstOrThrow());
  let lookupCode: string | undefined;
  await runAsSystem(async () => {
    if (extras.open311) {
      await ctx.db.insertInto('open311_requests').values({ ...extras.open311, tenant_code: place.tenant_code, case_id: c.id, path: place.path }).execute();
    }
    if (extras.lookupCode) {
      lookupCode = newLookupCode();
      await ctx.db.insertInto('case_lookup_codes').values({
        tenant_code: place.tenant_code, case_id: c.id, path: place.path, code_hash: hashLookupCode(c.id, lookupCode),
      }).execute();
    }
  });
  return { id: c.id, number: c.number, case: c, duplicates: created.duplicates, lookupCode };
}
