import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client as rest } from './agent-analytics-admin-support.js';
import { startBridge, type Bridge } from './rest-harness.js';

/** The live stream over MCP: stream_events called with a progressToken reports each event as a progress notification. */
describe('stream_events over MCP (streamable HTTP at /mcp)', () => {
  let bridge: Bridge;
  let mcp: Client;
  let token: string;

  beforeAll(async () => {
    bridge = await startBridge();
    token = (await rest(bridge).post('/projects', { name: 'agent-site' })).body.project_token;
    mcp = new Client({ name: 'stream-test', version: '1.0.0' });
    await mcp.connect(new StreamableHTTPClientTransport(new URL('/mcp', bridge.url), { requestInit: { headers: { authorization: `Bearer ${bridge.adminKey}` } } }));
  });
  afterAll(async () => {
    await mcp.close();
    await bridge.close();
  });

  it('sends each new event as notifications/progress, then returns them all', async () => {
    const progress: Progress[] = [];
    // last_event_id '0' replays anything committed before the call subscribed, so the order of the two sides does not matter.
    const call = mcp.callTool(
      { name: 'stream_events', arguments: { project: 'agent-site', events: ['signup'], max_events: 2, wait_seconds: 10, last_event_id: '0' } },
      undefined,
      { onprogress: (update) => void progress.push(update) },
    );
    const track = (body: Record<string, unknown>) => rest(bridge, null).post('/track', { token, ...body });
    expect((await track({ event: 'page_view', user_id: 'a' })).status).toBe(202);
    expect((await track({ event: 'signup', user_id: 'a', properties: { plan: 'free' } })).status).toBe(202);
    expect((await track({ event: 'signup', user_id: 'b', properties: { plan: 'pro' } })).status).toBe(202);
    const result = await call;
    expect(result.isError).toBeFalsy();
    const events = (result.structuredContent as { events: Array<{ id: string; user_id: string; properties: { plan: string } }> }).events;
    expect(events.map((event) => [event.user_id, event.properties.plan])).toEqual([['a', 'free'], ['b', 'pro']]);
    expect(progress.map((update) => [update.progress, update.total])).toEqual([[1, 2], [2, 2]]);
    expect(progress.map((update) => JSON.parse(update.message!).id)).toEqual(events.map((event) => event.id));
  });

  it('every admin tool is an MCP tool with the same contract as REST', async () => {
    const created = await mcp.callTool({ name: 'create_experiment', arguments: { project: 'agent-site', name: 'hero', variants: ['a', 'b'], goal_event: 'signup' } });
    expect(created.structuredContent).toMatchObject({ name: 'hero', status: 'active' });
    const duplicate = await mcp.callTool({ name: 'create_experiment', arguments: { project: 'agent-site', name: 'hero', variants: ['a', 'b'], goal_event: 'signup' } });
    expect(duplicate.isError).toBe(true);
    expect(JSON.parse((duplicate.content as Array<{ text: string }>)[0]!.text).error).toMatchObject({ code: 'CONFLICT', details: { resource: 'experiment', name: 'hero' } });
    const account = await mcp.callTool({ name: 'get_account', arguments: {} });
    expect(account.structuredContent).toMatchObject({ projects_count: 1, tier: 'self_hosted' });
  });
});
