import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../packages/http-bridge/dist/bin.js', import.meta.url));
const API_KEY = `ha_live_${randomBytes(24).toString('base64url')}`;
const directory = mkdtempSync(join(tmpdir(), 'ha-durability-'));
const DATABASE_URL = `file:${join(directory, 'ha.db')}`;

interface Spawned {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the real server bin and waits (bounded) for its "listening on" line. */
async function spawnServer(): Promise<Spawned> {
  const child = spawn(process.execPath, [BIN], {
    env: { ...process.env, HA_PORT: '0', HA_HOST: '127.0.0.1', HA_DATABASE_URL: DATABASE_URL, HA_API_KEY: API_KEY, HA_RATE_LIMIT_RPM: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output, exited };
}

const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };

async function allEventIds(url: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page += 1) {
    const response = await fetch(`${url}/api/events?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, { headers });
    const body = (await response.json()) as { events: Array<{ id: string }>; nextCursor: string | null };
    for (const event of body.events) ids.add(event.id);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return ids;
}

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('durability of the server bin', () => {
  it('every acknowledged event survives SIGKILL during concurrent ingest', async () => {
    const first = await spawnServer();
    const acknowledged: string[] = [];
    const target = 2000;
    let sequence = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const index = (sequence += 1);
        const body = index % 3 === 0
          ? { events: Array.from({ length: 10 }, (_, item) => ({ event: 'durability.batch', actor: `w${index}`, messageId: `m${index}-${item}` })), returnIds: true }
          : { event: 'durability.single', actor: `w${index}`, properties: { index } };
        try {
          const response = await fetch(`${first.url}/api/ingest`, { method: 'POST', headers, body: JSON.stringify(body) });
          if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
          const reply = (await response.json()) as { ids: string[] };
          acknowledged.push(...reply.ids);
        } catch (error) {
          if (!killed) throw error;
        }
        if (!killed && acknowledged.length >= target) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    expect(await first.exited).toBeNull();
    expect(acknowledged.length).toBeGreaterThanOrEqual(target);

    const second = await spawnServer();
    try {
      const stored = await allEventIds(second.url);
      const missing = acknowledged.filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(new Set(acknowledged).size);
      expect(second.output()).not.toContain('Admin API key');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('SIGTERM drains, closes the engine and exits 0; the events are there on restart', async () => {
    const server = await spawnServer();
    const sent = Array.from({ length: 20 }, (_, index) =>
      fetch(`${server.url}/api/ingest`, { method: 'POST', headers, body: JSON.stringify({ event: 'durability.sigterm', actor: `t${index}` }) }).then(
        async (response) => ((await response.json()) as { ids: string[] }).ids[0]!,
      ),
    );
    const ids = await Promise.all(sent);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGTERM: draining');
    const again = await spawnServer();
    try {
      const stored = await allEventIds(again.url);
      expect(ids.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  });
});
