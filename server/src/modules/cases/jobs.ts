import type { BackgroundJob } from '../../platform/jobs/background.js';
import { runSchedulerCycle } from './scheduler.js';
import { runProactiveDiscovery } from './proactive.js';
import { rollUpIndicators } from './intake/indicators/rollup.js';

/** The case module's periodic jobs: the deadline scheduler, proactive discovery (未诉先办) and the indicator roll-up. */
export const caseJobs: BackgroundJob[] = [
  { name: 'case-deadlines', intervalMs: 60_000, run: async (ctx, now) => { await runSchedulerCycle(ctx, now); } },
  // readers add the pending deltas themselves: the interval bounds how many they read, not what they count
  { name: 'case-indicator-rollup', intervalMs: 10_000, run: async (ctx) => { await rollUpIndicators(ctx.db); } },
  { name: 'case-proactive', intervalMs: 15 * 60_000, run: async (ctx, now) => { await runProactiveDiscovery(ctx, now); } },
];
