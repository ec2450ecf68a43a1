import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const example = fileURLToPath(new URL('../../../examples/llamaindex/index.mjs', import.meta.url));

it('examples/llamaindex runs to a funnel answer and a recorded agent run, exit code 0', async () => {
  const env = { ...process.env, HA_DATABASE_URL: ':memory:' };
  delete env.OPENAI_API_KEY;
  const { stdout } = await run(process.execPath, [example], { env, timeout: 60_000 });
  expect(stdout).toContain('1 of 2 customers');
  expect(stdout).toMatch(/"runs":1,"succeeded":1/);
});
