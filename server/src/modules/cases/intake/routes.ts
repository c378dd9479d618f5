import type { ModuleRoutes } from '../../../platform/http/app.js';

/** Routes of modules/cases/intake (being built). */
export const caseIntakeRoutes: ModuleRoutes = () => {};
