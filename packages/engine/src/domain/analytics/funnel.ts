import { HOUR_MS } from './event-fields.js';
import { ratio, round, type ProjectScope } from './period-summary.js';
import type { AnalyticsReader, SqlArg, SqlRow } from './reader.js';
import { propertyTextSql } from './breakdown.js';
import { isDimension } from './event-fields.js';

export const FILTER_OPS = ['eq', 'neq', 'contains'] as const;

export interface FunnelStepInput {
  event: string;
  filters?: Array<{ property: string; op: (typeof FILTER_OPS)[number]; value: string }> | undefined;
}

export interface FunnelInput {
  steps: FunnelStepInput[];
  from: number;
  now: number;
  conversionWindowHours: number;
  countBy: 'user_id' | 'session_id';
  breakdown?: string | undefined;
  breakdownLimit: number;
}

function filterSql(step: FunnelStepInput, args: SqlArg[]): string {
  return (step.filters ?? [])
    .map((filter) => {
      const value = `json_extract(e.body, '$.properties.${filter.property}')`;
      args.push(filter.value);
      if (filter.op === 'eq') return ` AND CAST(${value} AS TEXT) = ?`;
      if (filter.op === 'neq') return ` AND (${value} IS NULL OR CAST(${value} AS TEXT) != ?)`;
      return ` AND instr(CAST(${value} AS TEXT), ?) > 0`;
    })
    .join('');
}

function stepsOf(input: FunnelInput, row: SqlRow | undefined) {
  const counts = input.steps.map((_, index) => Number(row?.[`c${index}`] ?? 0));
  const steps = input.steps.map((step, index) => {
    const users = counts[index]!;
    const previous = index === 0 ? users : counts[index - 1]!;
    const conversion = index === 0 ? (users > 0 ? 1 : 0) : round(ratio(users, previous), 3);
    const next = row?.[`d${index}`];
    return {
      step: index + 1,
      event: step.event,
      users,
      conversion_rate: conversion,
      drop_off_rate: index === 0 || previous === 0 ? 0 : round(1 - ratio(users, previous), 3),
      avg_time_to_next_ms: index === input.steps.length - 1 || next === null || next === undefined ? null : Math.round(Number(next)),
    };
  });
  return { steps, overall_conversion_rate: round(ratio(counts[counts.length - 1]!, counts[0]!), 3) };
}

/**
 * POST /funnel: each user (or session) enters at their first step-1 event since `from`; later steps count
 * when they happen in order, at or after the previous step, within the conversion window of entry.
 * One SQL statement over the events index; `breakdown` reads the property from the entering event.
 */
export async function analyzeFunnel(reader: AnalyticsReader, scope: ProjectScope, input: FunnelInput) {
  const windowMs = input.conversionWindowHours * HOUR_MS;
  const actor = input.countBy === 'user_id' ? 'actor_id' : 'session_id';
  const args: SqlArg[] = [];
  const first = input.steps[0]!;
  // Per-user lookups walk the user's own events in ts order (events_by_actor, which also holds each event's
  // name and business) and stop at the first match.
  const byUser = actor === 'actor_id' ? ' INDEXED BY events_by_actor' : '';
  const lookup = `(SELECT ${propertyTextSql(input.breakdown ?? '', 'x.body')} FROM events x${byUser} WHERE x.workspace_id = ? AND x.business_id = ?
        AND x.event = ? AND x.ts = s.t AND x.${actor} = s.actor LIMIT 1)`;
  // A dimension of an entrant's very first step-1 event is kept on ingest; other values are read from the event.
  const breakdownSql = input.breakdown ? `CASE WHEN s.first_in = 1 THEN s.dim ELSE ${lookup} END` : 'NULL';
  const dimSql = input.breakdown && isDimension(input.breakdown) ? `u.first_dims ->> '$.${input.breakdown}'` : 'NULL';
  const fromRollup = actor === 'actor_id' && (first.filters ?? []).length === 0;
  const firstArgs: SqlArg[] = fromRollup
    ? [input.from, scope.workspaceId, scope.projectId, first.event, input.from, input.from, scope.key, first.event, input.from, input.now]
    : [scope.workspaceId, scope.projectId, first.event, input.from, input.now];
  // Entrants: users seen doing step 1 since `from` (kept on ingest); their entry is their first step-1
  // event, read from the rollup when it lies in the window, else sought in the events index.
  const entrants = fromRollup
    ? `(SELECT * FROM (SELECT u.user_id AS actor, CASE WHEN u.first_seen >= ? THEN u.first_seen ELSE
          (SELECT x.ts FROM events x INDEXED BY events_by_actor WHERE x.workspace_id = ? AND x.business_id = ? AND x.event = ? AND x.actor_id = u.user_id
            AND x.ts >= ? ORDER BY x.ts LIMIT 1) END AS t,
          u.first_seen >= ? AND ${dimSql === 'NULL' ? '0' : '1'} AS first_in, ${dimSql} AS dim
        FROM aa_event_users u WHERE u.scope = ? AND u.event = ? AND u.last_seen >= ?) WHERE t <= ?)`
    : `(SELECT e.${actor} AS actor, min(e.ts) AS t, 0 AS first_in, NULL AS dim FROM events e WHERE e.workspace_id = ? AND e.business_id = ? AND e.event = ?
        AND e.ts >= ? AND e.ts <= ? AND e.${actor} IS NOT NULL${filterSql(first, firstArgs)} GROUP BY e.${actor})`;
  const ctes = [`s0 AS MATERIALIZED (SELECT s.actor, s.t, s.t AS entered, ${breakdownSql} AS value FROM ${entrants} s)`];
  if (input.breakdown) args.push(scope.workspaceId, scope.projectId, first.event);
  args.push(...firstArgs);
  for (let index = 1; index < input.steps.length; index += 1) {
    const step = input.steps[index]!;
    const after = step.event === input.steps[index - 1]!.event ? '>' : '>=';
    if (fromRollup && (step.filters ?? []).length === 0) {
      // A user whose first step event ever (kept on ingest) comes after their previous step took this step
      // then; only the others seek their events, from the previous step to the end of the window.
      args.push(scope.workspaceId, scope.projectId, step.event, windowMs, scope.key, step.event, input.from, input.now + windowMs, windowMs);
      ctes.push(
        `s${index} AS MATERIALIZED (SELECT actor, entered, t FROM (SELECT p.actor AS actor, p.entered AS entered,
          CASE WHEN u.first_seen ${after} p.t THEN u.first_seen ELSE (SELECT e.ts FROM events e${byUser} WHERE e.workspace_id = ?
            AND e.actor_id = p.actor AND e.business_id = ? AND e.event = ? AND e.ts ${after} p.t AND e.ts <= p.entered + ? ORDER BY e.ts LIMIT 1) END AS t
          FROM s${index - 1} p JOIN aa_event_users u ON u.scope = ? AND u.event = ? AND u.user_id = p.actor WHERE u.last_seen ${after} p.t)
        WHERE t >= ? AND t <= ? AND t <= entered + ?)`,
      );
      continue;
    }
    args.push(scope.workspaceId, scope.projectId, step.event, input.from, input.now + windowMs, windowMs);
    const filters = filterSql(step, args);
    // Users: each entrant seeks its own events from its previous step on, in the (actor, ts) index. Sessions
    // have no such index, so the step's events are scanned once and probe the previous step instead.
    const join = actor === 'actor_id' ? `s${index - 1} p CROSS JOIN events e${byUser}` : `events e CROSS JOIN s${index - 1} p`;
    ctes.push(
      `s${index} AS MATERIALIZED (SELECT p.actor AS actor, p.entered AS entered, min(e.ts) AS t FROM ${join}
        ON e.${actor} = p.actor WHERE e.workspace_id = ? AND e.business_id = ? AND e.event = ? AND e.ts >= ? AND e.ts <= ?
        AND e.ts ${after} p.t AND e.ts <= p.entered + ?${filters} GROUP BY p.actor)`,
    );
  }
  const counts = input.steps.map((_, index) => (index === 0 ? 'count(*) AS c0' : `count(s${index}.actor) AS c${index}`));
  const durations = input.steps.slice(1).map((_, index) => `avg(s${index + 1}.t - s${index}.t) AS d${index}`);
  const joins = input.steps.slice(1).map((_, index) => `LEFT JOIN s${index + 1} ON s${index + 1}.actor = s0.actor`).join(' ');
  const rows = await reader.all(
    `WITH ${ctes.join(',\n')} SELECT s0.value AS value, ${[...counts, ...durations].join(', ')} FROM s0 ${joins} GROUP BY s0.value`,
    args,
  );
  const total: SqlRow = {};
  for (const row of rows) {
    input.steps.forEach((_, index) => {
      const count = Number(row[`c${index}`] ?? 0);
      total[`c${index}`] = Number(total[`c${index}`] ?? 0) + count;
      const next = row[`d${index}`];
      if (next !== null && next !== undefined) {
        const reached = Number(row[`c${index + 1}`] ?? 0);
        total[`s${index}`] = Number(total[`s${index}`] ?? 0) + Number(next) * reached;
      }
    });
  }
  input.steps.forEach((_, index) => {
    const reached = Number(total[`c${index + 1}`] ?? 0);
    total[`d${index}`] = reached > 0 ? Number(total[`s${index}`] ?? 0) / reached : null;
  });
  const result = { project: scope.project, ...stepsOf(input, total) };
  if (!input.breakdown) return result;
  const breakdowns = rows
    .map((row) => ({ value: row.value === null ? null : String(row.value), ...stepsOf(input, row) }))
    .sort((a, b) => b.steps[0]!.users - a.steps[0]!.users || String(a.value).localeCompare(String(b.value)))
    .slice(0, input.breakdownLimit);
  return { ...result, breakdown: input.breakdown, breakdowns };
}
