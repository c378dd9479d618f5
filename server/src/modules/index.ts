import type { ModuleRoutes } from '../platform/http/app.js';
import { authRoutes } from './auth/routes.js';
import { orgRoutes } from './orgs/routes.js';
import { staffRoutes } from './staff/routes.js';
import { userRoutes } from './users/routes.js';
import { auditRoutes } from './audit/routes.js';
import { publicRoutes } from './public/routes.js';
import { registryRoutes } from './registry/routes.js';
import { caseRoutes } from './cases/routes.js';
import { registryIoRoutes } from './registry/io/routes.js';
import { caseIntakeRoutes } from './cases/intake/routes.js';
import { registryJobs } from './registry/jobs.js';
import { registryIoJobs } from './registry/io/jobs.js';
import { caseJobs } from './cases/jobs.js';
import type { BackgroundJob } from '../platform/jobs/background.js';

/** Every module's routes, in the order they are registered. A new module adds itself here. */
export const MODULES: ModuleRoutes[] = [
  authRoutes, orgRoutes, staffRoutes, userRoutes, auditRoutes, publicRoutes,
  registryRoutes, registryIoRoutes, caseRoutes, caseIntakeRoutes,
];

/** Every module's periodic jobs; main.ts runs them on timers. */
export const JOBS: BackgroundJob[] = [...registryJobs, ...registryIoJobs, ...caseJobs];
