/** Helpers for the case tests: log in, create and act through the HTTP API. */
import { expect } from 'vitest';
import type { TestApp } from '../../testing/app.js';

export async function api(t: TestApp, cookie: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const res = await t.server.app.inject({ method, url, payload: payload as object, headers: { cookie, ...headers } });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

export async function createVia(t: TestApp, cookie: string, body: Record<string, unknown>) {
  const res = await api(t, cookie, 'POST', '/api/cases', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { case: { id: string; number: string; state: string; version: number }; duplicates: Array<{ id: string }> };
}

export async function act(t: TestApp, cookie: string, id: string, body: Record<string, unknown>, expected = 200) {
  const res = await api(t, cookie, 'POST', `/api/cases/${id}/actions`, body);
  expect(res.status, `${body.action}: ${JSON.stringify(res.body)}`).toBe(expected);
  return res.body;
}

import type { CaseActor } from './state-machine.js';
import { ROLES } from '../../platform/auth/permissions.js';

/** A staff actor for calling the services directly (with an explicit clock). */
export function staffActor(t: TestApp, account: string, role: string, orgKeys: string[]): CaseActor {
  const orgs = orgKeys.map((k) => t.fixture.orgs[k]);
  return {
    userId: t.fixture.users[account]?.id ?? null, name: `测试${account}`, kind: 'staff',
    permissions: new Set(ROLES.find((r) => r.code === role)!.permissions),
    scopePaths: orgs.map((o) => o.path), orgs: orgs.map((o) => ({ id: o.id, path: o.path, kind: 'x', name: o.name })), tenantCode: orgs[0].tenant,
  };
}

/** Shanghai local time → Date. */
export const sh = (s: string) => new Date(`${s}+08:00`);
