import { z } from 'zod';
import type { Evaluated, PartInput, RuleInput, Target } from '../../domain/definitions/definitions-service.js';
import {
  FIELD_FORMS, FILTER_OPS, filterIssue, METRIC_KINDS, PART_KINDS, SUM_FIELD, type MeasureRule, type MetricDefinition, type MetricFilter,
} from '../../domain/definitions/rule.js';
import { INTERVALS } from '../../domain/metrics/buckets.js';
import { decodeCursor, encodeCursor } from '../paging.js';

export const metricId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a slug: lower-case letters, digits, dots, dashes or underscores, at most 64')
  .describe('Metric definition id, a slug unique in the workspace, e.g. `revenue` or `orders.count`.');

export const version = z.number().int().min(1).describe('Version (default: the latest).');

export const filter = z
  .object({
    field: z.string().min(1).max(400).describe(`${FIELD_FORMS}.`),
    op: z.enum(FILTER_OPS).describe('neq and not_in also keep events without the field; exists/not_exists take no value. Types are strict: 5 is not "5".'),
    value: z.union([z.string().max(1000), z.number(), z.boolean(), z.array(z.union([z.string().max(1000), z.number()])).max(100)]).optional().describe('A list for in/not_in.'),
  })
  .superRefine((value, ctx) => {
    const issue = filterIssue(value as MetricFilter);
    if (issue) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  })
  .meta({ id: 'MetricFilter' });

const eventName = z.string().min(1).max(200);

/** Which events a measure reads; shared by a definition and a ratio's inline parts. */
const selectionFields = {
  eventNames: z.array(eventName).max(50).optional().describe('Only events of these names (default: all).'),
  businessId: z.string().min(1).max(256).optional().describe('Only events of this business (default: all).'),
  filters: z.array(filter).max(20).optional().describe('Conditions every event read meets (AND).'),
  property: z
    .string()
    .regex(SUM_FIELD, 'must be properties.<key> or outcome.<key>, up to six keys deep (e.g. properties.revenue, properties.order.total)')
    .optional()
    .describe('Sum only: a numeric field, e.g. properties.revenue.'),
};

export const ratioPart = z
  .object({
    metricId: metricId.optional().describe('Another non-ratio definition, pinned to its latest version (or `version`).'),
    version: version.optional(),
    kind: z.enum(PART_KINDS).optional().describe('Or an inline measure of this kind.'),
    ...selectionFields,
  })
  .superRefine((value, ctx) => {
    if ((value.metricId === undefined) === (value.kind === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['metricId'], message: 'give either metricId (another definition) or kind (an inline measure)' });
      return;
    }
    const inline = ['eventNames', 'businessId', 'filters', 'property'] as const;
    if (value.metricId !== undefined) {
      for (const field of inline) if (value[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is set on the referenced definition, not here' });
    } else if (value.version !== undefined) ctx.addIssue({ code: 'custom', path: ['version'], message: 'is only for a metricId reference' });
  })
  .meta({ id: 'MetricRatioPart' });

/** The fields of a rule (what a definition computes), as create_metric_definition and inline queries take them. */
export const ruleFields = {
  kind: z.enum(METRIC_KINDS).describe('unique_actors counts distinct actor ids; ratio is numerator / denominator.'),
  ...selectionFields,
  numerator: ratioPart.optional().describe('Ratio only.'),
  denominator: ratioPart.optional().describe('Ratio only; where it is 0 the value is null.'),
  unit: z.string().min(1).max(32).optional().describe('Unit for readers, e.g. orders, %.'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD').optional().describe('ISO 4217 code, e.g. USD.'),
};

type SelectionInput = { eventNames?: string[] | undefined; businessId?: string | undefined; filters?: MetricFilter[] | undefined; property?: string | undefined };
type PartSent = z.output<typeof ratioPart>;

export const eventNamesOf = (input: { eventNames?: string[] | undefined }): string[] => [...new Set(input.eventNames ?? [])];

function selectionOf(input: SelectionInput): Omit<MeasureRule, 'kind'> {
  return { eventNames: eventNamesOf(input), businessId: input.businessId ?? null, filters: input.filters ?? [], property: input.property ?? null };
}

export function partOf(part: PartSent | undefined): PartInput | null {
  if (!part) return null;
  if (part.metricId !== undefined) return { metricId: part.metricId, version: part.version };
  return { kind: part.kind!, ...selectionOf(part) };
}

/** A rule input (as parsed) in the service's terms. */
export function ruleOf(input: SelectionInput & { kind: RuleInput['kind']; numerator?: PartSent | undefined; denominator?: PartSent | undefined; unit?: string | undefined; currency?: string | undefined }): RuleInput {
  return {
    kind: input.kind, ...selectionOf(input), numerator: partOf(input.numerator), denominator: partOf(input.denominator),
    unit: input.unit ?? null, currency: input.currency ?? null,
  };
}

const filterOut = z.object({ field: z.string(), op: z.enum(FILTER_OPS), value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]).optional() });

const measureOut = {
  eventNames: z.array(z.string()).describe('Event names read; empty = every name.'),
  businessId: z.string().nullable(),
  filters: z.array(filterOut),
  property: z.string().nullable().describe('The summed field (sum only).'),
};

const partOut = z.object({
  metricId: z.string().nullable().describe('The definition this part was taken from (null: inline).'),
  version: z.number().int().nullable().describe('Its version, pinned when the ratio version was saved.'),
  kind: z.enum(PART_KINDS),
  ...measureOut,
});

/** A rule as stored (ratio parts resolved), shared by definitions and snapshots. */
const ruleOut = {
  kind: z.enum(METRIC_KINDS),
  ...measureOut,
  numerator: partOut.nullable(),
  denominator: partOut.nullable(),
  unit: z.string().nullable(),
  currency: z.string().nullable(),
};

export const definition = z
  .object({
    id: z.string(),
    version: z.number().int().describe('This version; versions never change, an update adds the next.'),
    latestVersion: z.number().int(),
    name: z.string(),
    description: z.string().nullable(),
    ...ruleOut,
    createdAt: z.number().int().describe('When version 1 was saved.'),
    versionCreatedAt: z.number().int().describe('When this version was saved.'),
  })
  .meta({ id: 'MetricDefinition' });

export const definitionOutput = (value: MetricDefinition): z.input<typeof definition> => value;

/** The rule a snapshot was computed with (an inline one has no id, version or name). */
export const snapshotDefinition = z.object({
  id: z.string().nullable(),
  version: z.number().int().nullable(),
  name: z.string().nullable(),
  description: z.string().nullable(),
  ...ruleOut,
});

export const bucket = z.object({
  start: z.number().int().describe('UTC start of the bucket, ms.'),
  value: z.number().nullable().describe('The value in this bucket (0 when no event); a ratio whose denominator is 0 here is null.'),
  numerator: z.number().optional().describe('Ratio only.'),
  denominator: z.number().optional().describe('Ratio only.'),
});

/** The value of a definition over a range, without the definition's own fields. */
export const valueFields = {
  from: z.number().int(),
  to: z.number().int(),
  interval: z.enum(INTERVALS).nullable(),
  value: z.number().nullable().describe('Over the whole range: the count, sum or distinct actors (not the sum of bucket values), or the ratio (null when its denominator is 0).'),
  numerator: z.number().nullable().describe('Ratio only: the numerator over the range.'),
  denominator: z.number().nullable().describe('Ratio only: the denominator over the range.'),
};

/** A bucket cursor: the start of the last bucket read. */
const bucketCursorShape = z.strictObject({ b: z.number().int() });
export const bucketCursor = (start: number): string => encodeCursor({ b: start });
export const readBucketCursor = (cursor: string | undefined): number | undefined => (cursor === undefined ? undefined : decodeCursor(cursor, bucketCursorShape).b);

/** A page of buckets after the cursor's bucket, as answer rows (ratio fields only on ratios). */
export function bucketPage(
  buckets: ReadonlyArray<{ start: number; value: number | null; numerator: number | null; denominator: number | null }>,
  cursor: string | undefined,
  limit: number,
): { buckets: Array<z.input<typeof bucket>>; nextCursor: string | null } {
  const after = readBucketCursor(cursor);
  const rest = after === undefined ? buckets : buckets.filter((row) => row.start > after);
  const rows = rest.slice(0, limit).map(({ start, value, numerator, denominator }) =>
    numerator === null || denominator === null ? { start, value } : { start, value, numerator, denominator });
  return { buckets: rows, nextCursor: rest.length > limit ? bucketCursor(rows.at(-1)!.start) : null };
}

/** What query_metric_definition and save_metric_definition_snapshot compute: a stored definition or an inline one. */
export const targetFields = {
  metricId: metricId.optional().describe('The stored definition (or give `definition`).'),
  version: version.optional(),
  definition: z.object(ruleFields).optional().describe('An inline definition, not stored (fields of create_metric_definition).'),
  interval: z.enum(INTERVALS).optional().describe('Bucket by this UTC interval (weeks start Monday).'),
};

type TargetInput = { metricId?: string | undefined; version?: number | undefined; definition?: z.output<z.ZodObject<typeof ruleFields>> | undefined };

/** Exactly one of `metricId` and `definition`; `version` only beside `metricId`. For the tools' superRefine. */
export function checkTarget(value: TargetInput, ctx: z.RefinementCtx): void {
  if ((value.metricId === undefined) === (value.definition === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['metricId'], message: 'give either metricId (a stored definition) or definition (an inline one)' });
  } else if (value.version !== undefined && value.metricId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['version'], message: 'is only for a stored definition (metricId)' });
  }
}

/** The service's target of a checked input. */
export function targetOf(value: TargetInput): Target {
  return value.metricId !== undefined ? { metricId: value.metricId, version: value.version } : { rule: ruleOf(value.definition!), path: 'definition.' };
}

/** A definition's value beside query_metrics' counts (`metricId` there): every bucket, not paged. */
export const definitionValue = z
  .object({
    metricId: z.string(),
    version: z.number().int(),
    name: z.string().nullable(),
    kind: z.enum(METRIC_KINDS),
    unit: z.string().nullable(),
    currency: z.string().nullable(),
    value: valueFields.value,
    numerator: valueFields.numerator,
    denominator: valueFields.denominator,
    buckets: z.array(bucket).describe('Every bucket of the range when `interval` is set (empty ones at 0), else empty.'),
  })
  .meta({ id: 'MetricDefinitionValue' });

/** The event names a definition reads ([] = every name: a part or the rule reads them all). */
export function eventNamesRead(rule: { kind: string; eventNames: string[]; numerator: { eventNames: string[] } | null; denominator: { eventNames: string[] } | null }): string[] {
  const lists = rule.kind === 'ratio' ? [rule.numerator!.eventNames, rule.denominator!.eventNames] : [rule.eventNames];
  return lists.some((names) => names.length === 0) ? [] : [...new Set(lists.flat())];
}

/** The `definition` field of query_metrics and save_metrics_snapshot. */
export function definitionValueOf(evaluated: Evaluated): z.input<typeof definitionValue> {
  const { definition, value } = evaluated;
  return {
    metricId: definition.id!, version: definition.version!, name: definition.name, kind: definition.kind, unit: definition.unit, currency: definition.currency,
    value: value.value, numerator: value.numerator, denominator: value.denominator,
    buckets: bucketPage(value.buckets, undefined, Number.MAX_SAFE_INTEGER).buckets,
  };
}
