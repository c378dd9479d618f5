import type { ModuleRoutes } from '../../../platform/http/app.js';

/** Routes of modules/registry/io (being built). */
export const registryIoRoutes: ModuleRoutes = () => {};
