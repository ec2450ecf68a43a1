import { z } from 'zod';
import type { MetricSnapshot } from '../../domain/definitions/definitions-repo.js';
import { INTERVALS } from '../../domain/metrics/buckets.js';
import { snapshotDefinition } from './schemas.js';

export const SNAPSHOT_SOURCES = ['definition', 'event_counts'] as const;

const sums = z.record(z.string(), z.number()).describe('Sums of numeric properties.* and outcome.* fields by path.');

/** The fields every snapshot row has, in a list and alone. */
export const snapshotFields = {
  id: z.string().describe('Snapshot id (`snap_…`).'),
  source: z.enum(SNAPSHOT_SOURCES).describe('definition: saved by save_metric_definition_snapshot (or query_metrics with metricId); event_counts: by save_metrics_snapshot.'),
  createdAt: z.number().int(),
  from: z.number().int(),
  to: z.number().int(),
  interval: z.enum(INTERVALS).nullable(),
  metricId: z.string().nullable().describe('The stored definition computed (null: inline, or event counts).'),
  version: z.number().int().nullable().describe('Its version at the time.'),
  value: z.number().nullable().describe("The definition's value over the range as computed then (null for event counts, or a ratio over 0)."),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  totalEvents: z.number().int().nullable().describe('Event counts only: events of every matching name.'),
};

export const snapshotSummary = z.object({
  ...snapshotFields,
  name: z.string().nullable().describe("The definition's name at the time."),
  bucketCount: z.number().int().describe('Buckets stored (get_metric_snapshot pages them).'),
});

export const eventCounts = z.object({
  totalEvents: z.number().int(),
  eventNames: z.array(z.string()).describe('Event names queried; empty = every name.'),
  businessId: z.string().nullable(),
  metrics: z
    .array(z.object({
      event: z.string(),
      count: z.number().int(),
      sums,
      buckets: z.array(z.object({ start: z.number().int(), count: z.number().int(), sums })).optional(),
    }))
    .describe('Per event name, as query_metrics answered it then.'),
});

export const snapshotDetail = {
  ...snapshotFields,
  definition: snapshotDefinition.nullable().describe('The rule computed, as it was (ratio parts with their pinned versions).'),
  eventCounts: eventCounts.nullable().describe('The per-event-name counts stored beside (save_metrics_snapshot; query_metrics with metricId).'),
};

export function summaryOf(snapshot: MetricSnapshot): z.input<typeof snapshotSummary> {
  return {
    ...fieldsOf(snapshot),
    name: snapshot.definition?.name ?? null,
    bucketCount: snapshot.result?.buckets.length ?? 0,
  };
}

export function fieldsOf(snapshot: MetricSnapshot) {
  return {
    id: snapshot.id,
    source: snapshot.source,
    createdAt: snapshot.createdAt,
    from: snapshot.from,
    to: snapshot.to,
    interval: snapshot.interval,
    metricId: snapshot.metricId,
    version: snapshot.version,
    value: snapshot.result?.value ?? null,
    numerator: snapshot.result?.numerator ?? null,
    denominator: snapshot.result?.denominator ?? null,
    totalEvents: snapshot.eventCounts?.totalEvents ?? null,
  };
}
