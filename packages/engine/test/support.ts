import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { Engine, type EngineOptions, type Principal } from '../src/index.js';

export interface TestEngine {
  engine: Engine;
  principal: Principal;
  apiKey: string;
  call: (name: string, input: unknown, principal?: Principal) => ReturnType<Engine['invoke']>;
}

/** A real engine on an in-memory libSQL database with a bootstrapped workspace and admin key. */
export async function openTestEngine(options: EngineOptions = {}): Promise<TestEngine> {
  const engine = await Engine.open({ databaseUrl: ':memory:', ...options });
  const { apiKey } = await engine.bootstrap();
  const principal = await engine.authenticate({ apiKey: apiKey! });
  return {
    engine,
    principal,
    apiKey: apiKey!,
    call: (name, input, as = principal) => engine.invoke(name, input, { principal: as, surface: 'internal' }),
  };
}

export async function expectOk<T = Record<string, unknown>>(result: ReturnType<Engine['invoke']>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected success, got ${JSON.stringify(settled.error.toJSON())}`);
  return settled.output as T;
}

type QueryRow = Record<string, unknown>;

/**
 * One `run_query` of project 'site' two ways: as asked (the rollups answer it when they can) and with a filter
 * every event passes (which sends it to the raw events). The two must agree row for row.
 */
export async function rollupsAndRaw(t: TestEngine, input: Record<string, unknown>): Promise<{ rollups: QueryRow[]; raw: QueryRow[] }> {
  const query = { project: 'site', ...input };
  const rollups = await expectOk<{ rows: QueryRow[] }>(t.call('run_query', query));
  const raw = await expectOk<{ rows: QueryRow[] }>(t.call('run_query', { ...query, filters: [{ field: 'timestamp', op: 'gte', value: 0 }] }));
  return { rollups: rollups.rows, raw: raw.rows };
}

/** Ranges over July 6-10 2026 that split a day-keyed rollup every way, for `rollupsAndRaw`. */
export const DAY_ROLLUP_RANGES = [
  { date_from: '2026-07-06T10:17:00Z', date_to: '2026-07-10T11:02:00Z' }, // partial days at both ends
  { date_from: '2026-07-07', date_to: '2026-07-09' }, // whole days only
  { date_from: '2026-07-08T00:05:00Z', date_to: '2026-07-08T20:00:00Z' }, // inside one day
  { date_from: '14d' },
];

/**
 * For each test of the calling suite: a real engine on a fresh embedded file database in its own
 * directory, closed and deleted after the test. Read `current()` inside the test; `reopen()` closes the
 * engine and opens the same file again (as a restart would), acting as the same workspace's operator.
 */
export function useFileEngine(prefix: string, options: EngineOptions = {}) {
  let dir: string | undefined;
  let t: TestEngine | undefined;
  const current = (): TestEngine => {
    if (!t) throw new Error('useFileEngine: no engine outside a test');
    return t;
  };
  const databaseUrl = () => `file:${join(dir!, 'db')}`;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), `ha-${prefix}-`));
    t = await openTestEngine({ ...options, databaseUrl: databaseUrl() });
  });
  afterEach(async () => {
    await t?.engine.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    t = dir = undefined;
  });
  return {
    current,
    /** The file database's path. */
    file: () => join(dir!, 'db'),
    async reopen(): Promise<TestEngine> {
      const previous = current();
      await previous.engine.close();
      t = undefined;
      const engine = await Engine.open({ ...options, databaseUrl: databaseUrl() });
      const principal = engine.localPrincipal(previous.principal.workspaceId);
      t = { engine, principal, apiKey: previous.apiKey, call: (name, input, as = principal) => engine.invoke(name, input, { principal: as, surface: 'internal' }) };
      return t;
    },
  };
}
