import type { PlanVersion } from './plan.js';
import type { SeenEvent, ViolationCount } from './coverage-repo.js';

export const COVERAGE_STATUSES = ['ok', 'violations', 'unseen', 'unplanned'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

/** Most field paths one coverage row lists (the most frequent first); the rest are counted in `otherFields`. */
export const COVERAGE_FIELDS_PER_EVENT = 20;
/** Most distinct event names one coverage read takes from the window. */
export const COVERAGE_MAX_NAMES = 10_000;

export interface CoverageRow {
  event: string;
  status: CoverageStatus;
  planned: boolean;
  received: number;
  lastSeen: number | null;
  violatingEvents: number;
  fields: Array<{ path: string; events: number }>;
  otherFields: number;
}

export interface CoverageSummary {
  plannedEvents: number;
  plannedSeen: number;
  plannedUnseen: number;
  unplannedSeen: number;
  received: number;
  receivedUnplanned: number;
  violatingEvents: number;
}

const byCountThenPath = (a: { path: string; events: number }, b: { path: string; events: number }) =>
  b.events - a.events || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * One row per event name the plan lists or the window received, in name order: `unplanned` (received, not in the
 * plan), `unseen` (planned, never received), `violations` (planned, received, some with violations) or `ok`.
 */
export function coverageRows(version: PlanVersion, seen: readonly SeenEvent[], violations: readonly ViolationCount[]): { rows: CoverageRow[]; summary: CoverageSummary } {
  const planned = new Set(version.events.map((event) => event.name));
  const received = new Map(seen.map((entry) => [entry.event, entry]));
  const violating = new Map<string, number>();
  const fields = new Map<string, Array<{ path: string; events: number }>>();
  for (const count of violations) {
    if (count.path === null) violating.set(count.event, count.events);
    else (fields.get(count.event) ?? fields.set(count.event, []).get(count.event)!).push({ path: count.path, events: count.events });
  }
  const names = [...new Set([...planned, ...received.keys()])].sort();
  const summary: CoverageSummary = { plannedEvents: planned.size, plannedSeen: 0, plannedUnseen: 0, unplannedSeen: 0, received: 0, receivedUnplanned: 0, violatingEvents: 0 };
  const rows = names.map((event): CoverageRow => {
    const isPlanned = planned.has(event);
    const got = received.get(event);
    const bad = violating.get(event) ?? 0;
    const paths = (fields.get(event) ?? []).sort(byCountThenPath);
    const status: CoverageStatus = !isPlanned ? 'unplanned' : !got ? 'unseen' : bad > 0 ? 'violations' : 'ok';
    summary.received += got?.count ?? 0;
    summary.violatingEvents += bad;
    if (isPlanned) (got ? summary.plannedSeen++ : summary.plannedUnseen++);
    else (summary.unplannedSeen++, (summary.receivedUnplanned += got?.count ?? 0));
    return {
      event,
      status,
      planned: isPlanned,
      received: got?.count ?? 0,
      lastSeen: got ? got.lastSeen : null,
      violatingEvents: bad,
      fields: paths.slice(0, COVERAGE_FIELDS_PER_EVENT),
      otherFields: Math.max(0, paths.length - COVERAGE_FIELDS_PER_EVENT),
    };
  });
  return { rows, summary };
}
