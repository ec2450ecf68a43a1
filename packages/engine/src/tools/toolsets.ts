import type { ToolsetDefinition } from '../tool/registry.js';

/**
 * The core's toolsets, with the one line an agent reads before choosing one (each domain defines its own; TOOLSETS
 * in engine.ts lists them all). `default: true` toolsets are what an MCP server offers when it is given no
 * selection: ingest, the core reads, and (added by the server) the discovery tools that reach the rest. A tool's
 * `toolset` must name a defined toolset; the registry refuses any other.
 */
export const CORE_TOOLSETS: readonly ToolsetDefinition[] = [
  { name: 'events', default: true, description: 'Ingest canonical events (one or a batch) and read them back with filters and cursors.' },
  { name: 'metrics', default: true, description: 'Event counts and numeric sums per event name over a time range, optionally bucketed; metric snapshots.' },
  { name: 'funnels', default: true, description: 'Ordered-step conversion funnels over canonical events, per actor.' },
  { name: 'usage', default: true, description: 'API calls and errors of this workspace per day, key, tool and surface: quotas, billing, agent activity.' },
  { name: 'analytics', default: false, description: 'Agent Analytics API, per project: track page/app events, stats, sessions, pages, breakdowns, insights, heatmaps, funnels, retention, flexible queries.' },
  { name: 'projects', default: false, description: 'Agent Analytics projects: create, update, delete, list; each has a public token and a tracker snippet.' },
  { name: 'experiments', default: false, description: 'A/B experiments per project: create, update, read results with significance, delete; variant config for clients.' },
  { name: 'stream', default: false, description: 'The live event stream of a project and the tracker.js script.' },
  { name: 'account', default: false, description: 'The account behind the key: tier, limits, settings, key rotation.' },
  { name: 'admin', default: false, description: 'Workspaces and API keys: create, list, revoke (admin scope).' },
  { name: 'agents', default: false, description: 'How AI agents perform, from their recorded runs: success rate, latency, tokens, tool errors.' },
  { name: 'health', default: false, description: 'Runtime health of this deployment: database, ingest queue, limits, version.' },
];
