import { engineOptionsFromEnv } from '@headlessanalytics/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from './rest-harness.js';

describe('REST usage metering', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    bridge = await startBridge();
  });
  afterAll(() => bridge.close());

  it('counts calls and errors per key, tool and surface', async () => {
    const writer = await bridge.request('POST', '/api/keys', { body: { name: 'writer', scopes: ['write'] } });
    const writerKey: string = writer.body.apiKey;
    for (let index = 0; index < 3; index += 1) {
      expect((await bridge.request('POST', '/api/ingest', { key: writerKey, body: { event: `e${index}` } })).status).toBe(200);
    }
    expect((await bridge.request('POST', '/api/ingest', { key: writerKey, body: { event: 7 } })).status).toBe(400);
    expect((await bridge.request('GET', '/api/events?limit=5')).status).toBe(200);
    expect((await bridge.request('GET', '/api/events?limit=0')).status).toBe(400);
    const viaCli = await bridge.request('GET', '/api/events', { headers: { 'x-ha-surface': 'cli' } });
    expect(viaCli.status).toBe(200);
    expect((await bridge.request('GET', '/api/events', { headers: { 'x-ha-surface': 'bogus' } })).status).toBe(200);

    const usage = await bridge.request('GET', '/api/usage');
    expect(usage.status).toBe(200);
    const rows = usage.body.rows.map((row: Record<string, unknown>) => ({ key: row.keyId, tool: row.tool, surface: row.surface, calls: row.calls, errors: row.errors }));
    const adminKeyId = (await bridge.request('GET', '/api/keys')).body.keys.find((key: { name: string }) => key.name === 'admin').id;
    expect(rows).toEqual(
      expect.arrayContaining([
        { key: writer.body.key.id, tool: 'ingest_event', surface: 'rest', calls: 4, errors: 1 },
        { key: adminKeyId, tool: 'query_events', surface: 'rest', calls: 3, errors: 1 },
        { key: adminKeyId, tool: 'query_events', surface: 'cli', calls: 1, errors: 0 },
        { key: adminKeyId, tool: 'create_api_key', surface: 'rest', calls: 1, errors: 0 },
      ]),
    );
    const onlyWriter = await bridge.request('GET', `/api/usage?keyId=${writer.body.key.id}`);
    expect(onlyWriter.body.totals).toEqual({ calls: 4, errors: 1 });
    const onlyTool = await bridge.request('GET', '/api/usage?tool=query_events');
    expect(onlyTool.body.totals).toEqual({ calls: 4, errors: 1 });
  });
});

describe('REST rate limiting', () => {
  it('answers 429 with Retry-After once a key exceeds HA_RATE_LIMIT_RPM, per key', async () => {
    const bridge = await startBridge(engineOptionsFromEnv({ HA_RATE_LIMIT_RPM: '6' }));
    try {
      const first = await bridge.request('POST', '/api/ingest', { body: { event: 'a' } });
      expect(first.status).toBe(200);
      const second = await bridge.request('POST', '/api/ingest', { body: { event: 'b' } });
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('10');
      expect(second.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 10 } });
      const other = await bridge.engine.invoke('create_api_key', { name: 'other' }, { principal: bridge.engine.localPrincipal(bridge.workspaceId), surface: 'internal' });
      const otherKey = (other as { output: { apiKey: string } }).output.apiKey;
      expect((await bridge.request('GET', '/api/events', { key: otherKey })).body.events.map((stored: { event: string }) => stored.event)).toEqual(['a']);
    } finally {
      await bridge.close();
    }
  });
});
