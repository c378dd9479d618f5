import type { ModuleRoutes } from '../../platform/http/app.js';

/** Routes of the cases module (being built). */
export const caseRoutes: ModuleRoutes = () => {};
