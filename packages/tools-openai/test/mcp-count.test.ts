import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { openAITools } from '../src/index.js';

const bin = fileURLToPath(new URL('../../mcp-server/dist/bin.js', import.meta.url));

/** Asks the real MCP server (stdio, embedded engine on :memory:) for tools/list, speaking JSON-RPC lines. */
async function mcpToolNames(): Promise<string[]> {
  const child = spawn(process.execPath, [bin], { env: { ...process.env, HA_DATABASE_URL: ':memory:', HA_MCP_TOOLSETS: 'all' }, stdio: ['pipe', 'pipe', 'ignore'] });
  const lines = createInterface({ input: child.stdout });
  const replies = new Map<number, (message: { result?: { tools: Array<{ name: string }> } }) => void>();
  lines.on('line', (line) => {
    const message = JSON.parse(line) as { id?: number; result?: { tools: Array<{ name: string }> } };
    if (message.id !== undefined) replies.get(message.id)?.(message);
  });
  const request = (id: number, method: string, params: object) =>
    new Promise<{ result?: { tools: Array<{ name: string }> } }>((resolve) => {
      replies.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  try {
    await request(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'count-check', version: '1' } });
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    const listed = await request(2, 'tools/list', {});
    return listed.result!.tools.map((tool) => tool.name);
  } finally {
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

it('openAITools() lists exactly the tools of the MCP server’s tools/list with every toolset on', async () => {
  const names = await mcpToolNames();
  expect(openAITools().map((tool) => tool.function.name).sort()).toEqual([...names].sort());
});
