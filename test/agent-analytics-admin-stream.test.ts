import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, openSse, type SseConnection } from './agent-analytics-admin-support.js';
import { NOW, startBridge, type Bridge } from './rest-harness.js';

describe('GET /stream: live Server-Sent Events of newly ingested events', () => {
  let bridge: Bridge;
  let token: string;
  let projectId: string;
  const open: SseConnection[] = [];
  const stream = async (query: Record<string, string>, headers: Record<string, string> = {}) => {
    const connection = await openSse(`${bridge.url}/stream?${new URLSearchParams(query)}`, { 'x-api-key': bridge.adminKey, ...headers });
    open.push(connection);
    return connection;
  };
  const track = (body: Record<string, unknown>) => client(bridge, null).post('/track', { token, ...body });

  beforeAll(async () => {
    bridge = await startBridge();
    const created = (await client(bridge).post('/projects', { name: 'live-site' })).body;
    token = created.project_token;
    projectId = created.id;
  });
  afterAll(async () => {
    for (const connection of open) connection.close();
    await bridge.close();
  });

  it('delivers a tracked event with its id, fields and properties', async () => {
    const live = await stream({ project: 'live-site' });
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await live.comment('connected');
    expect((await track({ event: 'page_view', user_id: 'u1', session_id: 's1', properties: { path: '/pricing' } })).status).toBe(202);
    const message = await live.next();
    expect(message.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(JSON.parse(message.data)).toEqual({
      id: message.id, project: projectId, event: 'page_view', timestamp: NOW, received_at: NOW,
      user_id: 'u1', session_id: 's1', properties: { path: '/pricing' },
    });
    live.close();
  });

  it('applies event-name and user filters, and other projects stay out', async () => {
    const other = (await client(bridge).post('/projects', { name: 'elsewhere' })).body.project_token;
    const signups = await stream({ project: projectId, events: 'signup,purchase', user_id: 'u2' });
    await signups.comment('connected');
    await track({ event: 'page_view', user_id: 'u2' });
    await track({ event: 'signup', user_id: 'u3' });
    await client(bridge, null).post('/track', { token: other, event: 'signup', user_id: 'u2' });
    await track({ event: 'signup', user_id: 'u2', properties: { plan: 'pro' } });
    const message = JSON.parse((await signups.next()).data);
    expect(message).toMatchObject({ event: 'signup', user_id: 'u2', properties: { plan: 'pro' }, project: projectId });
    await track({ event: 'purchase', user_id: 'u2' });
    expect(JSON.parse((await signups.next()).data).event).toBe('purchase');
    signups.close();
  });

  it('sends heartbeat comments while idle (browser EventSource style: the key in the query)', async () => {
    const idle = await openSse(`${bridge.url}/stream?${new URLSearchParams({ project: 'live-site', heartbeat_seconds: '1', key: bridge.adminKey })}`);
    open.push(idle);
    expect(idle.status).toBe(200);
    await idle.comment('connected');
    expect(await idle.comment('heartbeat', 3_000)).toMatch(/^heartbeat \d{4}-/);
    idle.close();
  });

  it('resumes after Last-Event-ID: replays what was missed, then continues live', async () => {
    const first = await stream({ project: 'live-site', events: 'step' });
    await first.comment('connected');
    await track({ event: 'step', properties: { n: 1 } });
    const seen = await first.next();
    first.close();
    await track({ event: 'step', properties: { n: 2 } });
    await track({ event: 'step', properties: { n: 3 } });
    const resumed = await stream({ project: 'live-site', events: 'step' }, { 'last-event-id': seen.id! });
    const replayed = [JSON.parse((await resumed.next()).data), JSON.parse((await resumed.next()).data)];
    expect(replayed.map((event) => event.properties.n)).toEqual([2, 3]);
    await track({ event: 'step', properties: { n: 4 } });
    expect(JSON.parse((await resumed.next()).data).properties.n).toBe(4);
    resumed.close();
  });

  it('as a tool call, waits for events and returns them with last_event_id', async () => {
    // last_event_id '0' (before every ULID) makes the result independent of whether the events commit before
    // or after the call subscribes: earlier ones are replayed, later ones arrive live.
    const body = { project: 'live-site', events: ['poll'], max_events: 2, wait_seconds: 10, last_event_id: '0' };
    const pending = bridge.request('POST', '/api/tools/stream_events', { body });
    await track({ event: 'poll', properties: { n: 1 } });
    await track({ event: 'poll', properties: { n: 2 } });
    const reply = await pending;
    expect(reply.status).toBe(200);
    expect(reply.body.events.map((event: { properties: { n: number } }) => event.properties.n)).toEqual([1, 2]);
    expect(reply.body.last_event_id).toBe(reply.body.events[1].id);
  });
});
