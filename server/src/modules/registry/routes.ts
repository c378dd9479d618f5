import type { ModuleRoutes } from '../../platform/http/app.js';

/** Routes of the registry module (being built). */
export const registryRoutes: ModuleRoutes = () => {};
