import type { SqlArg, SqlRow } from '../../domain/analytics/reader.js';
import type { StoredEvent } from '../../domain/events/envelope.js';
import type {
  Direction, Entity, EntityListQuery, EntityRef, GraphDelta, GraphRepo, Relationship, RelationshipQuery, SubgraphFilter, TimelineQuery,
} from '../../domain/graph/graph-repo.js';
import { DEFAULT_TYPES, ENTITY_LIMITS } from '../../domain/graph/graph-hook.js';
import type { InStatement } from '../store.js';
import { MERGED_BUSINESS_IDS } from './graph-migrations.js';

type Rows = (sql: string, args: SqlArg[]) => Promise<SqlRow[]>;

/** One upsert per table and commit: the rows travel as one JSON parameter unpacked by json_each (as the analytics hook does). */
function upsert(table: string, columns: readonly string[], rows: unknown[][], conflict: string): InStatement[] {
  if (rows.length === 0) return [];
  const values = columns.map((_, index) => `value ->> ${index}`).join(', ');
  return [{ sql: `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values} FROM json_each(?) WHERE true ${conflict}`, args: [JSON.stringify(rows)] }];
}

/**
 * Properties: an event's bag merged into the kept one (json_patch: per key, nested objects merged), the newer
 * side winning; a merge over ENTITY_LIMITS.mergedBytes keeps the newest bag alone.
 */
const MERGED_PROPERTIES = `CASE WHEN excluded.properties = '{}' THEN properties ELSE (
  SELECT CASE WHEN length(merged) <= ${ENTITY_LIMITS.mergedBytes} THEN merged
              WHEN excluded.last_seen >= graph_entities.last_seen THEN excluded.properties ELSE graph_entities.properties END
  FROM (SELECT CASE WHEN excluded.last_seen >= graph_entities.last_seen THEN json_patch(graph_entities.properties, excluded.properties)
                    ELSE json_patch(excluded.properties, graph_entities.properties) END AS merged)) END`;

const ENTITY_COLUMNS = 'type, id, properties, first_seen, last_seen, event_count, business_ids';

/** A relationship row read with its two ends' refs: `r` joined to `f` (its from entity) and `t` (its to entity). */
const EDGE_COLUMNS = 'f.type AS from_type, f.id AS from_id, t.type AS to_type, t.id AS to_id, r.event, r.count, r.first_seen, r.last_seen';

/** The key of the entity named by `value ->> type` and `value ->> id` of a json_each row, within `value ->> 0`'s workspace. */
const keyOf = (type: number, id: number) =>
  `(SELECT key FROM graph_entities WHERE workspace_id = value ->> 0 AND type = value ->> ${type} AND id = value ->> ${id})`;

/** Relationships by entity key; rows of a delta name their ends, whose keys the entity upsert before it has set. */
const RELATIONSHIP_UPSERT = `INSERT INTO graph_relationships (from_key, to_key, event, count, first_seen, last_seen)
  SELECT ${keyOf(1, 2)}, ${keyOf(3, 4)}, value ->> 5, value ->> 6, value ->> 7, value ->> 8 FROM json_each(?) WHERE true
  ON CONFLICT DO UPDATE SET count = count + excluded.count, first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`;

function entityOf(row: SqlRow): Entity {
  return {
    type: String(row.type),
    id: String(row.id),
    properties: JSON.parse(String(row.properties)) as Record<string, unknown>,
    firstSeen: Number(row.first_seen),
    lastSeen: Number(row.last_seen),
    eventCount: Number(row.event_count),
    businessIds: JSON.parse(String(row.business_ids)) as string[],
  };
}

function relationshipOf(row: SqlRow): Relationship {
  return {
    from: { type: String(row.from_type), id: String(row.from_id) },
    to: { type: String(row.to_type), id: String(row.to_id) },
    event: String(row.event),
    count: Number(row.count),
    firstSeen: Number(row.first_seen),
    lastSeen: Number(row.last_seen),
  };
}

const refsJson = (refs: readonly EntityRef[]): string => JSON.stringify(refs.map((ref) => [ref.type, ref.id]));

/** `AND` clauses keeping relationships (alias r) or entities active in the filter's range. */
function rangeClauses(filter: SubgraphFilter | undefined, alias: string, args: SqlArg[]): string {
  let sql = '';
  if (filter?.from !== undefined) (sql += ` AND ${alias}.last_seen >= ?`), args.push(filter.from);
  if (filter?.to !== undefined) (sql += ` AND ${alias}.first_seen <= ?`), args.push(filter.to);
  return sql;
}

/** The typed column test: an untyped actor (or object) is stored with a NULL type and read as its default type. */
function typeTest(column: string, type: string, fallback: string, args: SqlArg[]): string {
  args.push(type);
  return type === fallback ? `(${column} IS NULL OR ${column} = ?)` : `${column} = ?`;
}

/** The operating graph on libSQL. `rows` is where reads run (the analytics read pool on an embedded file). */
export function libsqlGraphRepo(rows: Rows): GraphRepo {
  const entities = async (workspaceId: string, refs: readonly EntityRef[]): Promise<Entity[]> => {
    if (refs.length === 0) return [];
    const found = await rows(
      `SELECT e.type, e.id, e.properties, e.first_seen, e.last_seen, e.event_count, e.business_ids
       FROM json_each(?) AS f CROSS JOIN graph_entities AS e ON e.workspace_id = ? AND e.type = f.value ->> 0 AND e.id = f.value ->> 1`,
      [refsJson(refs), workspaceId],
    );
    return found.map(entityOf);
  };

  return {
    writes(delta: GraphDelta): InStatement[] {
      return [
        ...upsert('graph_entities', ['workspace_id', 'type', 'id', 'properties', 'first_seen', 'last_seen', 'event_count', 'business_ids'], delta.entities,
          `ON CONFLICT (workspace_id, type, id) DO UPDATE SET properties = ${MERGED_PROPERTIES}, business_ids = ${MERGED_BUSINESS_IDS},
            first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), event_count = event_count + excluded.event_count`),
        ...(delta.relationships.length === 0 ? [] : [{ sql: RELATIONSHIP_UPSERT, args: [JSON.stringify(delta.relationships)] }]),
        ...upsert('graph_entity_events', ['workspace_id', 'type', 'id', 'ts', 'event_id'], delta.links, 'ON CONFLICT DO NOTHING'),
      ];
    },

    async entity(workspaceId, ref) {
      const found = await rows(`SELECT ${ENTITY_COLUMNS} FROM graph_entities WHERE workspace_id = ? AND type = ? AND id = ?`, [workspaceId, ref.type, ref.id]);
      return found[0] ? entityOf(found[0]) : null;
    },

    entities,

    async list(workspaceId, query: EntityListQuery) {
      const where = ['workspace_id = ?'];
      const args: SqlArg[] = [workspaceId];
      if (query.type !== undefined) (where.push('type = ?'), args.push(query.type));
      if (query.prefix !== undefined) (where.push('instr(id, ?) = 1'), args.push(query.prefix));
      if (query.search !== undefined) {
        where.push("(instr(lower(id), ?) > 0 OR instr(lower(coalesce(properties ->> '$.name', '')), ?) > 0)");
        args.push(query.search.toLowerCase(), query.search.toLowerCase());
      }
      if (query.businessId !== undefined) (where.push('EXISTS (SELECT 1 FROM json_each(business_ids) WHERE value = ?)'), args.push(query.businessId));
      if (query.after !== undefined) {
        const { lastSeen, type, id } = query.after;
        where.push('(last_seen < ? OR (last_seen = ? AND (type > ? OR (type = ? AND id > ?))))');
        args.push(lastSeen, lastSeen, type, type, id);
      }
      const index = query.type === undefined ? 'graph_entities_by_seen' : 'graph_entities_by_type_seen';
      const found = await rows(
        `SELECT ${ENTITY_COLUMNS} FROM graph_entities INDEXED BY ${index} WHERE ${where.join(' AND ')} ORDER BY last_seen DESC, type, id LIMIT ?`,
        [...args, query.limit + 1],
      );
      return found.map(entityOf);
    },

    async relationships(workspaceId, ref, query: RelationshipQuery) {
      const out: Array<Relationship & { direction: Direction }> = [];
      for (const direction of query.directions) {
        if (query.after && query.after.direction === 'in' && direction === 'out') continue;
        // The entity itself is `f` going out and `t` coming in; the other end is the other one.
        const [self, other] = direction === 'out' ? ['f', 't'] : ['t', 'f'];
        const where = [`${self}.workspace_id = ?`, `${self}.type = ?`, `${self}.id = ?`];
        const args: SqlArg[] = [workspaceId, ref.type, ref.id];
        if (query.event !== undefined) (where.push('r.event = ?'), args.push(query.event));
        if (query.after && query.after.direction === direction) {
          where.push(`(${other}.type, ${other}.id, r.event) > (?, ?, ?)`);
          args.push(query.after.type, query.after.id, query.after.event);
        }
        const found = await rows(
          `SELECT ${EDGE_COLUMNS} FROM graph_entities AS ${self}
           CROSS JOIN graph_relationships AS r${direction === 'in' ? ' INDEXED BY graph_relationships_in ON r.to_key = t.key' : ' ON r.from_key = f.key'}
           CROSS JOIN graph_entities AS ${other} ON ${other}.key = r.${direction === 'out' ? 'to' : 'from'}_key
           WHERE ${where.join(' AND ')} ORDER BY ${other}.type, ${other}.id, r.event LIMIT ?`,
          [...args, query.limit + 1 - out.length],
        );
        for (const row of found) out.push({ ...relationshipOf(row), direction });
        if (out.length > query.limit) break;
      }
      return out;
    },

    async neighbours(workspaceId, refs, directions, limit, filter) {
      if (refs.length === 0) return [];
      const found: Relationship[] = [];
      for (const direction of directions) {
        const [self, other] = direction === 'out' ? ['f', 't'] : ['t', 'f'];
        const args: SqlArg[] = [refsJson(refs), workspaceId];
        const range = rangeClauses(filter, 'r', args);
        // In the refs' order, each one's relationships by the other end then event.
        const read = await rows(
          `SELECT ${EDGE_COLUMNS}
           FROM json_each(?) AS x CROSS JOIN graph_entities AS ${self} ON ${self}.workspace_id = ? AND ${self}.type = x.value ->> 0 AND ${self}.id = x.value ->> 1
           CROSS JOIN graph_relationships AS r${direction === 'in' ? ' INDEXED BY graph_relationships_in ON r.to_key = t.key' : ' ON r.from_key = f.key'}
           CROSS JOIN graph_entities AS ${other} ON ${other}.key = r.${direction === 'out' ? 'to' : 'from'}_key
           WHERE true${range} ORDER BY x.key, ${other}.type, ${other}.id, r.event LIMIT ?`,
          [...args, limit - found.length],
        );
        found.push(...read.map(relationshipOf));
        if (found.length >= limit) break;
      }
      return found;
    },

    async select(workspaceId, filter, limit) {
      const args: SqlArg[] = [workspaceId];
      let where = 'e.workspace_id = ?';
      if (filter.types !== undefined) (where += ' AND e.type IN (SELECT value FROM json_each(?))'), args.push(JSON.stringify(filter.types));
      where += rangeClauses(filter, 'e', args);
      const found = await rows(
        `SELECT ${ENTITY_COLUMNS} FROM graph_entities AS e INDEXED BY graph_entities_by_seen WHERE ${where} ORDER BY e.last_seen DESC, e.type, e.id LIMIT ?`,
        [...args, limit],
      );
      return found.map(entityOf);
    },

    async edgesAmong(workspaceId, refs, limit, filter) {
      if (refs.length === 0) return [];
      const json = refsJson(refs);
      const args: SqlArg[] = [json, workspaceId, json, workspaceId];
      const range = rangeClauses(filter, 'r', args);
      // The far end's key is tested against the set's keys (an ephemeral index), not through an index per pair.
      const found = await rows(
        `SELECT ${EDGE_COLUMNS}
         FROM json_each(?) AS x CROSS JOIN graph_entities AS f ON f.workspace_id = ? AND f.type = x.value ->> 0 AND f.id = x.value ->> 1
         CROSS JOIN graph_relationships AS r ON r.from_key = f.key
         CROSS JOIN graph_entities AS t ON t.key = r.to_key
         WHERE r.to_key IN (SELECT e.key FROM json_each(?) AS y CROSS JOIN graph_entities AS e
                            ON e.workspace_id = ? AND e.type = y.value ->> 0 AND e.id = y.value ->> 1)${range}
         ORDER BY r.last_seen DESC, f.type, f.id, t.type, t.id, r.event LIMIT ?`,
        [...args, limit],
      );
      return found.map(relationshipOf);
    },

    async timeline(workspaceId, ref, query: TimelineQuery) {
      // The cursor's seq, read once: the ties on its millisecond continue below it.
      let older = '';
      const olderArgs: SqlArg[] = [];
      if (query.after !== undefined) {
        const at = await rows('SELECT seq FROM events WHERE workspace_id = ? AND ts = ? AND id = ?', [workspaceId, query.after.t, query.after.id]);
        older = ' AND (e.ts < ? OR (e.ts = ? AND e.seq < ?))';
        olderArgs.push(query.after.t, query.after.t, Number(at[0]?.seq ?? 0));
      }
      const filters = (args: SqlArg[]): string => {
        let sql = '';
        if (query.event !== undefined) (sql += ' AND e.event = ?'), args.push(query.event);
        if (query.from !== undefined) (sql += ' AND e.ts >= ?'), args.push(query.from);
        if (query.to !== undefined) (sql += ' AND e.ts <= ?'), args.push(query.to);
        args.push(...olderArgs);
        return sql + older;
      };
      const limit = query.limit + 1;
      const byColumn = (role: 'actor' | 'object', index: string) => {
        const args: SqlArg[] = [workspaceId, ref.id];
        const typed = typeTest(`e.${role}_type`, ref.type, DEFAULT_TYPES[role], args);
        const sql = `SELECT e.seq, e.id, e.ts, e.received_at, e.body FROM events AS e INDEXED BY ${index}
          WHERE e.workspace_id = ? AND e.${role}_id = ? AND ${typed}${filters(args)} ORDER BY e.ts DESC, e.seq DESC LIMIT ?`;
        return rows(sql, [...args, limit]);
      };
      const bagArgs: SqlArg[] = [workspaceId, ref.type, ref.id];
      const bagSql = `SELECT e.seq, e.id, e.ts, e.received_at, e.body
        FROM graph_entity_events AS l CROSS JOIN events AS e INDEXED BY events_by_time ON e.workspace_id = l.workspace_id AND e.ts = l.ts AND e.id = l.event_id
        WHERE l.workspace_id = ? AND l.type = ? AND l.id = ?${filters(bagArgs)} ORDER BY l.ts DESC, e.seq DESC LIMIT ?`;
      const sources = await Promise.all([
        byColumn('actor', 'events_by_actor'),
        byColumn('object', 'events_by_object'),
        rows(bagSql, [...bagArgs, limit]),
      ]);
      const seen = new Set<number>();
      const merged = sources.flat().filter((row) => {
        const seq = Number(row.seq);
        if (seen.has(seq)) return false;
        seen.add(seq);
        return true;
      });
      merged.sort((a, b) => Number(b.ts) - Number(a.ts) || Number(b.seq) - Number(a.seq));
      return merged.slice(0, limit).map((row): StoredEvent => ({
        ...(JSON.parse(String(row.body)) as StoredEvent),
        id: String(row.id),
        receivedAt: Number(row.received_at),
      }));
    },
  };
}
