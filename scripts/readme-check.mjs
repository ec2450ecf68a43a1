#!/usr/bin/env node
// What `.ci/run` does before the tests: a new user's first minutes, from the README itself. It runs the README's
// install + start command (`npm start`, after `.ci/run`'s `npm ci`), waits for /api/health, runs every `npx ha …`
// and `curl …` line of the README's sh blocks against that server (the key and host put in), connects the
// official MCP client with the README's clone config, then stops the server. Any failure exits non-zero.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { root } from './ensure-built.mjs';

const PORT = 18787;
const BASE = `http://localhost:${PORT}`;
const KEY = 'ha_live_readmecheck0123456789';
const data = mkdtempSync(join(tmpdir(), 'ha-readme-'));
const env = { ...process.env, HA_PORT: String(PORT), HA_API_KEY: KEY, HA_DATABASE_URL: `file:${join(data, 'headless.db')}` };
delete env.HA_API_URL;
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The shell commands of the README's ```sh blocks, continuation lines and quoted multi-line arguments joined. */
function shellCommands() {
  const commands = [];
  for (const [, block] of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    let current = '';
    for (const line of block.split('\n')) {
      current += (current ? '\n' : '') + line;
      const quotes = (current.match(/'/g) ?? []).length;
      if (quotes % 2 === 1 || current.endsWith('\\')) continue;
      if (current.trim()) commands.push(current.replace(/\s+#[^'\n]*$/, '').trim());
      current = '';
    }
  }
  return commands;
}

function fail(message) {
  process.stderr.write(`README check failed: ${message}\n`);
  process.exitCode = 1;
}

// Its own process group, so that stopping it reaches the server under npm and the shell npm runs it in.
const server = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
let output = '';
server.stdout.on('data', (chunk) => (output += chunk));
try {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const ok = await fetch(`${BASE}/api/health`).then((response) => response.ok, () => false);
    if (ok) break;
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not serve /api/health:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const commands = shellCommands().filter((command) => /^(npx ha |curl )/.test(command));
  if (commands.length < 5) throw new Error(`found only ${commands.length} ha/curl commands in the README`);
  for (const command of commands) {
    const line = command
      .replaceAll('ha_live_...', KEY)
      .replaceAll('http://localhost:8787', BASE)
      .replace(/^curl /, 'curl -sS --fail-with-body -o /dev/null ');
    const run = spawnSync('bash', ['-c', line], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
    if (run.status !== 0) fail(`\`${command.split('\n')[0]}\` exited ${run.status}: ${run.stderr || run.stdout}`);
    else process.stderr.write(`ok: ${command.split('\n')[0]}\n`);
  }
  // The README's MCP config for a clone, with its path placeholders filled in.
  const config = [...readme.matchAll(/```json\n([\s\S]*?)```/g)]
    .map(([, block]) => JSON.parse(block.replaceAll('/path/to/clone', root).replaceAll('/absolute/path/headless.db', join(data, 'mcp.db'))))
    .map((parsed) => parsed.mcpServers?.headlessanalytics)
    .find((server) => server?.command === 'node');
  if (!config) throw new Error('no MCP config with "command": "node" (the clone form) in the README');
  const client = new Client({ name: 'readme-check', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: config.command, args: config.args, env: { ...process.env, ...config.env }, stderr: 'inherit' }));
  const { tools } = await client.listTools();
  const usage = await client.callTool({ name: 'get_usage', arguments: {} });
  await client.close();
  if (tools.length === 0 || usage.isError) fail('the README\'s MCP config connected but get_usage failed');
  else process.stderr.write(`ok: MCP config from the README (${tools.length} tools)\n`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  process.kill(-server.pid, 'SIGTERM');
  await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', resolve)));
  rmSync(data, { recursive: true, force: true });
}
