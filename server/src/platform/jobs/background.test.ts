import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../context.js';
import { startBackgroundJobs, type BackgroundJob } from './background.js';

const HOUR = 60 * 60 * 1000;
const ctx = { log: { error: vi.fn() } } as unknown as AppContext;

afterEach(() => vi.useRealTimers());

describe('background jobs', () => {
  it('runs each job once right after start, then every interval', async () => {
    vi.useFakeTimers();
    const runs: Date[] = [];
    const job: BackgroundJob = { name: 'reminders', intervalMs: 6 * HOUR, run: async (_c, now) => { runs.push(now); } };
    const stop = startBackgroundJobs(ctx, [job]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(1); // not six hours after start
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(runs).toHaveLength(2);
    await stop();
    await vi.advanceTimersByTimeAsync(12 * HOUR);
    expect(runs).toHaveLength(2);
  });

  it('skips the ticks that find the previous cycle still running, and goes on after a failure', async () => {
    vi.useFakeTimers();
    let calls = 0;
    let finish: () => void = () => {};
    const job: BackgroundJob = {
      name: 'slow', intervalMs: 1000,
      run: () => {
        calls++;
        if (calls === 1) return new Promise<void>((resolve) => { finish = resolve; });
        if (calls === 2) return Promise.reject(new Error('boom'));
        return Promise.resolve();
      },
    };
    const stop = startBackgroundJobs(ctx, [job]);
    await vi.advanceTimersByTimeAsync(5500); // five ticks while the first cycle runs
    expect(calls).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(2); // failed, logged
    expect(ctx.log.error).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(3);
    await stop();
  });
});
