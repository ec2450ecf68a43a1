import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { embeddedToolClient, Engine } from '@headlessanalytics/engine';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer } from '../src/index.js';

let engine: Engine;
let client: Client;
let stored: string[];

beforeAll(async () => {
  engine = await Engine.open({ databaseUrl: ':memory:' });
  const { workspace } = await engine.bootstrap();
  const principal = engine.localPrincipal(workspace.id);
  // 1,000 events of about 600 bytes each: a page of 1,000 is over half a megabyte of JSON before the answer budget.
  const events = Array.from({ length: 1000 }, (_, index) => ({
    event: 'page_view',
    actor: { type: 'user', id: `user-${index % 17}` },
    timestamp: Date.UTC(2026, 0, 1) + Math.floor(index / 2),
    properties: { path: `/p/${index}`, blob: Buffer.from(`${index}`.repeat(100)).toString('base64').slice(0, 400) },
  }));
  await engine.services.events.ingest(workspace.id, events, Date.UTC(2026, 0, 2));
  const whole = await engine.invoke('query_events', { limit: 1000 }, { principal, surface: 'rest' });
  if (!whole.ok) throw whole.error;
  stored = (whole.output as { events: Array<{ id: string }> }).events.map((event) => event.id);
  const server = createMcpServer(embeddedToolClient(engine, principal, 'mcp'));
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
});
afterAll(async () => {
  await client.close();
  await engine.close();
});

describe('answers over MCP (official SDK client)', () => {
  it('cuts a 1,000-row page under 25,000 tokens, in text and structuredContent alike, and its cursor continues at the cut', async () => {
    const walked: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const result = await client.callTool({ name: 'query_events', arguments: { limit: 1000, ...(cursor ? { cursor } : {}) } });
      expect(result.isError).toBeFalsy();
      const text = (result.content as Array<{ type: string; text: string }>)[0]!.text;
      expect(countTokens(text)).toBeLessThan(25_000);
      const answer = JSON.parse(text) as { events: Array<{ id: string }>; nextCursor: string | null; truncated: boolean };
      expect(result.structuredContent).toEqual(answer);
      if (answer.nextCursor !== null) expect(answer.truncated).toBe(true);
      walked.push(...answer.events.map((event) => event.id));
      cursor = answer.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 200);
    expect(pages).toBeGreaterThan(5);
    expect(walked).toEqual(stored);
  });

  it('answers a batch write with counts', async () => {
    const events = Array.from({ length: 1000 }, (_, index) => ({ event: 'batch.item', properties: { index } }));
    const result = await client.callTool({ name: 'ingest_event', arguments: { events } });
    expect(result.structuredContent).toEqual({ accepted: 1000, duplicates: 0 });
    expect(countTokens((result.content as Array<{ text: string }>)[0]!.text)).toBeLessThan(20);
  });

  it('names the cursor field when a cursor is not one it wrote', async () => {
    const result = await client.callTool({ name: 'query_events', arguments: { cursor: 'bm90LWEtY3Vyc29y' } });
    expect(result.isError).toBe(true);
    const body = JSON.parse((result.content as Array<{ text: string }>)[0]!.text) as { error: { code: string; details: { issues: Array<{ path: string }> } } };
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.details.issues.map((issue) => issue.path)).toEqual(['cursor']);
  });
});
