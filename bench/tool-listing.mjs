// `npm run bench -- tool-listing`: the tokens (o200k_base) of the MCP `tools/list` answer in each tool-selection mode, as an agent host
// receives it from the stdio server with the official client.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { createToolRegistry } from '../packages/engine/dist/index.js';
import { DISCOVERY_TOOLS } from '../packages/mcp-server/dist/index.js';
import { root, tempDatabaseUrl } from './lib.mjs';

/** The same tools as the registry describes them, uncompacted: what the listing cost before compaction. */
function uncompactedTokens(names) {
  const registry = createToolRegistry();
  const full = names.map((name) => registry.describe(name) ?? DISCOVERY_TOOLS.find((tool) => tool.name === name)).map(
    ({ name, title, description, inputSchema, outputSchema, annotations }) => ({ name, title, description, inputSchema, outputSchema, annotations }),
  );
  return countTokens(JSON.stringify(full));
}

export const MODES = [
  ['default', []],
  ['--toolsets all', ['--toolsets', 'all']],
  ['--toolsets all --read-only', ['--toolsets', 'all', '--read-only']],
  ['--dynamic-toolsets', ['--dynamic-toolsets']],
  ['--toolsets analytics', ['--toolsets', 'analytics']],
];

/** Lists the tools of a stdio server started with `args`; resolves to the tools and the listing's tokens. */
export async function listingOf(args, env = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [`${root}packages/mcp-server/dist/bin.js`, ...args],
    env: { ...process.env, HA_DATABASE_URL: tempDatabaseUrl('listing'), ...env },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const text = JSON.stringify(tools);
    const outputTokens = countTokens(JSON.stringify(tools.map((tool) => tool.outputSchema ?? null)));
    return { tools, tokens: countTokens(text), outputTokens, uncompacted: uncompactedTokens(tools.map((tool) => tool.name)) };
  } finally {
    await client.close();
  }
}

export default async function runToolListing() {
  console.log('\n## MCP tools/list (tokens, o200k_base; ceiling for the default: 8,000)\n');
  console.log('| mode | tools | tokens | of which output schemas | same tools uncompacted |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [label, args] of MODES) {
    try {
      const { tools, tokens, outputTokens, uncompacted } = await listingOf(args);
      const fmt = (value) => value.toLocaleString('en');
      console.log(`| ${label} | ${tools.length} | ${fmt(tokens)} | ${fmt(outputTokens)} | ${fmt(uncompacted)} |`);
    } catch (error) {
      console.log(`| ${label} | — | ${String(error.message ?? error).split('\n')[0]} | |`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runToolListing();
