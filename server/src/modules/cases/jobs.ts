import type { BackgroundJob } from '../../platform/jobs/background.js';

/** The case module's periodic jobs (the deadline scheduler). */
export const caseJobs: BackgroundJob[] = [];
