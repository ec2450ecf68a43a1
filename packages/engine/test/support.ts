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
