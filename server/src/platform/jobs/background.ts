import type { AppContext } from '../context.js';

/**
 * A periodic job run by every app instance (main.ts starts them, tests call `run` directly
 * with their own clock). Jobs must be safe to run concurrently on several instances — claim
 * work with `FOR UPDATE SKIP LOCKED` or an advisory lock — and safe to resume after a crash.
 */
export interface BackgroundJob {
  name: string;
  intervalMs: number;
  run(ctx: AppContext, now: Date): Promise<void>;
}

/** Starts the jobs on timers; returns a stop function that waits for running cycles. */
export function startBackgroundJobs(ctx: AppContext, jobs: BackgroundJob[]): () => Promise<void> {
  const running = new Set<Promise<void>>();
  const timers = jobs.map((job) => setInterval(() => {
    const cycle = job.run(ctx, new Date())
      .catch((err) => ctx.log.error({ err, job: job.name }, 'background job failed'))
      .finally(() => running.delete(cycle));
    running.add(cycle);
  }, job.intervalMs));
  return async () => {
    timers.forEach(clearInterval);
    await Promise.all(running);
  };
}
