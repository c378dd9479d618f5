import type { BackgroundJob } from '../../platform/jobs/background.js';

/** The registry's periodic jobs (e.g. residence-permit expiry reminders). */
export const registryJobs: BackgroundJob[] = [];
