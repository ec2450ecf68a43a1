import type { SqlArg, SqlRow } from '../../domain/analytics/reader.js';
import { HOUR_MS } from '../../domain/analytics/event-fields.js';
import type { CoverageWindow, PlanCoverageRepo } from '../../domain/plans/coverage-repo.js';

type Rows = (sql: string, args: SqlArg[]) => Promise<SqlRow[]>;

/**
 * Tracking plan coverage on libSQL. `seen` takes the names of the window's hours from the hourly rollups (field `''`
 * counts every event), then counts each name's events in the exact window through a covering name index, so it reads
 * index entries of the names received, never event bodies. `violations` reads the bodies of the window's events (by
 * time) that carry `context.trackingPlans`, unpacking the notes with json_each: one scan, both groupings.
 */
export function libsqlPlansCoverage(rows: Rows): PlanCoverageRepo {
  return {
    async seen(window: CoverageWindow, limit: number) {
      const business = window.businessId !== undefined;
      const rollupArgs: SqlArg[] = [window.workspaceId, Math.floor(window.from / HOUR_MS) * HOUR_MS, window.to, ...(business ? [window.businessId!] : [])];
      const found = await rows(
        `WITH names AS (
           SELECT DISTINCT event FROM event_rollups
           WHERE workspace_id = ? AND field = '' AND hour >= ? AND hour <= ?${business ? ' AND business_id = ?' : ''}
           ORDER BY event LIMIT ?
         )
         SELECT e.event AS event, count(*) AS n, max(e.ts) AS last_ts
         FROM names CROSS JOIN events AS e INDEXED BY ${business ? 'events_by_business_event' : 'events_by_name'}
           ON e.workspace_id = ? AND e.event = names.event${business ? ' AND e.business_id = ?' : ''} AND e.ts >= ? AND e.ts <= ?
         GROUP BY e.event ORDER BY e.event`,
        [...rollupArgs, limit, window.workspaceId, ...(business ? [window.businessId!] : []), window.from, window.to],
      );
      return found.map((row) => ({ event: String(row.event), count: Number(row.n), lastSeen: Number(row.last_ts) }));
    },
    async violations(window: CoverageWindow, planId: string) {
      const business = window.businessId !== undefined;
      const found = await rows(
        `WITH hits AS MATERIALIZED (
           SELECT e.seq AS seq, e.event AS event, json_extract(v.value, '$.path') AS path
           FROM events AS e INDEXED BY ${business ? 'events_by_business_time' : 'events_by_time'},
             json_each(e.body, '$.context.trackingPlans') AS p,
             json_each(p.value, '$.violations') AS v
           WHERE e.workspace_id = ?${business ? ' AND e.business_id = ?' : ''} AND e.ts >= ? AND e.ts <= ?
             AND instr(e.body, '"trackingPlans"') > 0 AND json_extract(p.value, '$.planId') = ?
         )
         SELECT event, path, count(DISTINCT seq) AS n FROM hits GROUP BY event, path
         UNION ALL
         SELECT event, NULL AS path, count(DISTINCT seq) AS n FROM hits GROUP BY event`,
        [window.workspaceId, ...(business ? [window.businessId!] : []), window.from, window.to, planId],
      );
      return found.map((row) => ({ event: String(row.event), path: row.path === null ? null : String(row.path), events: Number(row.n) }));
    },
  };
}
