import type { ModuleRoutes } from '../../../platform/http/app.js';
import { indicatorRoutes } from './indicators/routes.js';
import { publicCaseRoutes } from './public/routes.js';
import { open311Routes } from './open311/routes.js';
import { open311KeyRoutes } from './open311/key-routes.js';
import { portalRoutes } from './portal/routes.js';

/**
 * Case intake channels (Open311, residents' portal, anonymous reports), indicators and the
 * public case page. Each part registers its own routes; see the folders of the same names.
 */
export const caseIntakeRoutes: ModuleRoutes = async (app, ctx) => {
  indicatorRoutes(app, ctx);
  publicCaseRoutes(app, ctx);
  open311KeyRoutes(app, ctx);
  portalRoutes(app, ctx);
  await open311Routes(app, ctx);
};
