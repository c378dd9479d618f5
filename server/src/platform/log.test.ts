import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger, maskPersonalData } from './log.js';

describe('logs never hold a full ID number or phone', () => {
  it('masks IDs and mobiles wherever they appear in a line', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(c, _e, cb) { lines.push(c.toString()); cb(); } });
    const log = createLogger('info', sink);
    log.info({ url: '/api/x?phone=13812345678', note: 'ID 11010519491231002X here' }, 'lookup 110105194912310021 for 13912345678');
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(out).not.toMatch(/\d{17}[\dX]/);
    expect(out).not.toContain('13812345678');
    expect(out).not.toContain('13912345678');
    expect(out).toContain('138****5678');
  });

  it('leaves ordinary numbers alone', () => {
    expect(maskPersonalData('grid 120114002001003 has 420 households')).toBe('grid 120114002001003 has 420 households');
  });
});
