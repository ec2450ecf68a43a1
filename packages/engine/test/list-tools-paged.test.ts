import { describe, expect, it } from 'vitest';
import { createToolRegistry } from '../src/engine.js';

/**
 * Read tools whose top-level arrays are bounded by construction, so they need no `page`: each with the bound. A tool
 * lands here only when its arrays cannot grow with the data; anything else declares `page` (tools/paging.ts).
 */
const BOUNDED: Record<string, string> = {
  get_connector_sync: 'failures: at most 100 (the first failed records of the delivery; the ingest answer lists all)',
  query_funnel: 'steps: one per input step (at most 20)',
  analyze_funnel: 'steps: one per input step (at most 8); breakdowns: at most breakdown_limit (50) groups of those steps',
  get_retention: 'cohorts: at most `cohorts` (30), each with a rate per period; average_rates: one per period',
  get_heatmap: 'heatmap: one cell per weekday and hour (7 x 24); flags: a fixed set',
  get_live: 'top_pages, top_events, recent_events: 10 each (LIMIT 10)',
  get_session_distribution: 'distribution: the 7 fixed duration buckets',
  get_insights: 'flags: a fixed set of anomaly codes',
  query_attribution: 'bySource, byCampaign, byMedium, byEntity: at most `limit` (15) rows each; models: at most 6 (one per model), each with the same four bounded lists',
  run_graphql: 'errors: at most 50 validation errors (validate maxErrors), or one per root field (at most 12) when it runs',
  get_runtime_health: 'checks: the fixed set of readiness checks',
  get_account: 'flags: a fixed set of account flags',
  get_project: 'allowed_origins: at most 50 (the input schema caps them)',
  get_experiment: 'variants: at most 10 (create_experiment caps them); flags: two fixed codes',
  stream_events: 'events: at most max_events (1000), resumed with last_event_id (a stream, not a list)',
  get_metric_definition: 'eventNames: at most 50, filters: at most 20 (create_metric_definition and update_metric_definition cap them)',
  find_entity_path: 'nodes, edges: one path of at most maxDepth (6) hops',
  export_subgraph: 'nodes, edges: at most maxNodes and maxEdges; a bounded export, refused over the answer budget with what to lower',
  get_tracking_plan: 'events: at most 500 per plan (create_tracking_plan and update_tracking_plan refuse more)',
  list_tracking_plan_templates: 'templates: the fixed vertical templates (3)',
  get_decision_object: 'legalNextStates: the fixed lifecycle; eventIds, evidence: at most 100 (create/update cap them); approvals: one per approve/reject/release transition the lifecycle allows',
  get_authority_grant: 'actions: at most 50, caps: at most 20 (create_authority_grant caps them)',
  get_context_contract: 'actions, required: at most 50 each; compliance: at most 20 packs (create_context_contract caps them)',
  get_enforcement_receipt: 'reasons: at most one per check of the fixed order; compliance: the contract\'s controls (at most 20 packs of 100)',
  verify_proof_trail: 'failures: at most 100 (MAX_FAILURES in domain/proofs/verify.ts)',
  get_proof_trail_packet: 'items: the whole signed packet, a file download for ha proof-verify (get_proof_trail pages the same items within the answer budget)',
  get_export_destination: 'secretFields: the fixed secret field names of the destination kind',
};

/**
 * Read tools that still answer an unbounded array without `page`: known gaps of the agent ergonomics issue, listed
 * so that the check fails for any new one. Remove a tool from here when it gets `page`.
 */
const NOT_YET_PAGED: Record<string, string> = {};

const registry = createToolRegistry();

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

const isArray = (schema: JsonSchema): boolean =>
  schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array')) || [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].some(isArray);

/** Top-level array properties of a tool's output schema. */
const arraysOf = (schema: JsonSchema): string[] =>
  Object.entries(schema.properties ?? {})
    .filter(([, property]) => isArray(property))
    .map(([name]) => name);

/** The read tools answering a top-level array without `page`, and not on a list above. */
function unpagedListTools(except: Record<string, string> = { ...BOUNDED, ...NOT_YET_PAGED }) {
  return registry
    .descriptors()
    .filter((descriptor) => descriptor.annotations.readOnlyHint && arraysOf(descriptor.outputSchema as JsonSchema).length > 0)
    .filter((descriptor) => registry.get(descriptor.name)!.page === undefined && !Object.hasOwn(except, descriptor.name))
    .map((descriptor) => `${descriptor.name} (${arraysOf(descriptor.outputSchema as JsonSchema).join(', ')})`);
}

describe('list tools page', () => {
  it('every read tool answering a top-level array declares `page`, or is bounded by construction', () => {
    expect(unpagedListTools()).toEqual([]);
  });

  it('the check catches an unpaged list tool', () => {
    // With the lists above emptied, every read tool with an array and no `page` is reported, e.g. get_heatmap.
    expect(unpagedListTools({})).toEqual(expect.arrayContaining([expect.stringMatching(/^get_heatmap /)]));
  });

  it('the lists above name only registered read tools that answer an array and have no `page`', () => {
    for (const name of [...Object.keys(BOUNDED), ...Object.keys(NOT_YET_PAGED)]) {
      const tool = registry.get(name);
      expect(tool, name).toBeDefined();
      expect(tool!.annotations.readOnlyHint, name).toBe(true);
      expect(tool!.page, `${name} declares page: take it off the list`).toBeUndefined();
      expect(arraysOf(registry.describe(name)!.outputSchema as JsonSchema).length, name).toBeGreaterThan(0);
    }
  });

  it('a paged tool takes `limit` and `cursor` and answers its rows, its cursor and `truncated`', () => {
    for (const tool of registry.list().filter((candidate) => candidate.page)) {
      const descriptor = registry.describe(tool.name)!;
      const input = descriptor.inputSchema as JsonSchema;
      const output = descriptor.outputSchema as JsonSchema;
      expect(Object.keys(input.properties ?? {}), tool.name).toEqual(expect.arrayContaining(['limit']));
      // A write is not continued by its own cursor (save_metrics_snapshot's continues in query_metrics).
      if (tool.annotations.readOnlyHint) expect(Object.keys(input.properties ?? {}), tool.name).toContain('cursor');
      const page = tool.page!;
      for (const rows of [page.rows, ...(page.alongside ?? [])]) expect(arraysOf(output), tool.name).toContain(rows);
      expect(Object.keys(output.properties ?? {}), tool.name).toEqual(expect.arrayContaining([page.cursorKey, 'truncated']));
      expect(tool.description, tool.name).toContain(`\`${page.cursorKey}\``);
    }
  });
});
