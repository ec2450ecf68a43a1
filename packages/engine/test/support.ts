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
