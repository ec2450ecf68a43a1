// Checks the two MCP client configs an agent host would use, with a real MCP client: mcp.stdio.json (the host
// launches the server over stdio) and mcp.http.json (the host connects to `headlessanalytics-mcp --http`).
// Both run the MCP server in proxy mode against an API: HA_API_URL/HA_API_KEY when set, else a local one.
// Run: `npm run example -- mcp-client`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { openApi } from '../local-api.mjs';

const readConfig = (name) => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')).mcpServers.headlessanalytics;
const api = await openApi();
const serverEnv = { HA_API_URL: api.url, HA_API_KEY: api.apiKey };

// `npx -y @headlessanalytics/mcp` runs the package's bin; here the workspace's build of that package stands in.
const require = createRequire(import.meta.url);
const manifestPath = require.resolve('@headlessanalytics/mcp/package.json');
const bin = join(dirname(manifestPath), Object.values(JSON.parse(readFileSync(manifestPath, 'utf8')).bin)[0]);

async function exercise(label, transport) {
  const client = new Client({ name: 'mcp-client-example', version: '1.0.0' });
  await client.connect(transport);
  const { tools } = await client.listTools();
  const tracked = await client.callTool({ name: 'ingest_event', arguments: { event: 'qr.bag_scanned', actor: `${label}-customer`, properties: { sku: 'ETH-250G' } } });
  assert.notEqual(tracked.isError, true, JSON.stringify(tracked.content));
  const found = await client.callTool({ name: 'query_events', arguments: { event: 'qr.bag_scanned', actorId: `${label}-customer`, limit: 5 } });
  assert.equal(found.structuredContent.events.length, 1);
  const invalid = await client.callTool({ name: 'query_funnel', arguments: { steps: [] } });
  assert.equal(invalid.isError, true);
  console.log(`${label.padEnd(5)} ${tools.length} tools listed; ingest_event stored 1 event, query_events found it; a bad call came back as a tool error`);
  await client.close();
}

// stdio: what mcp.stdio.json tells the host to launch, with its env pointed at our API.
const stdio = readConfig('mcp.stdio.json');
assert.deepEqual(Object.keys(stdio.env).sort(), ['HA_API_KEY', 'HA_API_URL']);
await exercise('stdio', new StdioClientTransport({ command: process.execPath, args: [bin], env: { PATH: process.env.PATH ?? '', ...stdio.env, ...serverEnv }, stderr: 'ignore' }));

// HTTP: start `headlessanalytics-mcp --http` on a free port, then connect as mcp.http.json says.
const server = spawn(process.execPath, [bin, '--http', '--port', '0'], { env: { ...process.env, ...serverEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
const ready = await new Promise((resolve, reject) => {
  let log = '';
  server.stderr.on('data', (chunk) => {
    log += chunk;
    const url = /"url":"(http:[^"]+)"/.exec(log)?.[1];
    if (url) resolve(url);
  });
  server.once('exit', (code) => reject(new Error(`headlessanalytics-mcp --http exited with ${code}: ${log}`)));
});
const http = readConfig('mcp.http.json');
const url = new URL(http.url);
url.port = new URL(ready).port;
const headers = Object.fromEntries(Object.entries(http.headers).map(([name, value]) => [name, value.replace('${HA_API_KEY}', api.apiKey)]));
try {
  await exercise('http', new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
} finally {
  server.kill('SIGTERM');
  await api.stop();
}
