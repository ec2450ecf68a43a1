import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const examples = readdirSync(`${root}examples`, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** Runs `npm run example -- <name>` the way a reader would (through scripts/example.mjs), with no HA_* settings. */
function runExample(name: string): Promise<{ code: number | null; output: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('HA_')));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${root}scripts/example.mjs`, name], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('examples', () => {
  it('include the ones the docs name', () => {
    expect(examples).toEqual(expect.arrayContaining(['coffee-bag', 'mcp-client']));
  });

  for (const name of examples) {
    it(`${name} has an index.mjs and a README, and exits 0`, async () => {
      expect(existsSync(`${root}examples/${name}/index.mjs`), `examples/${name}/index.mjs`).toBe(true);
      expect(existsSync(`${root}examples/${name}/README.md`), `examples/${name}/README.md`).toBe(true);
      const { code, output } = await runExample(name);
      expect(code, output).toBe(0);
    });
  }
});
