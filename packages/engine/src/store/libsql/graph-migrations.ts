import type { Migration } from './migrations.js';

/**
 * The business ids of an entity row merged with those of `excluded` (the same list in the common case, then kept
 * as is), at most 32.
 */
export const MERGED_BUSINESS_IDS = `CASE WHEN business_ids = excluded.business_ids THEN business_ids ELSE (
  SELECT json_group_array(value) FROM (
    SELECT value FROM json_each(graph_entities.business_ids) UNION SELECT value FROM json_each(excluded.business_ids) LIMIT 32
  )) END`;

/**
 * The operating graph's tables, in the graph domain's version range (400-499). Versioned, append-only.
 * - graph_entities: one row per (workspace, type, id), kept by the commit hook.
 * - graph_relationships: from → to by event name; the primary key serves outgoing reads, graph_relationships_in incoming.
 * - graph_entity_events: an `entity` bag's events, for its timeline (actors and objects are read through the events
 *   table's actor and object columns: events_by_actor, and events_by_object added here).
 * Events stored before this migration are read into entities and relationships from their actor and object columns
 * (properties and `entity` bags are kept from the events ingested after it).
 */
export const GRAPH_MIGRATIONS: readonly Migration[] = [
  {
    version: 400,
    name: 'operating graph: entities, relationships, entity-bag links, events by object',
    statements: [
      `CREATE TABLE graph_entities (
        workspace_id TEXT NOT NULL,
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        properties TEXT NOT NULL DEFAULT '{}',
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        event_count INTEGER NOT NULL,
        business_ids TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (workspace_id, type, id)
      ) WITHOUT ROWID`,
      `CREATE INDEX graph_entities_by_type_seen ON graph_entities (workspace_id, type, last_seen)`,
      `CREATE INDEX graph_entities_by_seen ON graph_entities (workspace_id, last_seen)`,
      `CREATE TABLE graph_relationships (
        workspace_id TEXT NOT NULL,
        from_type TEXT NOT NULL,
        from_id TEXT NOT NULL,
        to_type TEXT NOT NULL,
        to_id TEXT NOT NULL,
        event TEXT NOT NULL,
        count INTEGER NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, from_type, from_id, to_type, to_id, event)
      ) WITHOUT ROWID`,
      `CREATE INDEX graph_relationships_in ON graph_relationships (workspace_id, to_type, to_id, from_type, from_id, event)`,
      `CREATE TABLE graph_entity_events (
        workspace_id TEXT NOT NULL,
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        PRIMARY KEY (workspace_id, type, id, ts, event_id)
      ) WITHOUT ROWID`,
      `CREATE INDEX events_by_object ON events (workspace_id, object_id, ts) WHERE object_id IS NOT NULL`,
      // Events stored before: actors, then objects (an event whose actor is its object counts once), then actor → object.
      `INSERT INTO graph_entities (workspace_id, type, id, first_seen, last_seen, event_count, business_ids)
       SELECT workspace_id, coalesce(actor_type, 'actor'), actor_id, min(ts), max(ts), count(*), json_group_array(DISTINCT business_id)
       FROM events WHERE actor_id IS NOT NULL GROUP BY 1, 2, 3`,
      `INSERT INTO graph_entities (workspace_id, type, id, first_seen, last_seen, event_count, business_ids)
       SELECT workspace_id, coalesce(object_type, 'object'), object_id, min(ts), max(ts), count(*), json_group_array(DISTINCT business_id)
       FROM events
       WHERE object_id IS NOT NULL AND NOT (actor_id IS object_id AND coalesce(actor_type, 'actor') = coalesce(object_type, 'object'))
       GROUP BY 1, 2, 3
       ON CONFLICT DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen),
         event_count = event_count + excluded.event_count, business_ids = ${MERGED_BUSINESS_IDS}`,
      `INSERT INTO graph_relationships (workspace_id, from_type, from_id, to_type, to_id, event, count, first_seen, last_seen)
       SELECT workspace_id, coalesce(actor_type, 'actor'), actor_id, coalesce(object_type, 'object'), object_id, event, count(*), min(ts), max(ts)
       FROM events
       WHERE actor_id IS NOT NULL AND object_id IS NOT NULL
         AND NOT (actor_id = object_id AND coalesce(actor_type, 'actor') = coalesce(object_type, 'object'))
       GROUP BY 1, 2, 3, 4, 5, 6`,
    ],
  },
  {
    version: 401,
    name: 'operating graph: integer entity keys, relationships keyed by them',
    // Each entity gets an integer key (its rowid, in order of first appearance); a relationship is (from_key, to_key,
    // event), its workspace that of its entities. Rows and index entries shrink to a fraction, and the pages a commit
    // dirties with them (see bench/graph.mjs). The seen indexes carry (type, id) so lists page in their order.
    statements: [
      `CREATE TABLE graph_entities_keyed (
        key INTEGER PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        properties TEXT NOT NULL DEFAULT '{}',
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        event_count INTEGER NOT NULL,
        business_ids TEXT NOT NULL DEFAULT '[]'
      )`,
      `INSERT INTO graph_entities_keyed (workspace_id, type, id, properties, first_seen, last_seen, event_count, business_ids)
       SELECT workspace_id, type, id, properties, first_seen, last_seen, event_count, business_ids FROM graph_entities ORDER BY first_seen, workspace_id, type, id`,
      `CREATE UNIQUE INDEX graph_entities_by_ref ON graph_entities_keyed (workspace_id, type, id)`,
      `CREATE TABLE graph_relationships_keyed (
        from_key INTEGER NOT NULL,
        to_key INTEGER NOT NULL,
        event TEXT NOT NULL,
        count INTEGER NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (from_key, to_key, event)
      ) WITHOUT ROWID`,
      `INSERT INTO graph_relationships_keyed (from_key, to_key, event, count, first_seen, last_seen)
       SELECT f.key, t.key, r.event, r.count, r.first_seen, r.last_seen
       FROM graph_relationships AS r
       JOIN graph_entities_keyed AS f ON f.workspace_id = r.workspace_id AND f.type = r.from_type AND f.id = r.from_id
       JOIN graph_entities_keyed AS t ON t.workspace_id = r.workspace_id AND t.type = r.to_type AND t.id = r.to_id`,
      `DROP TABLE graph_relationships`,
      `DROP TABLE graph_entities`,
      `ALTER TABLE graph_entities_keyed RENAME TO graph_entities`,
      `ALTER TABLE graph_relationships_keyed RENAME TO graph_relationships`,
      `CREATE INDEX graph_entities_by_type_seen ON graph_entities (workspace_id, type, last_seen, id)`,
      `CREATE INDEX graph_entities_by_seen ON graph_entities (workspace_id, last_seen, type, id)`,
      `CREATE INDEX graph_relationships_in ON graph_relationships (to_key, from_key, event)`,
    ],
  },
];
