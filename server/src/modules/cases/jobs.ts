import type { BackgroundJob } from '../../platform/jobs/background.js';
import { runSchedulerCycle } from './scheduler.js';
import { runProactiveDiscovery } from './proactive.js';

/** The case module's periodic jobs: the deadline scheduler and proactive discovery (未诉先办). */
export const caseJobs: BackgroundJob[] = [
  { name: 'case-deadlines', intervalMs: 60_000, run: async (ctx, now) => { await runSchedulerCycle(ctx, now); } },
  { name: 'case-proactive', intervalMs: 15 * 60_000, run: async (ctx, now) => { await runProactiveDiscovery(ctx, now); } },
];
