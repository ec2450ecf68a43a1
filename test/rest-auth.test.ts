import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from './rest-harness.js';

/** The credential styles a route accepts come from its alias's `auth`; the engine decides what they allow. */
describe('REST credential styles per alias auth', () => {
  let bridge: Bridge;
  let token: string;
  beforeAll(async () => {
    bridge = await startBridge();
    const created = await bridge.request('POST', '/projects', { body: { name: 'shop', allowed_origins: ['https://shop.example'] } });
    expect(created.status).toBe(201);
    token = created.body.project_token;
    expect(token).toMatch(/^ha_pt_/);
  });
  afterAll(() => bridge.close());

  it('Agent Analytics routes take X-API-Key and ?key=, and the key never reaches the tool input', async () => {
    const viaHeader = await bridge.request('GET', '/projects', { key: null, headers: { 'x-api-key': bridge.adminKey } });
    expect(viaHeader.status).toBe(200);
    const viaQuery = await bridge.request('GET', `/projects?key=${bridge.adminKey}`, { key: null });
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.body).toEqual(viaHeader.body);
    const badKey = await bridge.request('GET', '/projects?key=ha_live_notarealkeynotarealkey', { key: null });
    expect(badKey.status).toBe(401);
  });

  it('a project token with an allowed Origin may track; a wrong Origin may not; nothing else is opened by it', async () => {
    const event = { project: 'shop', event: 'page_view', properties: { path: '/' } };
    const tracked = await bridge.request('POST', '/track', { key: null, headers: { origin: 'https://shop.example' }, body: { ...event, token } });
    expect(tracked.status).toBe(202);
    const foreign = await bridge.request('POST', '/track', { key: null, headers: { origin: 'https://evil.example' }, body: { ...event, token } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toContain('allowed_origins');
    const stats = await bridge.request('GET', `/projects?token=${token}`, { key: null, headers: { origin: 'https://shop.example' } });
    expect(stats.status).toBe(403);
  });

  it('Bearer routes ignore X-API-Key and ?key=', async () => {
    const header = await bridge.request('GET', '/api/events', { key: null, headers: { 'x-api-key': bridge.adminKey } });
    expect(header.status).toBe(401);
    const query = await bridge.request('GET', `/api/events?key=${bridge.adminKey}`, { key: null });
    expect(query.status).toBe(401);
  });
});
