import { DAY_MS, HOUR_MS, WEEK_START_MS } from './event-fields.js';
import type { ProjectScope } from './period-summary.js';
import type { AnalyticsReader } from './reader.js';
import { localTimeSql, offsetRuns } from './time.js';

export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export interface HeatmapCell {
  day: number;
  day_name: string;
  hour: number;
  events: number;
  users: number;
}

function busiest(cells: HeatmapCell[], keyOf: (cell: HeatmapCell) => number): number | null {
  const totals = new Map<number, number>();
  for (const cell of cells) totals.set(keyOf(cell), (totals.get(keyOf(cell)) ?? 0) + cell.events);
  let best: [number, number] | null = null;
  for (const entry of [...totals.entries()].sort((a, b) => a[0] - b[0])) if (!best || entry[1] > best[1]) best = entry;
  return best ? best[0] : null;
}

/**
 * Distinct users per local cell when one UTC offset covers the window: each user/UTC-week-hour row maps
 * to exactly one local cell, so counting rows is counting users. (Windows across a DST change count
 * distinct users from hourly activity instead: exact, slower.)
 */
async function usersByWeekHour(reader: AnalyticsReader, scope: ProjectScope, from: number, offset: number) {
  const rows = await reader.all('SELECT week_hour, count(*) AS n FROM aa_user_week_hours WHERE scope = ? AND last_seen >= ? GROUP BY week_hour', [scope.key, from]);
  const shift = Math.floor(offset / HOUR_MS);
  return rows.map((row) => {
    const local = (((Number(row.week_hour) + shift) % 168) + 168) % 168;
    return { day: Math.floor(local / 24), hour_of_day: local % 24, n: Number(row.n) };
  });
}

/** Exact distinct users per local cell when the window spans a DST change: one sort over hourly activity. */
async function usersAcrossOffsets(reader: AnalyticsReader, scope: ProjectScope, from: number, local: string) {
  const rows = await reader.all(
    `SELECT cell, count(DISTINCT user_id) AS n FROM (SELECT ((${local} - ${WEEK_START_MS}) / ${HOUR_MS}) % 168 AS cell, user_id
     FROM aa_user_hours WHERE scope = ? AND hour >= ?) GROUP BY cell`,
    [scope.key, from],
  );
  return rows.map((row) => ({ day: Math.floor(Number(row.cell) / 24), hour_of_day: Number(row.cell) % 24, n: Number(row.n) }));
}

/**
 * GET /heatmap: events and distinct users by local day of week (0 = Sunday) and hour, in `timezone`
 * (DST-aware, at the hourly grain of the rollups), with the peak cell and the busiest day and hour.
 */
export async function getHeatmap(reader: AnalyticsReader, scope: ProjectScope, from: number, now: number, timezone: string) {
  const runs = offsetRuns(timezone, from, now);
  const local = localTimeSql('hour', runs);
  const cellSql = `((${local} / ${DAY_MS}) + 4) % 7 AS day, (${local} % ${DAY_MS}) / ${HOUR_MS} AS hour_of_day`;
  const where = 'scope = ? AND hour >= ?';
  const args = [scope.key, from];
  const [events, users] = await Promise.all([
    reader.all(`SELECT ${cellSql}, sum(count) AS n FROM aa_counts WHERE ${where} GROUP BY day, hour_of_day`, args),
    runs.length === 1 ? usersByWeekHour(reader, scope, from, runs[0]![1]) : usersAcrossOffsets(reader, scope, from, local),
  ]);
  const usersByCell = new Map(users.map((row) => [`${row.day}:${row.hour_of_day}`, Number(row.n)]));
  const heatmap: HeatmapCell[] = events
    .map((row) => ({
      day: Number(row.day),
      day_name: DAY_NAMES[Number(row.day)]!,
      hour: Number(row.hour_of_day),
      events: Number(row.n),
      users: usersByCell.get(`${row.day}:${row.hour_of_day}`) ?? 0,
    }))
    .filter((cell) => cell.events > 0)
    .sort((a, b) => a.day - b.day || a.hour - b.hour);
  const peak = heatmap.reduce<HeatmapCell | null>((best, cell) => (!best || cell.events > best.events ? cell : best), null);
  const busiestDay = busiest(heatmap, (cell) => cell.day);
  return {
    project: scope.project,
    timezone,
    heatmap,
    peak: peak ? { ...peak } : null,
    busiest_day: busiestDay === null ? null : DAY_NAMES[busiestDay]!,
    busiest_hour: busiest(heatmap, (cell) => cell.hour),
    flags: heatmap.length === 0 ? ['insufficient_heatmap_data'] : [],
  };
}
