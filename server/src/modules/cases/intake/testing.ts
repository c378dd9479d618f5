/**
 * Test helper: writes case rows straight into the table with the owner connection, so the
 * indicator and disclosure tests start from a known set of cases without depending on the
 * workflow services to put them in each state.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.js';
import type { CasesTable } from '../tables.js';
import type { FixtureOrg } from '../../../testing/fixtures.js';

let seq = 0;
export async function insertCase(
  db: Kysely<DB>, at: FixtureOrg, category: { id: string; code: string }, values: Partial<Insertable<CasesTable>> & { state: CasesTable['state'] },
) {
  const id = uuidv7();
  seq++;
  const row: Insertable<CasesTable> = {
    tenant_code: at.tenant, id, number: `${at.tenant}T${String(seq).padStart(8, '0')}`, channel: 'portal',
    category_id: category.id, category_code: category.code, title: `测试工单 ${seq}`, description: '测试描述',
    path: at.path, grid_id: at.id, created_at: new Date('2026-03-10T02:00:00Z'), ...values,
  };
  await db.insertInto('cases').values(row).execute();
  return { id, number: row.number };
}

export const hoursAfter = (base: Date | string, h: number) => new Date(new Date(base).getTime() + h * 3600_000);
