import { describe, expect, it } from 'vitest';
import { Slots } from './slots.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('Slots', () => {
  it('runs at most `size` pieces of work at a time, the others in arrival order', async () => {
    const slots = new Slots(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const release: Array<() => void> = [];
    const all = [0, 1, 2, 3, 4].map((i) => slots.run(async () => {
      started.push(i);
      most = Math.max(most, ++running);
      await new Promise<void>((r) => release.push(r));
      running--;
      return i;
    }));
    await tick();
    expect(started).toEqual([0, 1]);
    while (release.length) { release.shift()!(); await tick(); await tick(); }
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('frees the slot of work that fails', async () => {
    const slots = new Slots(1);
    await expect(slots.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await slots.run(async () => 'next')).toBe('next');
  });
});
