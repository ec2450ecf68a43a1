import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '@headlessanalytics/engine';
import { startServer, type RunningServer } from '@headlessanalytics/http-bridge';
import { runHa, type HaResult } from './ha-cli.js';

let engine: Engine;
let server: RunningServer;
let adminKey: string;
let workdir: string;

const ha = (args: string[], apiKey = adminKey) => runHa(args, { HA_API_URL: server.url, HA_API_KEY: apiKey }, { cwd: workdir });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function outputOf(result: HaResult): any {
  if (result.code !== 0) throw new Error(`ha exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'ha-cli-bridge-'));
  engine = await Engine.open({ databaseUrl: ':memory:' });
  adminKey = (await engine.bootstrap()).apiKey!;
  server = await startServer({ engine, port: 0, host: '127.0.0.1', mcp: false });
});

afterAll(async () => {
  await server.close();
  await engine.close();
  rmSync(workdir, { recursive: true, force: true });
});

describe('ha against the real HTTP bridge (HA_API_URL + HA_API_KEY)', () => {
  it('tracks, then queries metrics and funnels through the REST tool routes', async () => {
    for (const [event, actor, revenue] of [
      ['qr.bottle_scanned', 'u1', 0],
      ['qr.bottle_scanned', 'u2', 0],
      ['order.created', 'u1', 22],
    ] as const) {
      outputOf(await ha(['track', event, JSON.stringify({ revenue }), '--actor', actor]));
    }
    const metrics = outputOf(await ha(['metric-query', '--event-name', 'order.created']));
    expect(metrics.metrics).toEqual([{ event: 'order.created', count: 1, sums: { 'properties.revenue': 22 } }]);

    const funnel = outputOf(await ha(['funnel-query', '[{"name":"Scan","event":"qr.bottle_scanned"},{"name":"Order","event":"order.created"}]']));
    expect(funnel.steps.map((step: { count: number }) => step.count)).toEqual([2, 1]);

    const usage = outputOf(await ha(['usage', '--tool', 'ingest_event']));
    expect(usage.totals.calls).toBe(3);
    expect(readdirSync(workdir)).toEqual([]);
  });

  it('exits 3 with the bridge error for a key it does not know', async () => {
    const result = await ha(['usage'], 'ha_live_unknown_key_000000000000');
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stderr).error.code).toBe('UNAUTHENTICATED');
  });
});
