/** No log line ever holds a whole ID number or phone, even when a client puts one in a URL or a bad body. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createServer, type RunningApp } from '../../platform/server.js';
import { createLogger } from '../../platform/log.js';
import { loadConfig } from '../../platform/config.js';
import { makeCitizenId } from '../../platform/validation/citizen-id.js';

let t: TestApp;
let logged: RunningApp;
const lines: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  const sink = new Writable({ write(c, _e, cb) { lines.push(c.toString()); cb(); } });
  // a second server on the same database, logging every request into `lines`
  const before = process.env.LOG_REQUESTS;
  process.env.LOG_REQUESTS = 'true';
  try {
    logged = await createServer(loadConfig({}), t.testDb.appUrl, createLogger('debug', sink), { serveWeb: false, poolSize: 2 });
  } finally {
    if (before === undefined) delete process.env.LOG_REQUESTS;
    else process.env.LOG_REQUESTS = before;
  }
});
afterAll(async () => {
  await logged?.close();
  await t?.close();
});

describe('registry log lines', () => {
  it('mask IDs and phones in URLs, bodies and errors', async () => {
    const res = await logged.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'admin', password: 'Fixture#2026' } });
    const cookie = `rz_session=${res.cookies.find((c) => c.name === 'rz_session')!.value}`;
    const id = makeCitizenId('120114', '1980-02-03', 71);
    const inject = (o: InjectOptions) => logged.app.inject({ ...o, headers: { cookie } });
    const created = await inject({ method: 'POST', url: '/api/registry/persons', payload: { name: '日志', idNumber: id, phones: ['13611112222'], gridId: t.fixture.orgs.g1a.id } });
    expect(created.statusCode).toBe(201);
    await inject({ method: 'GET', url: `/api/registry/search?q=${id}` });
    await inject({ method: 'GET', url: '/api/registry/search?q=13611112222' });
    await inject({ method: 'GET', url: `/api/registry/persons?q=${id}&fields=name` });
    await inject({ method: 'POST', url: '/api/registry/persons', payload: { name: '日志', idNumber: id, gridId: t.fixture.orgs.g1a.id } }); // 409
    await inject({ method: 'POST', url: '/api/registry/persons', payload: { name: 'x', idNumber: id.slice(0, 17) + 'Z', gridId: 'not-a-uuid' } }); // 400
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(out.length).toBeGreaterThan(0);
    expect(out).toContain('/api/registry/search');
    expect(out).not.toMatch(/\d{17}[\dXx]/);
    expect(out).not.toContain('13611112222');
  });
});
