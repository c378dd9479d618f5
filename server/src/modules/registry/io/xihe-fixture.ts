/**
 * 西河社区 from seed 001 as a test fixture: a community with 6 grids under the fixture street
 * and the population the seed reports (1006 households, 3203 people, 202 floating persons,
 * 34 rental households with 179 rooms and 268 tenants, 5 key persons, 13 units).
 */
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../../platform/db/database.js';
import type { FixtureOrg } from '../../../testing/fixtures.js';
import { writePopulation } from '../../../../../tools/population/write.js';
import type { GridSpec } from '../../../../../tools/population/generate.js';

export const XIHE_FIGURES = {
  households: 1006, persons: 3203, grids: 6, floating: 202, rentalHouseholds: 34, rentalRooms: 179, rentalTenants: 268, keyPersons: 5, entities: 13,
} as const;

export async function createXiheCommunity(owner: Database, street: FixtureOrg) {
  const communityId = uuidv7();
  const communityPath = `${street.path}${communityId}/`;
  const communityCode = `${street.code}099`;
  await owner.db.insertInto('org_units').values({
    tenant_code: street.tenant, id: communityId, parent_id: street.id, kind: 'community', code: communityCode, name: '西河社区',
    path: communityPath, depth: communityPath.split('/').length - 3, division_code: null, grid_kind: null, boundary: null,
    target_households: null, leader_staff_id: null, address: null, phone: null, split_from_id: null,
  }).execute();
  const grids: GridSpec[] = [];
  for (let i = 1; i <= XIHE_FIGURES.grids; i++) {
    const id = uuidv7();
    const path = `${communityPath}${id}/`;
    const code = `${communityCode}${String(i).padStart(3, '0')}`;
    await owner.db.insertInto('org_units').values({
      tenant_code: street.tenant, id, parent_id: communityId, kind: 'grid', code, name: `西河第${i}网格`, path,
      depth: path.split('/').length - 3, division_code: null, grid_kind: 'comprehensive', boundary: null,
      target_households: 300, leader_staff_id: null, address: null, phone: null, split_from_id: null,
    }).execute();
    grids.push({ id, path, code, name: `西河第${i}网格`, communityName: '西河社区' });
  }
  const { grids: _g, ...figures } = XIHE_FIGURES;
  await writePopulation(owner.appPool, {
    tenant: street.tenant, addressPrefix: '天津市武清区下朱庄街道', grids, seed: 1, ...figures,
  });
  return { id: communityId, path: communityPath, grids };
}
