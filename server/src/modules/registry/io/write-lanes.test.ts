import { describe, expect, it } from 'vitest';
import { WriteLanes } from './write-lanes.js';

const tick = () => new Promise((r) => setTimeout(r, 5));
const pgError = (code: string) => Object.assign(new Error(code), { code });

/** A write that counts how many such writes run at the same time. */
function concurrency() {
  const seen = { running: 0, most: 0, done: 0 };
  const write = async () => {
    seen.running++;
    seen.most = Math.max(seen.most, seen.running);
    await tick();
    seen.running--;
    seen.done++;
  };
  return { seen, write };
}

describe('write lanes', () => {
  it('runs at most `lanes` writes of a job at a time, and all of them', async () => {
    const lanes = new WriteLanes(1);
    const { seen, write } = concurrency();
    for (let i = 0; i < 7; i++) await lanes.submit(write);
    await lanes.drain();
    expect(seen).toMatchObject({ most: 1, done: 7 });
  });

  it('runs at most two writes at a time across all the imports of the process', async () => {
    const { seen, write } = concurrency();
    await Promise.all([new WriteLanes(2), new WriteLanes(2), new WriteLanes(1)].map(async (lanes) => {
      for (let i = 0; i < 4; i++) await lanes.submit(write);
      await lanes.drain();
    }));
    expect(seen).toMatchObject({ most: 2, done: 12 });
  });

  it('writes a batch again when PostgreSQL aborted it for a deadlock', async () => {
    const lanes = new WriteLanes(2);
    let attempts = 0;
    await lanes.submit(async () => {
      attempts++;
      if (attempts < 3) throw pgError('40P01');
    });
    await lanes.drain();
    expect(attempts).toBe(3);
  });

  it('stops taking writes after a failure, and reports it once the others are done', async () => {
    const lanes = new WriteLanes(2);
    let otherFinished = false;
    await lanes.submit(async () => { await tick(); throw pgError('23514'); });
    await lanes.submit(async () => { await tick(); await tick(); otherFinished = true; });
    // the third waits for a free lane, then learns of the failure instead of starting
    await expect(lanes.submit(async () => {})).rejects.toMatchObject({ code: '23514' });
    await lanes.settle();
    expect(otherFinished).toBe(true);
    await expect(lanes.drain()).rejects.toMatchObject({ code: '23514' });
  });
});
