import type { InStatement } from '../../store/store.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { CommitHook, PendingRow } from '../events/event-writer.js';
import type { GraphRepo } from './graph-repo.js';
import { entityBagId, trustTierOf } from './trust-tier.js';

/** The type an actor, object or entity gets when it is sent without one (a plain string id, or no `type`). */
export const DEFAULT_TYPES = { actor: 'actor', object: 'object', entity: 'entity' } as const;

/** Bounds of what an entity keeps from one event, and of its merged properties. */
export const ENTITY_LIMITS = { typeLength: 64, keysPerEvent: 32, bytesPerEvent: 4096, mergedBytes: 16_384, businessIds: 32 } as const;

const sep = '\u0000';
const RESERVED = new Set(['id', 'type', 'properties']);

interface Found {
  type: string;
  id: string;
  properties: Record<string, unknown> | null;
}

const isPlain = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy without null values at any depth: nulls never delete a kept key (json_patch would read them so). */
function withoutNulls(value: unknown): unknown {
  if (!isPlain(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== null && value[key] !== undefined) kept[key] = withoutNulls(value[key]);
  return kept;
}

/**
 * What one event says about an entity: its `properties` bag and any other field beside `id` and `type` (e.g. a
 * `name` on an actor object), at most ENTITY_LIMITS.keysPerEvent keys in ENTITY_LIMITS.bytesPerEvent of JSON.
 */
function propertiesOf(reference: Record<string, unknown>): Record<string, unknown> | null {
  let kept: Record<string, unknown> | null = null;
  let bytes = 2;
  let keys = 0;
  const add = (key: string, value: unknown) => {
    if (value === null || value === undefined || keys >= ENTITY_LIMITS.keysPerEvent) return;
    const cleaned = withoutNulls(value);
    const size = key.length + 4 + (JSON.stringify(cleaned)?.length ?? 0);
    if (bytes + size > ENTITY_LIMITS.bytesPerEvent) return;
    (kept ??= {})[key] = cleaned;
    bytes += size;
    keys += 1;
  };
  for (const key in reference) if (!RESERVED.has(key)) add(key, reference[key]);
  const bag = reference.properties;
  if (isPlain(bag)) for (const key in bag) add(key, bag[key]);
  return kept;
}

const typeOf = (value: unknown, fallback: string): string =>
  typeof value === 'string' && value.length > 0 && value.length <= ENTITY_LIMITS.typeLength ? value : fallback;

/** The actor or object of an envelope as an entity. */
function fromReference(value: EventEnvelope['actor'], fallback: string): Found | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return { type: fallback, id: value, properties: null };
  return { type: typeOf(value.type, fallback), id: value.id, properties: propertiesOf(value) };
}

/** The `entity` bag as an entity: it needs an id (see entityBagId); without one it is not kept in the graph. */
function fromBag(bag: EventEnvelope['entity']): Found | null {
  const id = entityBagId(bag);
  if (id === null) return null;
  return { type: typeOf(bag!.type, DEFAULT_TYPES.entity), id, properties: propertiesOf(bag!) };
}

/** RFC 7396 merge of `patch` into `target` (no nulls in either): what SQLite's json_patch does, in place. */
function mergeInto(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  for (const key in patch) {
    const value = patch[key];
    const existing = target[key];
    target[key] = isPlain(value) && isPlain(existing) ? mergeInto({ ...existing }, value) : value;
  }
  return target;
}

/**
 * Sets each fresh event's trust tier before it is written (see trust-tier.ts): the stored JSON carries it, so
 * query_events and the timeline return it. Runs whether or not the graph is kept.
 */
export class TrustTierHook implements CommitHook {
  prepare(rows: readonly PendingRow[]): Promise<InStatement[]> {
    for (const { envelope } of rows) if (envelope.trustTier === undefined) envelope.trustTier = trustTierOf(envelope);
    return Promise.resolve([]);
  }
}

/**
 * Keeps the operating graph in the same transaction as the events: each fresh event upserts its actor, object and
 * `entity` (properties merged, newest event wins per key; first/last seen; event count; businesses) and the
 * relationships actor → object and actor → entity (object → entity when there is no actor) by event name, with
 * count and first/last time. The `entity` bag's event links are kept for the timeline; actors and objects are
 * found through the events table's own columns. Duplicates (a messageId seen before) never reach a hook, so
 * nothing counts twice. One upsert per table and commit, its rows in one JSON parameter.
 */
export class GraphCommitHook implements CommitHook {
  constructor(private readonly repo: GraphRepo) {}

  prepare(rows: readonly PendingRow[]): Promise<InStatement[]> {
    if (rows.length === 0) return Promise.resolve([]);
    // Per entity: its delta row and its number in this commit (the relationships' keys use the numbers).
    const entities = new Map<string, { row: unknown[]; index: number; countedBy: number }>();
    const relationships = new Map<string, unknown[]>();
    const links: unknown[][] = [];
    const touch = (ws: string, found: Found, ts: number, businessId: string, event: number): number => {
      const key = `${ws}${sep}${found.type}${sep}${found.id}`;
      const kept = entities.get(key);
      if (!kept) {
        entities.set(key, { row: [ws, found.type, found.id, found.properties ?? {}, ts, ts, 1, [businessId]], index: entities.size, countedBy: event });
        return entities.size - 1;
      }
      const row = kept.row;
      if (found.properties) {
        const newer = ts >= (row[5] as number);
        const merged = row[3] as Record<string, unknown>;
        row[3] = newer ? mergeInto(merged, found.properties) : mergeInto({ ...found.properties }, merged);
      }
      if (ts < (row[4] as number)) row[4] = ts;
      if (ts > (row[5] as number)) row[5] = ts;
      // An entity named twice by one event (as actor and entity, say) counts that event once.
      if (kept.countedBy !== event) {
        row[6] = (row[6] as number) + 1;
        kept.countedBy = event;
      }
      const businesses = row[7] as string[];
      if (!businesses.includes(businessId) && businesses.length < ENTITY_LIMITS.businessIds) businesses.push(businessId);
      return kept.index;
    };
    const relate = (ws: string, from: Found, fromIndex: number, to: Found, toIndex: number, event: string, ts: number) => {
      if (fromIndex === toIndex) return;
      const key = `${fromIndex},${toIndex},${event}`;
      const row = relationships.get(key);
      if (!row) relationships.set(key, [ws, from.type, from.id, to.type, to.id, event, 1, ts, ts]);
      else {
        row[6] = (row[6] as number) + 1;
        if (ts < (row[7] as number)) row[7] = ts;
        if (ts > (row[8] as number)) row[8] = ts;
      }
    };
    for (let event = 0; event < rows.length; event += 1) {
      const row = rows[event]!;
      const { workspaceId: ws, envelope } = row;
      const actor = fromReference(envelope.actor, DEFAULT_TYPES.actor);
      const object = fromReference(envelope.object, DEFAULT_TYPES.object);
      const bag = envelope.entity === undefined ? null : fromBag(envelope.entity);
      if (!actor && !object && !bag) continue;
      const ts = envelope.timestamp;
      const business = envelope.businessId;
      const actorIndex = actor ? touch(ws, actor, ts, business, event) : -1;
      const objectIndex = object ? touch(ws, object, ts, business, event) : -1;
      const bagIndex = bag ? touch(ws, bag, ts, business, event) : -1;
      if (bag && bagIndex !== actorIndex && bagIndex !== objectIndex) links.push([ws, bag.type, bag.id, ts, row.id]);
      if (actor && object) relate(ws, actor, actorIndex, object, objectIndex, envelope.event, ts);
      if (actor && bag) relate(ws, actor, actorIndex, bag, bagIndex, envelope.event, ts);
      if (!actor && object && bag) relate(ws, object, objectIndex, bag, bagIndex, envelope.event, ts);
    }
    const entityRows: unknown[][] = [];
    for (const { row } of entities.values()) entityRows.push(row);
    return Promise.resolve(this.repo.writes({ entities: entityRows, relationships: [...relationships.values()], links }));
  }
}
