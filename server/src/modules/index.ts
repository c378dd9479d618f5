import type { ModuleRoutes } from '../platform/http/app.js';
import { authRoutes } from './auth/routes.js';
import { orgRoutes } from './orgs/routes.js';

/** Every module's routes, in the order they are registered. A new module adds itself here. */
export const MODULES: ModuleRoutes[] = [authRoutes, orgRoutes];
