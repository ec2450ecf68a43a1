import { z } from 'zod';
import { COVERAGE_FIELDS_PER_EVENT, COVERAGE_STATUSES } from '../../domain/plans/coverage.js';
import { defineTool } from '../../tool/define-tool.js';
import { nameCursor, pageInput, pageOutput, readNameCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { resolveRange, timeInput } from '../time-input.js';

const row = z.object({
  event: z.string().describe('Event name.'),
  status: z
    .enum(COVERAGE_STATUSES)
    .describe('unplanned: received but not in the plan; unseen: planned, never received in the window; violations: received, some with violations; ok: received, none noted.'),
  planned: z.boolean().describe('Whether the plan lists this event.'),
  received: z.number().int().describe('Events of this name stored in the window.'),
  lastSeen: z.string().nullable().describe('Timestamp of the latest one (ISO 8601), null when none.'),
  violatingEvents: z.number().int().describe('Stored events of this name with at least one violation of this plan (warn plans note them; block plans store none).'),
  fields: z
    .array(z.object({ path: z.string().describe('Field path (properties.sku, actor.type, event).'), events: z.number().int().describe('Events with a violation at this path.') }))
    .describe(`Violations by field path, most frequent first (at most ${COVERAGE_FIELDS_PER_EVENT}).`),
  otherFields: z.number().int().describe('Further violated paths not listed in `fields`.'),
});

const summary = z.object({
  plannedEvents: z.number().int().describe('Events the plan lists.'),
  plannedSeen: z.number().int().describe('Planned events received at least once in the window.'),
  plannedUnseen: z.number().int().describe('Planned events never received in the window.'),
  unplannedSeen: z.number().int().describe('Distinct event names received that the plan lacks.'),
  received: z.number().int().describe('Events received in the window (every name).'),
  receivedUnplanned: z.number().int().describe('Of those, events whose name the plan lacks.'),
  violatingEvents: z.number().int().describe('Stored events with at least one violation of this plan.'),
});

export const getTrackingPlanCoverage = defineTool({
  name: 'get_tracking_plan_coverage',
  title: 'Get tracking plan coverage',
  description:
    'How the events actually received in a time window (default: the last 30 days) match a tracking plan: events seen ' +
    'that the plan lacks (`unplanned`), planned events never seen (`unseen`), and violation counts by event and field ' +
    'path (noted on stored events by warn plans, any version). Totals in `summary`; one row per event name in name ' +
    'order, filter them with `status`. Use get_tracking_plan for the plan itself, update_tracking_plan to add the ' +
    'unplanned events or fix schemas, get_event_catalog for property keys actually sent. Pass `nextCursor` as `cursor` ' +
    'for the next page.',
  toolset: 'plans',
  input: z.object({
    id: z.string().min(1).max(200).describe('Plan id (from create_tracking_plan or list_tracking_plans).'),
    since: timeInput('Start of the window (inclusive); default 30 days before `until`.').optional(),
    until: timeInput('End of the window (inclusive; a bare date means the end of that UTC day); default now.').optional(),
    businessId: z.string().min(1).max(200).optional().describe("Only this business's events (for a plan of every business); a business plan reads its own business."),
    status: z.array(z.enum(COVERAGE_STATUSES)).min(1).max(4).optional().describe('Only rows of these statuses (e.g. ["unplanned","unseen"]); default every row.'),
    ...pageInput(100, 500),
  }),
  output: z.object({
    planId: z.string().describe('Plan id.'),
    version: z.number().int().describe('The plan version compared (the current one).'),
    businessId: z.string().nullable().describe('The business read, or null for every business.'),
    since: z.string().describe('Window start (ISO 8601).'),
    until: z.string().describe('Window end (ISO 8601).'),
    summary: summary.describe('Totals over the whole window and every row (not only this page).'),
    events: z.array(row).describe('One row per event name, in name order.'),
    ...pageOutput(),
  }),
  page: { rows: 'events', cursorKey: 'nextCursor', cursorAfter: (entry) => nameCursor(entry.event) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'roast-origin' }, { id: 'roast-origin', since: '7d', status: ['unplanned', 'violations'], limit: 20 }],
  async handler(input, ctx) {
    const { from, to } = resolveRange({ from: input.since, to: input.until }, ctx.clock(), 30, { from: 'since', to: 'until' });
    const after = readNameCursor(input.cursor);
    const found = await ctx.services.plans.coverage(ctx.principal.workspaceId, input.id, { from, to, businessId: input.businessId });
    const wanted = input.status ? new Set(input.status) : undefined;
    const rows = found.rows.filter((entry) => (wanted === undefined || wanted.has(entry.status)) && (after === undefined || entry.event > after));
    const page = rows.slice(0, input.limit);
    return {
      planId: found.plan.id,
      version: found.version.version,
      businessId: found.businessId,
      since: new Date(from).toISOString(),
      until: new Date(to).toISOString(),
      summary: found.summary,
      events: page.map((entry) => ({ ...entry, lastSeen: entry.lastSeen === null ? null : new Date(entry.lastSeen).toISOString() })),
      nextCursor: rows.length > input.limit && page.length > 0 ? nameCursor(page.at(-1)!.event) : null,
    };
  },
});
