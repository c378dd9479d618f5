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

/**
 * Starts the jobs: each runs once right after start, then every intervalMs; returns a stop
 * function that waits for running cycles. The first run does not wait a whole interval: the
 * residence-permit reminders run every 6 hours, and a server restarted more often than that
 * (a deploy, a nightly restart) never made any. A tick that finds the job's previous cycle still
 * running is skipped, so a slow cycle on a large database does not pile up behind itself.
 */
export function startBackgroundJobs(ctx: AppContext, jobs: BackgroundJob[]): () => Promise<void> {
  const running = new Map<string, Promise<void>>();
  const tick = (job: BackgroundJob) => {
    if (running.has(job.name)) return;
    const cycle = job.run(ctx, new Date())
      .catch((err) => ctx.log.error({ err, job: job.name }, 'background job failed'))
      .finally(() => running.delete(job.name));
    running.set(job.name, cycle);
  };
  const first = jobs.map((job) => setTimeout(() => tick(job), 0));
  const timers = jobs.map((job) => setInterval(() => tick(job), job.intervalMs));
  return async () => {
    first.forEach(clearTimeout);
    timers.forEach(clearInterval);
    await Promise.all(running.values());
  };
}
