/**
 * A case names its reporter's care-group tags (for 未诉先办), read from the registry through
 * its service; the tags never appear in what staff or residents are shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { api } from './testing.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(() => t?.close());

describe('reporter tags from the registry', () => {
  it('records the tags of a registered reporter and does not show them', async () => {
    const person = await api(t, admin, 'POST', '/api/registry/persons', { name: '孙大爷', gridId: t.fixture.orgs.g1a.id });
    expect(person.status, JSON.stringify(person.body)).toBe(201);
    const personId = person.body.id;
    const tag = await api(t, admin, 'POST', `/api/registry/persons/${personId}/tags`, { tagCode: 'mental_disorder', level: 'key' });
    expect(tag.status, JSON.stringify(tag.body)).toBeLessThan(300);
    const created = await api(t, admin, 'POST', '/api/cases', {
      channel: 'hotline', category: 'environment', title: '楼道灯坏了', description: '3号楼楼道灯不亮',
      location: { gridId: t.fixture.orgs.g1a.id }, reporter: { name: '孙大爷', personId },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.case.id;
    const row = await t.owner.db.selectFrom('cases').select('reporter_tags').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.reporter_tags).toEqual(['mental_disorder']);
    const detail = await api(t, admin, 'GET', `/api/cases/${id}`);
    expect(JSON.stringify(detail.body)).not.toContain('mental_disorder');
  });
});
