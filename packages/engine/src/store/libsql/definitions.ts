import type { AnalyticsReader, SqlArg, SqlRow } from '../../domain/analytics/reader.js';
import type {
  DefinitionListQuery, DefinitionsRepo, EventMeasure, MeasureRow, MetricSnapshot, RollupMeasure, SnapshotListQuery,
} from '../../domain/definitions/definitions-repo.js';
import { fieldLocation, type DefinitionVersion, type EventSelection, type MetricDefinition, type MetricFilter, type MetricKind } from '../../domain/definitions/rule.js';
import { bucketSql, type Interval } from '../../domain/metrics/buckets.js';
import type { Store } from '../store.js';

/** Columns of a definition row with the first version's time and the latest version number. */
const DEFINITION_COLUMNS = `d.id, d.version, d.name, d.description, d.kind, d.rule, d.created_at,
  (SELECT f.created_at FROM metric_definitions f WHERE f.workspace_id = d.workspace_id AND f.id = d.id AND f.version = 1) AS first_created_at,
  (SELECT max(l.version) FROM metric_definitions l WHERE l.workspace_id = d.workspace_id AND l.id = d.id) AS latest_version`;

function definitionOf(row: SqlRow): MetricDefinition {
  const rule = JSON.parse(String(row.rule)) as Omit<DefinitionVersion, 'id' | 'version' | 'name' | 'description' | 'kind' | 'versionCreatedAt'>;
  return {
    id: String(row.id),
    version: Number(row.version),
    name: String(row.name),
    description: row.description === null ? null : String(row.description),
    kind: String(row.kind) as MetricKind,
    ...rule,
    createdAt: Number(row.first_created_at ?? row.created_at),
    versionCreatedAt: Number(row.created_at),
    latestVersion: Number(row.latest_version),
  };
}

/** SQL for one filter over the events table; pushes its arguments in placeholder order. */
function filterSql(filter: MetricFilter, args: SqlArg[]): string {
  const location = fieldLocation(filter.field)!;
  const value = filter.value;
  if ('column' in location) {
    const column = location.column;
    switch (filter.op) {
      case 'exists':
        return `${column} IS NOT NULL`;
      case 'not_exists':
        return `${column} IS NULL`;
      case 'in':
      case 'not_in': {
        const values = value as string[];
        args.push(...values);
        const list = `${column} IN (${values.map(() => '?').join(',')})`;
        return filter.op === 'in' ? list : `coalesce(NOT (${list}), 1)`;
      }
      default:
        args.push(value as string);
        return `${column} ${OPERATORS[filter.op]} ?`;
    }
  }
  const path = location.jsonPath;
  switch (filter.op) {
    case 'exists':
      args.push(path);
      return `coalesce(json_type(body, ?), 'null') != 'null'`;
    case 'not_exists':
      args.push(path);
      return `coalesce(json_type(body, ?), 'null') = 'null'`;
    case 'in':
    case 'not_in': {
      const values = value as Array<string | number>;
      args.push(path, ...values);
      const list = `json_extract(body, ?) IN (${values.map(() => '?').join(',')})`;
      return filter.op === 'in' ? list : `coalesce(NOT (${list}), 1)`;
    }
    case 'eq':
    case 'neq': {
      // true/false are JSON types of their own (json_extract reads them as 1 and 0, which a number filter would match).
      if (typeof value === 'boolean') {
        args.push(path);
        return `coalesce(json_type(body, ?), '') ${filter.op === 'eq' ? '=' : '!='} '${value}'`;
      }
      args.push(path, value as string | number);
      // Values of another JSON type never match (5 is not '5'); neq also keeps events without the field.
      return `json_extract(body, ?) ${filter.op === 'eq' ? '=' : 'IS NOT'} ?`;
    }
    default: {
      // Compared within the value's own type only: SQLite orders every text after every number.
      const types = typeof value === 'number' ? `IN ('integer', 'real')` : `= 'text'`;
      args.push(path, path, value as string | number);
      return `(json_type(body, ?) ${types} AND json_extract(body, ?) ${OPERATORS[filter.op]} ?)`;
    }
  }
}

const OPERATORS: Record<string, string> = { eq: '=', neq: 'IS NOT', gt: '>', gte: '>=', lt: '<', lte: '<=' };

function selectionSql(selection: Pick<EventSelection, 'eventNames' | 'businessId'>, args: SqlArg[]): string {
  let sql = '';
  if (selection.eventNames.length > 0) {
    sql += ` AND event IN (${selection.eventNames.map(() => '?').join(',')})`;
    args.push(...selection.eventNames);
  }
  if (selection.businessId) (sql += ' AND business_id = ?'), args.push(selection.businessId);
  return sql;
}

const bucketOf = (column: string, interval: Interval | undefined): string => (interval ? bucketSql(column, interval) : '0');

const measureRows = (rows: SqlRow[]): MeasureRow[] => rows.map((row) => ({ bucket: Number(row.bucket), value: Number(row.value ?? 0) }));

function snapshotOf(row: SqlRow): MetricSnapshot {
  const query = JSON.parse(String(row.query)) as Record<string, unknown>;
  const result = JSON.parse(String(row.result)) as Record<string, unknown>;
  const base = { id: String(row.id), createdAt: Number(row.created_at) };
  if (row.source === 'definition') {
    return {
      ...base,
      source: 'definition',
      from: Number(query.from),
      to: Number(query.to),
      interval: (query.interval ?? null) as Interval | null,
      metricId: row.metric_id === null ? null : String(row.metric_id),
      version: row.metric_version === null ? null : Number(row.metric_version),
      definition: query.definition as MetricSnapshot['definition'],
      result: result.value as MetricSnapshot['result'],
      eventCounts: (result.eventCounts ?? null) as MetricSnapshot['eventCounts'],
    };
  }
  // A save_metrics_snapshot row: its query (MetricsQuery) and result (MetricsResult) as the metrics service wrote them.
  return {
    ...base,
    source: 'event_counts',
    from: Number(result.from ?? query.from),
    to: Number(result.to ?? query.to),
    interval: (result.interval ?? query.interval ?? null) as Interval | null,
    metricId: null,
    version: null,
    definition: null,
    result: null,
    eventCounts: {
      totalEvents: Number(result.totalEvents ?? 0),
      metrics: (result.metrics ?? []) as NonNullable<MetricSnapshot['eventCounts']>['metrics'],
      eventNames: (query.eventNames ?? []) as string[],
      businessId: (query.businessId ?? null) as string | null,
    },
  };
}

const SNAPSHOT_COLUMNS = 'id, created_at, query, result, source, metric_id, metric_version';

/** Metric definitions and snapshots on libSQL; the event measures run on the analytics reader (the read pool of a file). */
export function libsqlDefinitionsRepo(store: Store, reader: AnalyticsReader): DefinitionsRepo {
  const rows = async (sql: string, args: SqlArg[]): Promise<SqlRow[]> => {
    const result = await store.execute(sql, args);
    return result.rows as unknown as SqlRow[];
  };
  return {
    async insertVersion(workspaceId, version, createdBy) {
      const { id, version: number, name, description, kind, versionCreatedAt, ...rule } = version;
      await store.execute(
        'INSERT INTO metric_definitions (workspace_id, id, version, name, description, kind, rule, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [workspaceId, id, number, name, description, kind, JSON.stringify(rule), versionCreatedAt, createdBy],
      );
    },

    async get(workspaceId, id, version) {
      const args: SqlArg[] = [workspaceId, id];
      if (version !== undefined) args.push(version);
      const found = await rows(
        `SELECT ${DEFINITION_COLUMNS} FROM metric_definitions d WHERE d.workspace_id = ? AND d.id = ?${version === undefined ? '' : ' AND d.version = ?'}
         ORDER BY d.version DESC LIMIT 1`,
        args,
      );
      return found[0] ? definitionOf(found[0]) : null;
    },

    async list(workspaceId, query: DefinitionListQuery) {
      const args: SqlArg[] = [workspaceId];
      let where = '';
      if (query.after !== undefined) (where += ' AND d.id > ?'), args.push(query.after);
      if (query.kind) (where += ' AND d.kind = ?'), args.push(query.kind);
      if (query.search) {
        where += ' AND (instr(lower(d.id), ?) > 0 OR instr(lower(d.name), ?) > 0)';
        args.push(query.search.toLowerCase(), query.search.toLowerCase());
      }
      args.push(query.limit + 1);
      const found = await rows(
        `SELECT ${DEFINITION_COLUMNS} FROM metric_definitions d
         WHERE d.workspace_id = ? AND d.version = (SELECT max(m.version) FROM metric_definitions m WHERE m.workspace_id = d.workspace_id AND m.id = d.id)${where}
         ORDER BY d.id LIMIT ?`,
        args,
      );
      return found.map(definitionOf);
    },

    async measureEvents(workspaceId, measure: EventMeasure) {
      const args: SqlArg[] = [];
      const value =
        measure.measure === 'count'
          ? 'count(*)'
          : measure.measure === 'unique_actors'
            ? 'count(DISTINCT actor_id)'
            : `total(CASE WHEN json_type(body, ?) IN ('integer', 'real') THEN json_extract(body, ?) END)`;
      if (measure.measure === 'sum') args.push(measure.sumPath!, measure.sumPath!);
      args.push(workspaceId, measure.from, measure.to);
      let where = selectionSql(measure.selection, args);
      for (const filter of measure.selection.filters) where += ` AND ${filterSql(filter, args)}`;
      // Without event names the time range is the selective part: read it from a time index (as the metrics service does).
      const { eventNames, businessId } = measure.selection;
      const events = eventNames.length > 0 ? 'events' : `events INDEXED BY ${businessId ? 'events_by_business_time' : 'events_by_time'}`;
      const bucket = bucketOf('ts', measure.interval);
      return measureRows(
        await reader.all(`SELECT ${bucket} AS bucket, ${value} AS value FROM ${events} WHERE workspace_id = ? AND ts >= ? AND ts <= ?${where} GROUP BY bucket`, args),
      );
    },

    async measureRollups(workspaceId, measure: RollupMeasure) {
      const args: SqlArg[] = [workspaceId, measure.from, measure.to, measure.field];
      const where = selectionSql(measure, args);
      const value = measure.field === '' ? 'sum(count)' : 'total(sum)';
      const bucket = bucketOf('hour', measure.interval);
      return measureRows(
        await reader.all(
          `SELECT ${bucket} AS bucket, ${value} AS value FROM event_rollups WHERE workspace_id = ? AND hour >= ? AND hour <= ? AND field = ?${where} GROUP BY bucket`,
          args,
        ),
      );
    },

    async insertSnapshot(workspaceId, snapshot) {
      const query = { source: snapshot.source, from: snapshot.from, to: snapshot.to, interval: snapshot.interval, definition: snapshot.definition };
      const result = { value: snapshot.result, eventCounts: snapshot.eventCounts };
      await store.execute(
        `INSERT INTO metric_snapshots (id, workspace_id, created_at, query, result, source, metric_id, metric_version) VALUES (?, ?, ?, ?, ?, 'definition', ?, ?)`,
        [snapshot.id, workspaceId, snapshot.createdAt, JSON.stringify(query), JSON.stringify(result), snapshot.metricId, snapshot.version],
      );
    },

    async snapshot(workspaceId, id) {
      const found = await rows(`SELECT ${SNAPSHOT_COLUMNS} FROM metric_snapshots WHERE workspace_id = ? AND id = ?`, [workspaceId, id]);
      return found[0] ? snapshotOf(found[0]) : null;
    },

    async latestSnapshot(workspaceId, metricId) {
      const found = await rows(
        `SELECT ${SNAPSHOT_COLUMNS} FROM metric_snapshots WHERE workspace_id = ? AND metric_id = ? ORDER BY created_at DESC, id DESC LIMIT 1`,
        [workspaceId, metricId],
      );
      return found[0] ? snapshotOf(found[0]) : null;
    },

    async snapshots(workspaceId, query: SnapshotListQuery) {
      const args: SqlArg[] = [workspaceId];
      let where = '';
      if (query.metricId !== undefined) (where += ' AND metric_id = ?'), args.push(query.metricId);
      if (query.source === 'definition') where += " AND source = 'definition'";
      if (query.source === 'event_counts') where += ' AND source IS NULL';
      if (query.after) (where += ' AND (created_at < ? OR (created_at = ? AND id < ?))'), args.push(query.after.t, query.after.t, query.after.id);
      args.push(query.limit + 1);
      const found = await rows(`SELECT ${SNAPSHOT_COLUMNS} FROM metric_snapshots WHERE workspace_id = ?${where} ORDER BY created_at DESC, id DESC LIMIT ?`, args);
      return found.map(snapshotOf);
    },
  };
}
