import { describe, expect, it } from 'vitest';
import { sharedBuffersMb } from './embedded.js';

const GB = 2 ** 30;

describe('embedded PostgreSQL page cache (shared_buffers)', () => {
  it('takes a quarter of the memory, at least PostgreSQL\'s default and at most 2 GB', () => {
    expect(sharedBuffersMb(0.25 * GB)).toBe(128); // a small machine keeps the default
    expect(sharedBuffersMb(2 * GB)).toBe(512);
    expect(sharedBuffersMb(4 * GB)).toBe(1024);
    expect(sharedBuffersMb(24 * GB)).toBe(2048); // the application keeps the rest
  });
});
