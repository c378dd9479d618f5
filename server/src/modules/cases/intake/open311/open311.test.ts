/**
 * Open311 GeoReport v2 against the spec's field list (http://wiki.open311.org/GeoReport_v2):
 * discovery, services, service definition, POST/GET requests, api_key, error array format.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../testing/app.js';

let t: TestApp;
let admin: string;
let apiKey: string;
let keyId: string;
const J = 'jurisdiction_id=120114002';
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
  const res = await t.server.app.inject({
    method: 'POST', url: '/api/open311/keys', headers: { cookie: admin },
    payload: { orgId: t.fixture.orgs.street.id, clientName: '市民随手拍', contact: 'ops@example.org' },
  });
  expect(res.statusCode).toBe(201);
  apiKey = res.json().key;
  keyId = res.json().id;
});
afterAll(() => t?.close());

const get = (url: string) => t.server.app.inject({ method: 'GET', url });
const postForm = (fields: Record<string, string>, headers: Record<string, string> = {}) => t.server.app.inject({
  method: 'POST', url: '/open311/v2/requests.json',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(fields).toString(),
});
const postJson = (body: Record<string, unknown>) => t.server.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: body });

/** The Open311 error array: `[{ code: number, description: string }]`. */
function expectErrorArray(res: { statusCode: number; json(): unknown; headers: Record<string, unknown> }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/json');
  const body = res.json() as Array<{ code: number; description: string }>;
  expect(Array.isArray(body)).toBe(true);
  expect(body.length).toBeGreaterThan(0);
  for (const e of body) {
    expect(e.code).toBe(status);
    expect(typeof e.description).toBe('string');
  }
  return body;
}

describe('API keys', () => {
  it('shows the key once, stores only its hash, lists it masked and audits the issue', async () => {
    expect(apiKey).toMatch(/^rz311_/);
    const row = await t.owner.db.selectFrom('open311_api_keys').selectAll().where('id', '=', keyId).executeTakeFirstOrThrow();
    expect(row.key_hash).not.toBe(apiKey);
    expect(JSON.stringify(row)).not.toContain(apiKey);
    const list = await t.server.app.inject({ method: 'GET', url: '/api/open311/keys', headers: { cookie: admin } });
    expect(list.json().items[0]).toMatchObject({ clientName: '市民随手拍', active: true });
    expect(list.body).not.toContain(apiKey);
    const audit = await t.owner.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'open311.key.issue').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].detail)).not.toContain(apiKey);
  });

  it('needs open311.manage', async () => {
    const sec = await t.login('sec1');
    const res = await t.server.app.inject({ method: 'GET', url: '/api/open311/keys', headers: { cookie: sec } });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('discovery and services', () => {
  it('discovery.json carries the spec fields', async () => {
    const d = (await get('/open311/v2/discovery.json')).json();
    expect(typeof d.changeset).toBe('string');
    expect(typeof d.contact).toBe('string');
    expect(typeof d.key_service).toBe('string');
    expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['application/json'] });
    expect(d.endpoints[0].url).toMatch(/\/open311\/v2$/);
    expect(typeof d.endpoints[0].changeset).toBe('string');
  });

  it('services.json lists the categories with the spec fields and types', async () => {
    const res = await get(`/open311/v2/services.json?${J}`);
    expect(res.statusCode).toBe(200);
    const services = res.json() as Array<Record<string, unknown>>;
    expect(services.length).toBeGreaterThan(0);
    for (const s of services) {
      expect(Object.keys(s).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type'].sort());
      expect(typeof s.service_code).toBe('string');
      expect(typeof s.service_name).toBe('string');
      expect(typeof s.metadata).toBe('boolean');
      expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
      expect(typeof s.keywords).toBe('string');
      expect(typeof s.group).toBe('string');
    }
    expect(services.map((s) => s.service_code)).toContain('environment');
  });

  it('asks for jurisdiction_id when there are several streets, and knows none it lacks', async () => {
    expectErrorArray(await get('/open311/v2/services.json'), 400);
    expectErrorArray(await get('/open311/v2/services.json?jurisdiction_id=999999999'), 404);
  });

  it('a service definition lists its attributes with the spec fields', async () => {
    const def = (await get(`/open311/v2/services/environment.json?${J}`)).json();
    expect(def.service_code).toBe('environment');
    for (const a of def.attributes) {
      expect(typeof a.variable).toBe('boolean');
      expect(typeof a.code).toBe('string');
      expect(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']).toContain(a.datatype);
      expect(typeof a.required).toBe('boolean');
      expect(typeof a.order).toBe('number');
      expect(typeof a.description).toBe('string');
      expect(Array.isArray(a.values)).toBe(true);
      for (const v of a.values) expect(Object.keys(v).sort()).toEqual(['key', 'name']);
    }
    expectErrorArray(await get(`/open311/v2/services/nope.json?${J}`), 404);
    expectErrorArray(await get(`/open311/v2/services/environment.xml?${J}`), 404);
  });
});

describe('POST requests.json', () => {
  let number: string;

  it('requires an api_key, and refuses an unknown one', async () => {
    const body = { service_code: 'environment', lat: '39.002', long: '117.008', description: '路灯不亮' };
    const missing = expectErrorArray(await postForm(body), 403);
    expect(missing[0].description).toContain('api_key');
    expectErrorArray(await postForm({ ...body, api_key: 'rz311_wrong' }), 403);
  });

  it('creates a case from a form-encoded request and answers with the spec fields', async () => {
    const res = await postForm({
      api_key: apiKey, jurisdiction_id: '120114002', service_code: 'environment', lat: '39.002', long: '117.008',
      address_string: '静湖花园东门', email: 'zhang@example.org', device_id: 'dev-42', account_id: 'acct-7',
      first_name: '三', last_name: '张', phone: '13912345678', description: '东门路灯不亮，联系 13912345678',
      media_url: 'https://img.example.org/1.jpg', 'attribute[urgency]': 'urgent',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toHaveLength(1);
    expect(Object.keys(body[0]).sort()).toEqual(['account_id', 'service_notice', 'service_request_id']);
    number = body[0].service_request_id;
    expect(number).toMatch(/^120114002-\d{8}-\d{4}$/);
    expect(body[0].account_id).toBe('acct-7');
    const c = await t.owner.db.selectFrom('cases').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ channel: 'open311', grid_id: t.fixture.orgs.g1a.id, urgency: 'urgent', reporter_name: '张三', reporter_phone: '13912345678', address: '静湖花园东门' });
    const extra = await t.owner.db.selectFrom('open311_requests').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
    expect(extra).toMatchObject({ email: 'zhang@example.org', device_id: 'dev-42', media_url: 'https://img.example.org/1.jpg', api_key_id: keyId });
  });

  it('accepts a JSON body with an attribute object', async () => {
    const res = await postJson({ api_key: apiKey, service_code: 'public_facilities', lat: 39.002, long: 117.008, description: '健身器材损坏', attribute: { people_involved: '3' } });
    expect(res.statusCode).toBe(201);
    const c = await t.owner.db.selectFrom('cases').select(['people_involved', 'category_code']).where('number', '=', res.json()[0].service_request_id).executeTakeFirstOrThrow();
    expect(c).toEqual({ people_involved: 3, category_code: 'public_facilities' });
  });

  it('answers bad requests with the error array, one entry per field', async () => {
    const noPlace = expectErrorArray(await postForm({ api_key: apiKey, service_code: 'environment', description: 'x' }), 400);
    expect(noPlace[0].description).toContain('lat');
    expectErrorArray(await postForm({ api_key: apiKey, service_code: 'nope', lat: '39.002', long: '117.008' }), 400);
    expectErrorArray(await postForm({ api_key: apiKey, service_code: 'environment', lat: '95', long: '117.008' }), 400);
    expectErrorArray(await postForm({ api_key: apiKey, service_code: 'environment', address_string: '某处', 'attribute[urgency]': 'very' }), 400);
    expectErrorArray(await postForm({ api_key: apiKey, service_code: 'environment', address_string: '某处', jurisdiction_id: '120114003' }), 400);
    const two = expectErrorArray(await postForm({ api_key: apiKey, service_code: 'environment', lat: '39.002', email: 'not-mail' }), 400);
    expect(two.length).toBeGreaterThanOrEqual(2);
  });

  it('replays the answer for the same Idempotency-Key and creates one case', async () => {
    const body = { api_key: apiKey, service_code: 'environment', address_string: '越秀园北门', description: '井盖缺失' };
    const a = await postForm(body, { 'idempotency-key': 'k-311-1' });
    const b = await postForm(body, { 'idempotency-key': 'k-311-1' });
    expect(b.statusCode).toBe(201);
    expect(b.json()).toEqual(a.json());
    const n = await t.owner.db.selectFrom('cases').select('id').where('description', '=', '井盖缺失').execute();
    expect(n).toHaveLength(1);
  });

  it('refuses a revoked key (and a second revocation is a conflict)', async () => {
    const other = await t.server.app.inject({ method: 'POST', url: '/api/open311/keys', headers: { cookie: admin }, payload: { orgId: t.fixture.orgs.street.id, clientName: '旧客户端' } });
    const revoke = await t.server.app.inject({ method: 'DELETE', url: `/api/open311/keys/${other.json().id}`, headers: { cookie: admin } });
    expect(revoke.json().active).toBe(false);
    expect((await t.server.app.inject({ method: 'DELETE', url: `/api/open311/keys/${other.json().id}`, headers: { cookie: admin } })).statusCode).toBe(409);
    expectErrorArray(await postForm({ api_key: other.json().key, service_code: 'environment', address_string: 'x' }), 403);
  });

  describe('GET requests.json', () => {
    const FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible',
      'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'];

    it('lists requests with the spec fields and types, and no personal data', async () => {
      const res = await get(`/open311/v2/requests.json?${J}`);
      expect(res.statusCode).toBe(200);
      const items = res.json() as Array<Record<string, unknown>>;
      expect(items.length).toBe(3);
      for (const r of items) {
        expect(Object.keys(r).sort()).toEqual([...FIELDS].sort());
        expect(typeof r.service_request_id).toBe('string');
        expect(['open', 'closed']).toContain(r.status);
        expect(typeof r.status_notes).toBe('string');
        expect(r.requested_datetime).toMatch(W3C);
        expect(r.updated_datetime).toMatch(W3C);
      }
      const mine = items.find((r) => r.service_request_id === number)!;
      expect(mine).toMatchObject({ status: 'open', service_code: 'environment', service_name: '市容环境', lat: 39.002, long: 117.008, address: '静湖花园东门', media_url: 'https://img.example.org/1.jpg' });
      expect(mine.status_notes).toContain('reported');
      expect(mine.description).toContain('139****5678');
      for (const secret of ['13912345678', '张三', 'zhang@example.org', 'dev-42', 'acct-7']) expect(res.body).not.toContain(secret);
    });

    it('gets one request, and 404 for an unknown one', async () => {
      const one = await get(`/open311/v2/requests/${number}.json`);
      expect(one.json()).toHaveLength(1);
      expect(one.json()[0].service_request_id).toBe(number);
      expectErrorArray(await get('/open311/v2/requests/120114002-20000101-0001.json'), 404);
    });

    it('filters by status, service_code, service_request_id and dates; closed cases read "closed" with our state in status_notes', async () => {
      await t.owner.db.updateTable('cases').set({ state: 'closed', closed_at: new Date() }).where('number', '=', number).execute();
      const closed = (await get(`/open311/v2/requests.json?${J}&status=closed`)).json();
      expect(closed.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([number]);
      expect(closed[0].status_notes).toContain('已结案');
      expect((await get(`/open311/v2/requests.json?${J}&status=open`)).json()).toHaveLength(2);
      expect((await get(`/open311/v2/requests.json?${J}&service_code=public_facilities`)).json()).toHaveLength(1);
      expect((await get(`/open311/v2/requests.json?${J}&service_request_id=${number}`)).json()).toHaveLength(1);
      expect((await get(`/open311/v2/requests.json?${J}&start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z`)).json()).toHaveLength(0);
      expectErrorArray(await get(`/open311/v2/requests.json?${J}&status=pending`), 400);
    });
  });
});
