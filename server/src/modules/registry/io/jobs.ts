import type { BackgroundJob } from '../../../platform/jobs/background.js';
import { resumeStaleImports } from './import-service.js';

/**
 * Import jobs run in the process that received the upload. If that process stops, this job
 * picks up jobs left queued or running (no heartbeat for 2 minutes) and runs them again —
 * safe because every import write dedupes. To be added to JOBS in modules/index.ts.
 */
export const registryIoJobs: BackgroundJob[] = [
  { name: 'registry.import.resume', intervalMs: 60_000, run: (ctx) => resumeStaleImports(ctx) },
];
