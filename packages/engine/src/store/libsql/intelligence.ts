import type { AnalyticsReader, SqlArg, SqlRow } from '../../domain/analytics/reader.js';
import { FactIndex, type FactRow, type FactSource } from '../../domain/intelligence/fact-index.js';
import type { DimensionCell, GapQuery, GapSample, IntelligenceRepo } from '../../domain/intelligence/intelligence-repo.js';
import type { Store } from '../store.js';
import { CAMPAIGN, CHANNEL } from './attribution.js';

const text = (path: string) => `CAST(json_extract(body, '${path}') AS TEXT)`;
const TRACKABLE = text('$.trackable.id');
const PRODUCT = `coalesce(${text('$.properties.productId')}, ${text('$.properties.product')}, ${text('$.properties.sku')}, CASE WHEN object_type = 'product' THEN object_id END)`;
const ENTITY = `coalesce(${text('$.entity.type')} || ':' || ${text('$.entity.id')}, object_type || ':' || object_id)`;
const REVENUE = `total(CASE WHEN json_type(body, '$.properties.revenue') IN ('integer', 'real') THEN json_extract(body, '$.properties.revenue') END)`;
const TIER = `coalesce(CAST(json_extract(body, '$.trustTier') AS TEXT), 'T0')`;
const NUMERIC_REVENUE = `CASE WHEN json_type(body, '$.properties.revenue') IN ('integer', 'real') THEN json_extract(body, '$.properties.revenue') END`;

const HOURS = `SELECT hour, event, sum(CASE WHEN field = '' THEN count ELSE 0 END) AS n, total(CASE WHEN field = 'properties.revenue' THEN sum END) AS revenue
  FROM event_rollups WHERE workspace_id = ? AND hour >= ? AND hour <= ? AND business_id = ? AND field IN ('', 'properties.revenue')
  GROUP BY hour, event`;

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(',');
const nullableText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** The agent-context reads on libSQL: hourly rollups, and grouped scans of the events of a few names (events_by_business_event). */
export function libsqlIntelligenceRepo(reader: AnalyticsReader): IntelligenceRepo {
  /** Count, newest ids, names and offending values of the events of a business matching `condition`. */
  const gap = async (query: GapQuery, condition: string, conditionArgs: SqlArg[], value?: string): Promise<GapSample> => {
    if (query.eventNames.length === 0) return { count: 0, ids: [], eventNames: [], values: [] };
    const args: SqlArg[] = [query.workspaceId, query.businessId, ...query.eventNames, query.from, query.to, ...conditionArgs];
    const where = `workspace_id = ? AND business_id = ? AND event IN (${placeholders(query.eventNames.length)}) AND ts >= ? AND ts <= ? AND ${condition}`;
    const [counts, newest, values] = await Promise.all([
      reader.all(`SELECT event, count(*) AS n FROM events WHERE ${where} GROUP BY event ORDER BY event`, args),
      reader.all(`SELECT id FROM events WHERE ${where} ORDER BY ts DESC, id DESC LIMIT ?`, [...args, query.sample]),
      value ? reader.all(`SELECT DISTINCT ${value} AS value FROM events WHERE ${where} AND ${value} IS NOT NULL LIMIT ?`, [...args, query.sample]) : Promise.resolve([]),
    ]);
    return {
      count: counts.reduce((total, row) => total + Number(row.n), 0),
      ids: newest.map((row) => String(row.id)),
      eventNames: counts.slice(0, 10).map((row) => String(row.event)),
      values: values.map((row) => String(row.value)).sort(),
    };
  };
  return {
    async hours(workspaceId, businessId, from, to) {
      const rows = await reader.all(HOURS, [workspaceId, from, to, businessId]);
      return rows.map((row) => ({ hour: Number(row.hour), event: String(row.event), count: Number(row.n), revenue: Number(row.revenue) }));
    },
    async firstHour(workspaceId, businessId) {
      const rows = await reader.all(`SELECT min(hour) AS hour FROM event_rollups WHERE workspace_id = ? AND business_id = ? AND field = ''`, [workspaceId, businessId]);
      return rows[0]?.hour == null ? null : Number(rows[0].hour);
    },
    async cells(workspaceId, businessId, eventNames, windows) {
      if (eventNames.length === 0 || windows.length === 0) return [];
      const args: SqlArg[] = [];
      const which = `CASE ${windows.map((window) => (args.push(window.from, window.to), 'WHEN ts >= ? AND ts <= ? THEN ' + (args.length / 2 - 1))).join(' ')} END`;
      args.push(workspaceId, businessId, ...eventNames);
      const within = windows.map((window) => (args.push(window.from, window.to), '(ts >= ? AND ts <= ?)')).join(' OR ');
      const rows: SqlRow[] = await reader.all(
        `SELECT ${which} AS w, event, ${CAMPAIGN} AS campaign, ${CHANNEL} AS channel, ${TRACKABLE} AS trackable, ${PRODUCT} AS product, ${ENTITY} AS entity,
                count(*) AS n, ${REVENUE} AS revenue, min(id) AS first_id, max(id) AS last_id
           FROM events INDEXED BY events_by_name
          WHERE workspace_id = ? AND business_id = ? AND event IN (${placeholders(eventNames.length)}) AND (${within})
          GROUP BY w, event, campaign, channel, trackable, product, entity`,
        args,
      );
      return rows.map((row): DimensionCell => ({
        window: Number(row.w),
        event: String(row.event),
        values: {
          campaign: nullableText(row.campaign), channel: nullableText(row.channel), trackable: nullableText(row.trackable),
          product: nullableText(row.product), entity: nullableText(row.entity),
        },
        count: Number(row.n),
        revenue: Number(row.revenue),
        ids: [...new Set([String(row.first_id), String(row.last_id)])],
      }));
    },
    events: (query) => gap(query, '1 = 1', []),
    withoutDecision: (query) => gap(query, `json_extract(body, '$.decisionId') IS NULL`, []),
    belowTier: (query) => gap(query, `${TIER} < ?`, [query.minTier], TIER),
    unregisteredTrackable: (query) =>
      gap(
        query,
        `(${TRACKABLE} IS NULL OR NOT EXISTS (SELECT 1 FROM trackables t WHERE t.workspace_id = events.workspace_id AND t.id = ${TRACKABLE}))`,
        [],
        TRACKABLE,
      ),
  };
}

/** What the fact index is loaded and tailed from: events of a few names by insertion order, their fields extracted in SQL. */
export function libsqlFactSource(store: Store): FactSource {
  const bySeq = async (seqs: readonly number[]) => {
    const found = new Set<number>();
    for (let start = 0; start < seqs.length; start += 500) {
      const chunk = seqs.slice(start, start + 500);
      for (const row of await store.rows(`SELECT seq FROM events WHERE seq IN (${placeholders(chunk.length)})`, [...chunk])) found.add(Number(row[0]));
    }
    return found;
  };
  return {
    async page(workspaceId, eventNames, after, upTo, limit) {
      const rows = await store.rows(
        // NOT INDEXED: walk the rowid range (a tail read costs nothing when nothing was added).
        `SELECT seq, id, business_id, event, ts, ${CAMPAIGN}, ${CHANNEL}, ${TRACKABLE}, ${PRODUCT}, ${ENTITY}, ${NUMERIC_REVENUE},
                json_extract(body, '$.decisionId') IS NOT NULL, ${TIER}
           FROM events NOT INDEXED WHERE seq > ? AND seq <= ? AND workspace_id = ? AND event IN (${placeholders(eventNames.length)})
          ORDER BY seq LIMIT ?`,
        [after, upTo, workspaceId, ...eventNames, limit],
      );
      return rows.map((row): FactRow => ({
        seq: Number(row[0]), id: String(row[1]), businessId: String(row[2]), event: String(row[3]), ts: Number(row[4]),
        values: {
          campaign: nullableText(row[5]), channel: nullableText(row[6]), trackable: nullableText(row[7]), product: nullableText(row[8]), entity: nullableText(row[9]),
        },
        revenue: row[10] === null || row[10] === undefined ? null : Number(row[10]),
        hasDecision: Number(row[11]) === 1,
        tier: String(row[12]),
      }));
    },
    async lastSeq() {
      const [row] = await store.rows('SELECT max(seq) FROM events');
      return Number(row?.[0] ?? 0);
    },
    existing: bySeq,
    async trackables(workspaceId, ids) {
      const found = new Set<string>();
      for (let start = 0; start < ids.length; start += 500) {
        const chunk = ids.slice(start, start + 500);
        const rows = await store.rows(`SELECT id FROM trackables WHERE workspace_id = ? AND id IN (${placeholders(chunk.length)})`, [workspaceId, ...chunk]);
        for (const row of rows) found.add(String(row[0]));
      }
      return found;
    },
  };
}

/**
 * Agent-context reads with the event scans answered by the in-memory fact index (`cells` and the gap samples),
 * the hourly rollups by SQL. The same answers as libsqlIntelligenceRepo (tests cross-check the two).
 */
export function indexedIntelligenceRepo(reader: AnalyticsReader, store: Store): IntelligenceRepo & { index: FactIndex } {
  const sql = libsqlIntelligenceRepo(reader);
  const index = new FactIndex(libsqlFactSource(store));
  return {
    index,
    // A few thousand rollup rows: read in place, as raw rows (the read pool's copy across threads costs more than the read).
    async hours(workspaceId, businessId, from, to) {
      const rows = await store.rows(HOURS, [workspaceId, from, to, businessId]);
      return rows.map((row) => ({ hour: Number(row[0]), event: String(row[1]), count: Number(row[2]), revenue: Number(row[3]) }));
    },
    firstHour: sql.firstHour,
    cells: (workspaceId, businessId, eventNames, windows) => index.cells(workspaceId, businessId, eventNames, windows),
    events: (query) => index.gap(query, () => true),
    withoutDecision: (query) => index.gap(query, (row) => !row.hasDecision),
    belowTier: (query) => index.gap(query, (row) => row.tier < query.minTier, (row) => row.tier),
    unregisteredTrackable: (query) =>
      index.gap(query, (row, known) => row.values.trackable === null || !known.has(row.values.trackable), (row) => row.values.trackable, true),
  };
}
