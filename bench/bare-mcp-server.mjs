// The ceiling for MCP tool calls: the bare SDK with one trivial tool, over stdio or streamable HTTP.
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

function buildServer() {
  const server = new McpServer({ name: 'bare', version: '0.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echo', inputSchema: { value: z.string().optional() }, outputSchema: { ok: z.boolean() } },
    async () => ({ content: [{ type: 'text', text: '{"ok":true}' }], structuredContent: { ok: true } }),
  );
  return server;
}

if (process.argv.includes('--http')) {
  const port = Number(process.env.PORT);
  createServer(async (request, response) => {
    if (request.url === '/api/health') return response.end('{}');
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
    const server = buildServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
  }).listen(port, '127.0.0.1');
} else {
  await buildServer().connect(new StdioServerTransport());
}
