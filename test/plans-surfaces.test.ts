import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { HeadlessAnalytics, HeadlessAnalyticsError } from '@headlessanalytics/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, startBridge, type Bridge } from './rest-harness.js';
import { runHa } from './ha-cli.js';

/**
 * A `block` tracking plan over every surface, against one real server: REST, MCP (the official SDK client on /mcp),
 * the `ha` CLI (remote) and the TypeScript SDK refuse the same non-conforming event with the same error (the event,
 * the plan, the field path and the reason) and store nothing; a conforming event is stored. Coverage over REST and CLI.
 */

const HOUR = 3_600_000;

const PLAN = {
  name: 'Crew plan',
  enforcement: 'block',
  events: [
    {
      name: 'job.completed',
      description: 'A job was finished.',
      properties: { type: 'object', properties: { jobId: { type: 'string' }, hours: { type: 'number', minimum: 0 } }, required: ['jobId'] },
    },
    { name: 'job.scheduled', description: 'A job was scheduled.', properties: { type: 'object', properties: { jobId: { type: 'string' } }, required: ['jobId'] } },
  ],
};

/** What every surface answers for `job.completed` with `properties: { jobId: 7 }`. */
const REFUSAL = {
  code: 'INVALID_INPUT',
  message: "Event 'job.completed' breaks tracking plan 'crew-plan' (version 1): properties.jobId must be string",
  issues: [{ path: 'properties.jobId', message: 'must be string' }],
};
const BAD = { event: 'job.completed', properties: { jobId: 7 } };
const good = (jobId: string, hoursAgo: number) => ({ event: 'job.completed', properties: { jobId, hours: 2 }, timestamp: NOW - hoursAgo * HOUR });

let bridge: Bridge;
beforeAll(async () => {
  bridge = await startBridge();
  const created = await bridge.request('POST', '/api/tracking-plans', { body: PLAN });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect([created.body.id, created.body.enforcement]).toEqual(['crew-plan', 'block']);
});
afterAll(() => bridge.close());

/** The stored `job.completed` events' jobIds, oldest first. */
async function storedJobIds(): Promise<unknown[]> {
  const reply = await bridge.request('GET', '/api/events?event=job.completed&limit=100');
  expect(reply.status).toBe(200);
  return (reply.body.events as Array<{ properties: { jobId: unknown }; timestamp: number }>)
    .sort((a, b) => a.timestamp - b.timestamp)
    .map((event) => event.properties.jobId);
}

const ha = (args: string[]) => runHa(args, { HA_API_URL: bridge.url, HA_API_KEY: bridge.adminKey });

describe('a block tracking plan on every surface', () => {
  it('REST: POST /api/ingest answers 400 naming the field and stores nothing; a conforming event is stored; a batch reports per event', async () => {
    const refused = await bridge.request('POST', '/api/ingest', { body: { ...BAD, timestamp: NOW - 10 * HOUR } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: REFUSAL.code, message: REFUSAL.message, details: { issues: REFUSAL.issues } });
    expect(await storedJobIds()).toEqual([]);
    const accepted = await bridge.request('POST', '/api/ingest', { body: good('rest-1', 10) });
    expect([accepted.status, accepted.body.accepted]).toEqual([200, 1]);
    expect(await storedJobIds()).toEqual(['rest-1']);

    const batch = await bridge.request('POST', '/api/ingest', { body: { events: [good('rest-2', 9), { ...BAD, timestamp: NOW - 9 * HOUR }, { event: 'crew.note', timestamp: NOW - 9 * HOUR }] } });
    expect(batch.status).toBe(200);
    expect(batch.body.accepted).toBe(2);
    expect(batch.body.rejected).toEqual([{ index: 1, event: 'job.completed', ...REFUSAL }]);
    expect(await storedJobIds()).toEqual(['rest-1', 'rest-2']);
  });

  it('MCP: ingest_event is an isError result with the same error, nothing stored; a conforming event is stored', async () => {
    const transport = new StreamableHTTPClientTransport(new URL('/mcp', bridge.url), { requestInit: { headers: { authorization: `Bearer ${bridge.adminKey}` } } });
    const client = new Client({ name: 'plans-surfaces-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const refused = await client.callTool({ name: 'ingest_event', arguments: { ...BAD, timestamp: NOW - 8 * HOUR } });
      expect(refused.isError).toBe(true);
      const [content] = refused.content as Array<{ type: string; text: string }>;
      expect(JSON.parse(content!.text).error).toMatchObject({ code: REFUSAL.code, message: REFUSAL.message, details: { issues: REFUSAL.issues } });
      expect(await storedJobIds()).toEqual(['rest-1', 'rest-2']);
      const accepted = await client.callTool({ name: 'ingest_event', arguments: good('mcp-1', 8) });
      expect(accepted.isError).toBeFalsy();
      expect(accepted.structuredContent).toMatchObject({ accepted: 1 });
    } finally {
      await client.close();
    }
    expect(await storedJobIds()).toEqual(['rest-1', 'rest-2', 'mcp-1']);
  });

  it('CLI: ha track exits 2 with the same error on stderr, nothing stored; a conforming event is stored', async () => {
    const refused = await ha(['track', 'job.completed', JSON.stringify(BAD.properties), '--timestamp', String(NOW - 7 * HOUR)]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(JSON.parse(refused.stderr).error).toMatchObject({ code: REFUSAL.code, message: REFUSAL.message, details: { issues: REFUSAL.issues } });
    expect(await storedJobIds()).toEqual(['rest-1', 'rest-2', 'mcp-1']);
    const accepted = await ha(['track', 'job.completed', JSON.stringify({ jobId: 'cli-1', hours: 2 }), '--timestamp', String(NOW - 7 * HOUR)]);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ accepted: 1 });
    expect(await storedJobIds()).toEqual(['rest-1', 'rest-2', 'mcp-1', 'cli-1']);
  });

  it('SDK: ingestEvent throws HeadlessAnalyticsError with the same error, nothing stored; a conforming event is stored', async () => {
    const sdk = new HeadlessAnalytics({ writeKey: bridge.adminKey, apiUrl: bridge.url });
    try {
      const error = await sdk.ingestEvent({ ...BAD, timestamp: NOW - 6 * HOUR }).catch((thrown: unknown) => thrown);
      expect(HeadlessAnalyticsError.isInstance(error)).toBe(true);
      const typed = error as HeadlessAnalyticsError;
      expect([typed.code, typed.status, typed.message]).toEqual([REFUSAL.code, 400, REFUSAL.message]);
      expect(typed.details?.issues).toEqual(REFUSAL.issues);
      expect(await storedJobIds()).toEqual(['rest-1', 'rest-2', 'mcp-1', 'cli-1']);
      expect(await sdk.ingestEvent(good('sdk-1', 6))).toMatchObject({ accepted: 1 });
    } finally {
      await sdk.shutdown();
    }
    expect(await storedJobIds()).toEqual(['rest-1', 'rest-2', 'mcp-1', 'cli-1', 'sdk-1']);
  });
});

describe('tracking plan coverage over REST and the CLI', () => {
  // After the surface tests: 5 conforming job.completed (nothing refused was stored), one unplanned crew.note, job.scheduled never sent.
  const ROWS = [
    { event: 'crew.note', status: 'unplanned', planned: false, received: 1, violatingEvents: 0, fields: [], otherFields: 0 },
    { event: 'job.completed', status: 'ok', planned: true, received: 5, violatingEvents: 0, fields: [], otherFields: 0 },
    { event: 'job.scheduled', status: 'unseen', planned: true, received: 0, lastSeen: null, violatingEvents: 0, fields: [], otherFields: 0 },
  ];
  const SUMMARY = { plannedEvents: 2, plannedSeen: 1, plannedUnseen: 1, unplannedSeen: 1, received: 6, receivedUnplanned: 1, violatingEvents: 0 };

  it('GET /api/tracking-plans/{id}/coverage', async () => {
    const reply = await bridge.request('GET', '/api/tracking-plans/crew-plan/coverage');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ planId: 'crew-plan', version: 1, businessId: null, summary: SUMMARY, events: ROWS, nextCursor: null });
    expect(reply.body.events[1].lastSeen).toBe(new Date(NOW - 6 * HOUR).toISOString());
    const missing = await bridge.request('GET', '/api/tracking-plans/nope/coverage');
    expect(missing.status).toBe(404);
  });

  it('ha tracking-plan-coverage crew-plan', async () => {
    // Reads only: the three processes run side by side.
    const [all, gaps, missing] = await Promise.all([
      ha(['tracking-plan-coverage', 'crew-plan']),
      ha(['tracking-plan-coverage', 'crew-plan', JSON.stringify({ status: ['unplanned', 'unseen'] })]),
      ha(['tracking-plan-coverage', 'nope']),
    ]);
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ planId: 'crew-plan', summary: SUMMARY, events: ROWS });
    expect(gaps.code, gaps.stderr).toBe(0);
    expect(JSON.parse(gaps.stdout).events.map((row: { event: string }) => row.event)).toEqual(['crew.note', 'job.scheduled']);
    expect([missing.code, JSON.parse(missing.stderr).error.code]).toEqual([4, 'NOT_FOUND']);
  });
});
