import { DAY_MS, isDimension, MAX_ROLLUP_VALUE_LENGTH } from './event-fields.js';
import { scopeArgs, type ProjectScope } from './period-summary.js';
import type { AnalyticsReader, SqlArg } from './reader.js';

export const PROPERTY_KEY = /^[A-Za-z0-9_]{1,128}$/;

/** SQL for a property's value as rollup text: scalars only, booleans as `true`/`false`, cut to the rollup length. */
export function propertyTextSql(key: string, body = 'body'): string {
  const path = `'$.properties.${key}'`;
  return `(CASE json_type(${body}, ${path}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
    WHEN 'text' THEN substr(json_extract(${body}, ${path}), 1, ${MAX_ROLLUP_VALUE_LENGTH})
    WHEN 'integer' THEN CAST(json_extract(${body}, ${path}) AS TEXT) WHEN 'real' THEN CAST(json_extract(${body}, ${path}) AS TEXT) END)`;
}

export interface ValueRow {
  value: string;
  count: number;
  unique_users: number;
}

/**
 * GET /breakdown: top values of one property. Dimension keys (path, referrer, country, UTM, device...)
 * come from rollups kept on ingest, plus raw events for the partial first day; other keys scan raw events.
 */
export async function getBreakdown(
  reader: AnalyticsReader,
  scope: ProjectScope,
  input: { property: string; event?: string | undefined; from: number; limit: number },
) {
  const { property, event, from, limit } = input;
  const eventSql = event === undefined ? '' : ' AND event = ?';
  const eventArgs: SqlArg[] = event === undefined ? [] : [event];
  const totalRows = await reader.all(
    `SELECT coalesce(sum(count), 0) AS n FROM aa_counts WHERE scope = ? AND hour >= ?${eventSql}`,
    [scope.key, from, ...eventArgs],
  );
  const values = isDimension(property)
    ? await fromRollups(reader, scope, property, eventSql, eventArgs, from)
    : await fromEvents(reader, scope, property, eventSql, eventArgs, from);
  values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return {
    project: scope.project,
    property,
    event: event ?? null,
    values: values.slice(0, limit),
    total_events: Number(totalRows[0]?.n ?? 0),
    total_with_property: values.reduce((total, row) => total + row.count, 0),
  };
}

async function fromRollups(reader: AnalyticsReader, scope: ProjectScope, key: string, eventSql: string, eventArgs: SqlArg[], from: number): Promise<ValueRow[]> {
  const firstFullDay = Math.ceil(from / DAY_MS) * DAY_MS;
  const [days, partial, users] = await Promise.all([
    reader.all(
      `SELECT value, sum(count) AS n FROM aa_value_days WHERE scope = ? AND key = ? AND day >= ?${eventSql} GROUP BY value`,
      [scope.key, key, firstFullDay, ...eventArgs],
    ),
    firstFullDay > from
      ? reader.all(
          `SELECT ${propertyTextSql(key)} AS value, count(*) AS n FROM events
           WHERE workspace_id = ? AND business_id = ? AND ts >= ? AND ts < ?${eventSql} AND value IS NOT NULL GROUP BY value`,
          [...scopeArgs(scope), from, firstFullDay, ...eventArgs],
        )
      : Promise.resolve([]),
    // Rows are ordered by (value, user): grouping by both, then by value, streams without sorting.
    reader.all(
      `SELECT value, count(*) AS n FROM (SELECT value, user_id FROM aa_value_users
       WHERE scope = ? AND key = ? AND last_seen >= ?${eventSql} GROUP BY value, user_id) GROUP BY value`,
      [scope.key, key, from, ...eventArgs],
    ),
  ]);
  const byValue = new Map<string, ValueRow>();
  for (const row of [...days, ...partial]) {
    const value = String(row.value);
    const entry = byValue.get(value);
    if (entry) entry.count += Number(row.n);
    else byValue.set(value, { value, count: Number(row.n), unique_users: 0 });
  }
  for (const row of users) {
    const entry = byValue.get(String(row.value));
    if (entry) entry.unique_users = Number(row.n);
  }
  return [...byValue.values()];
}

async function fromEvents(reader: AnalyticsReader, scope: ProjectScope, key: string, eventSql: string, eventArgs: SqlArg[], from: number): Promise<ValueRow[]> {
  const rows = await reader.all(
    `SELECT ${propertyTextSql(key)} AS value, count(*) AS n, count(DISTINCT actor_id) AS users FROM events
     WHERE workspace_id = ? AND business_id = ? AND ts >= ?${eventSql} AND value IS NOT NULL GROUP BY value`,
    [...scopeArgs(scope), from, ...eventArgs],
  );
  return rows.map((row) => ({ value: String(row.value), count: Number(row.n), unique_users: Number(row.users) }));
}
