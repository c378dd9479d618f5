import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { TEST_APP_PASSWORD } from '../testing/global-setup.js';
import { openOwnerDatabase } from '../platform/db/database.js';
import { runningEmbedded } from './database.js';
import { main } from './main.js';

describe('runningEmbedded', () => {
  it('joins a live postmaster and ignores a stale pid file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rz-cli-'));
    fs.mkdirSync(path.join(dir, 'pg'));
    fs.writeFileSync(path.join(dir, 'pg-superuser-password'), 'p@ss');
    expect(runningEmbedded(dir)).toBeUndefined();
    const pidFile = path.join(dir, 'pg', 'postmaster.pid');
    fs.writeFileSync(pidFile, `${process.pid}\n${dir}/pg\n1700000000\n54999\n/tmp\n127.0.0.1\n  1 2\nready\n`);
    expect(runningEmbedded(dir)).toEqual({ pid: process.pid, port: 54999, ownerUrl: 'postgres://postgres:p%40ss@127.0.0.1:54999/rongzhi' });
    fs.writeFileSync(pidFile, `999999999\n${dir}/pg\n1700000000\n54999\n`);
    expect(runningEmbedded(dir)).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('rongzhi command line', () => {
  let t: TestDatabase;
  let out = '';
  beforeAll(async () => {
    t = await createTestDatabase();
    // this worker only: point the tool at the test database, keep the shared app role's password
    process.env.DATABASE_URL = t.ownerUrl;
    process.env.APP_DB_PASSWORD = TEST_APP_PASSWORD;
    process.env.RONGZHI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'rz-cli-data-'));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { out += String(chunk); return true; });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t?.drop();
  });

  it('prints help', async () => {
    out = '';
    expect(await main(['help'])).toBe(0);
    expect(out).toContain('seed demo');
    expect(out).toContain('用法');
  });

  it('imports divisions, creates a user and verifies the audit chain', async () => {
    expect(await main(['divisions', 'import', '120114002'])).toBe(0);
    out = '';
    expect(await main(['user', 'create', '--account', 'zhaoliu', '--name', '赵六', '--role', 'community_worker',
      '--scope', '120114002001', '--mobile', '13912345678', '--password', 'Strong#Pass1'])).toBe(0);
    expect(out).toContain('已创建用户 zhaoliu');
    await expect(main(['user', 'create', '--account', 'weak', '--name', '弱', '--role', 'resident', '--scope', '120114002001',
      '--password', 'abc'])).rejects.toThrow(/Password too weak/);
    await expect(main(['user', 'create', '--account', 'zhaoliu', '--name', '赵六', '--role', 'community_worker',
      '--scope', '120114002001', '--password', 'Strong#Pass1'])).rejects.toThrow(/already in use/);

    const owner = openOwnerDatabase(t.ownerUrl);
    try {
      const u = await owner.db.selectFrom('users').selectAll().where('account', '=', 'zhaoliu').executeTakeFirstOrThrow();
      const c = await owner.db.selectFrom('org_units').selectAll().where('code', '=', '120114002001').executeTakeFirstOrThrow();
      expect(u).toMatchObject({ kind: 'staff', path: c.path, home_org_id: c.id, tenant_code: '120114002', mobile: '13912345678' });
      const audit = await owner.db.selectFrom('audit_log').selectAll().execute();
      // the imported street and its 16 communities (plus the district) are audited, then the new user
      expect(audit.map((a) => a.action)).toEqual([...Array(18).fill('org.create'), 'user.create']);
    } finally {
      await owner.close();
    }
    out = '';
    expect(await main(['audit', 'verify'])).toBe(0);
    expect(out).toContain('19 rows checked');
  });

  it('refuses unknown commands and an unconfirmed restore', async () => {
    await expect(main(['frobnicate'])).rejects.toThrow(/unknown command/);
    await expect(main(['restore', __filename])).rejects.toThrow(/--yes/);
  });
});
