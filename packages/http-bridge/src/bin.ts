#!/usr/bin/env node
import { Engine, engineOptionsFromEnv } from '@headlessanalytics/engine';
import { toolSelectionFromEnv } from '@headlessanalytics/mcp';
import { serverSettingsFromEnv } from './env.js';
import { startServer } from './server.js';

const HELP = `headlessanalytics-server: the HeadlessAnalytics REST API, OpenAPI document and MCP endpoint on one port.

Environment:
  HA_PORT               port (default 8787; 0 picks a free one)
  HA_HOST               interface (default 127.0.0.1; use 0.0.0.0 in containers)
  HA_DATABASE_URL       libSQL URL (default file:.headless/headless.db)
  HA_DATABASE_AUTH_TOKEN  token for a remote libSQL server
  HA_API_KEY            admin key to create on a fresh database (else one is generated and printed once)
  HA_RATE_LIMIT_RPM     calls per minute per key (default 60000; 0 disables)
  HA_BODY_LIMIT_BYTES   largest request body (default 5242880)
  HA_CORS_ORIGINS       comma-separated allowed origins (default *)
  HA_PUBLIC_URL         base URL written into the OpenAPI document and scan links (default: from the Host header)
  HA_TRUST_PROXY        1: behind a trusted proxy, the client address is X-Forwarded-For's first entry (scans)
  HA_SECRET_KEY         operator secret sealing stored credentials and signing keys (default: a random key kept in the database)
  HA_GRAPH              off: do not keep the operating graph on ingest (default on)
  HA_TIMELINE_INDEX_MAX_EVENTS  largest workspace kept in the in-memory funnel timelines (default 20000000; 0 = SQL only)
  HA_OUTBOUND_ALLOW     private or loopback hosts/CIDRs outbound calls (exports, proof pushes) may reach, comma-separated
  HA_EXPORT_DIR         directory file destinations write into (unset: file exports are refused)
  HA_EXPORT_BIGQUERY_ENDPOINT  BigQuery API endpoint (an emulator or a private endpoint)
  HA_SOVEREIGNPROOF_URL, HA_SOVEREIGNPROOF_TOKEN  where proof packets are pushed, and its Bearer token
  HA_MCP_TOOLSETS, HA_MCP_TOOLS, HA_MCP_READ_ONLY, HA_MCP_DYNAMIC_TOOLSETS
                        tools offered at /mcp (as the MCP server's flags; a request may choose with headers)
`;

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  const settings = serverSettingsFromEnv();
  const engine = await Engine.open(engineOptionsFromEnv());
  const configuredKey = process.env.HA_API_KEY?.trim() || undefined;
  const boot = await engine.bootstrap(configuredKey ? { apiKey: configuredKey } : {});
  if (boot.created && boot.apiKey && !configuredKey) {
    process.stdout.write(`Admin API key for workspace ${boot.workspace.id} (shown once, store it now): ${boot.apiKey}\n`);
  }
  const server = await startServer({ engine, ...settings, mcp: { selection: toolSelectionFromEnv(process.env) } });
  process.stdout.write(`HeadlessAnalytics listening on ${server.url} (REST ${server.url}/api, OpenAPI ${server.url}/api/openapi, MCP ${server.url}/mcp)\n`);
  const key = boot.created && boot.apiKey && !configuredKey ? boot.apiKey : '$HA_API_KEY';
  process.stdout.write(
    `First call to try:\n  curl -X POST ${server.url}/api/ingest -H "Authorization: Bearer ${key}" -H "Content-Type: application/json" ` +
      `-d '{"event":"hello.world","actor":"me"}'\n`,
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stdout.write(`${signal}: draining requests and closing\n`);
    void server
      .close()
      .then(() => engine.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`headlessanalytics-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
