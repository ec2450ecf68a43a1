import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, errorOf, ha, outputOf, type Sandbox } from './ha-process.js';

let sandbox: Sandbox;
const run = (...args: string[]) => ha(args, { cwd: sandbox.dir, env: sandbox.env });

beforeAll(() => {
  sandbox = createSandbox();
});
afterAll(() => sandbox.remove());

describe('errors are JSON on stderr with the exit code of the engine error table', () => {
  it('invalid JSON in an argument exits 2 naming the argument, and stores nothing', async () => {
    const result = await run('track', 'order.created', '{"revenue":');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const error = errorOf(result);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain("argument 'properties'");
    expect(error.message).toContain('Expected JSON');

    const notAnObject = errorOf(await run('metric-query', '[1,2]'));
    expect(notAnObject.message).toContain("argument 'input'");
    expect(notAnObject.message).toContain('JSON object');

    const metrics = outputOf(await run('metric-query', '{"eventName":"order.created"}'));
    expect(metrics.totalEvents).toBe(0);
  });

  it('a wrong type exits 2 with the field path, from an option or from the JSON argument', async () => {
    const option = await run('metric-query', '--limit', 'many');
    expect(option.code).toBe(2);
    expect(errorOf(option).message).toContain("option '--limit <number>' argument 'many' is invalid");

    const json = await run('track', 'order.created', '{"revenue":1}', '--timestamp', '-5');
    expect(json.code).toBe(2);
    expect(errorOf(json).details.issues).toEqual([expect.objectContaining({ path: 'timestamp' })]);

    const typed = await run('metric-query', '{"limit":"ten"}');
    expect(typed.code).toBe(2);
    expect(errorOf(typed).details.issues).toEqual([expect.objectContaining({ path: 'limit' })]);

    const choice = await run('metric-query', '--interval', 'fortnight');
    expect(choice.code).toBe(2);
    expect(errorOf(choice).message).toContain('Allowed choices are hour, day, week, month');
  });

  it('a missing required positional exits 2 naming it', async () => {
    const result = await run('funnel-query');
    expect(result.code).toBe(2);
    expect(errorOf(result)).toMatchObject({ code: 'INVALID_INPUT', message: "missing required argument 'steps'" });
  });

  it('an unknown command exits 2 with a suggestion', async () => {
    const result = await run('metric-qurey', '{}');
    expect(result.code).toBe(2);
    const error = errorOf(result);
    expect(error.message).toContain("unknown command 'metric-qurey'");
    expect(error.details).toMatchObject({ reason: 'unknownCommand', suggestion: 'metric-query' });
  });

  it('an unknown command that is part of a command name suggests those commands, not the nearest by spelling', async () => {
    const result = await run('runtime');
    expect(result.code).toBe(2);
    const error = errorOf(result);
    expect(error.details).toMatchObject({ reason: 'unknownCommand', suggestion: 'runtime-health, get_runtime_health' });
    expect(error.message).toContain('Did you mean runtime-health or get_runtime_health?');
    expect(error.message).not.toContain('help');
  });

  it('an unknown option exits 2', async () => {
    const result = await run('usage', '--colour', 'blue');
    expect(result.code).toBe(2);
    expect(errorOf(result).message).toContain("unknown option '--colour'");
  });

  it('HA_API_KEY makes an embedded run call as that key: a read-only key may not write (exit 3)', async () => {
    const created = outputOf(await run('key-create', 'reader', '{"scopes":["read"]}'));
    expect(created.key).toMatchObject({ name: 'reader', scopes: ['read'] });
    const asReader = (...args: string[]) => ha(args, { cwd: sandbox.dir, env: { ...sandbox.env, HA_API_KEY: created.apiKey } });

    const write = await asReader('track', 'order.created');
    expect(write.code).toBe(3);
    expect(errorOf(write).code).toBe('FORBIDDEN');
    const usage = outputOf(await asReader('usage', '--tool', 'ingest_event', '--key-id', created.key.id));
    expect(usage.rows).toEqual([expect.objectContaining({ keyId: created.key.id, surface: 'cli', errors: 1 })]);
  });

  it('not found exits 4', async () => {
    const result = await run('key-revoke', 'key_does_not_exist');
    expect(result.code).toBe(4);
    expect(errorOf(result)).toMatchObject({ code: 'NOT_FOUND', details: { id: 'key_does_not_exist' } });
  });

  it('a database that cannot be opened exits 7', async () => {
    const blocker = join(sandbox.dir, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const result = await ha(['usage'], { cwd: sandbox.dir, env: { HA_DATABASE_URL: `file:${join(blocker, 'ha.db')}` } });
    expect(result.code).toBe(7);
    expect(errorOf(result)).toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('help, `help` and version exit 0; a bare `ha` prints usage and exits 2', async () => {
    expect((await run('--help')).code).toBe(0);
    expect((await run('help')).code).toBe(0);
    expect((await run('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const bare = await run();
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: ha');
  });
});
