import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleRoutes } from '../../platform/http/app.js';
import { runAsSystem } from '../../platform/db/scope-context.js';
import { ROLES } from '../../platform/auth/permissions.js';
import { notFound } from '../../platform/http/errors.js';

const ROLE_NAMES = new Map(ROLES.map((r) => [r.code, r]));

/**
 * 网格公示: the public grid card, readable without login. It runs in the system scope and
 * selects only what is meant to be published: names, posts, service phones, photos of staff
 * who agreed to appear (public_card). Never a personal mobile.
 */
export const publicRoutes: ModuleRoutes = (base, ctx) => {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get('/api/public/grids', {
    schema: { tags: ['public'], summary: '网格公示列表 Public grid list', security: [], querystring: z.object({ communityCode: z.string().regex(/^\d{12}$/).optional() }) },
  }, (req) => runAsSystem(async () => {
    let q = ctx.db.selectFrom('org_units as g').innerJoin('org_units as c', 'c.id', 'g.parent_id')
      .select(['g.code', 'g.name', 'c.name as communityName', 'c.code as communityCode'])
      .where('g.kind', '=', 'grid').where('g.status', '=', 'active');
    if (req.query.communityCode) q = q.where('c.code', '=', req.query.communityCode);
    return { items: await q.orderBy('g.code').limit(2000).execute() };
  }));

  app.get('/api/public/grids/:code', {
    schema: { tags: ['public'], summary: '网格公示卡 Public grid card', security: [], params: z.object({ code: z.string().regex(/^\d{12,17}$/) }) },
  }, (req, reply) => runAsSystem(async () => {
    const grid = await ctx.db.selectFrom('org_units as g')
      .innerJoin('org_units as c', 'c.id', 'g.parent_id').leftJoin('org_units as s', 's.id', 'c.parent_id')
      .select(['g.id', 'g.code', 'g.name', 'g.grid_kind', 'g.target_households', 'g.leader_staff_id', 'c.name as community', 's.name as street'])
      .where('g.code', '=', req.params.code).where('g.kind', 'in', ['grid', 'microgrid']).where('g.status', '=', 'active')
      .executeTakeFirst();
    if (!grid) throw notFound('Grid', '网格');
    const staff = await ctx.db.selectFrom('staff_grid_links as k').innerJoin('staff as s', 's.id', 'k.staff_id')
      .select(['s.id', 's.name', 'k.role', 's.service_phone', 's.photo_url'])
      .where('k.grid_id', '=', grid.id).where('s.active', '=', true).where('s.public_card', '=', true).execute();
    // the leader first, then by post as the card is usually printed
    const order = ['grid_leader', 'grid_worker_full', 'grid_worker_part', 'building_head', 'area_cadre'];
    staff.sort((a, b) => Number(b.id === grid.leader_staff_id) - Number(a.id === grid.leader_staff_id) || order.indexOf(a.role) - order.indexOf(b.role));
    reply.header('cache-control', 'public, max-age=300');
    return {
      code: grid.code, name: grid.name, communityName: grid.community, streetName: grid.street, gridKind: grid.grid_kind,
      targetHouseholds: grid.target_households,
      staff: staff.map((s) => ({
        name: s.name, post: s.role, postZh: ROLE_NAMES.get(s.role)?.zh ?? s.role, postEn: ROLE_NAMES.get(s.role)?.en ?? s.role,
        servicePhone: s.service_phone, photoUrl: s.photo_url,
      })),
    };
  }));
};
