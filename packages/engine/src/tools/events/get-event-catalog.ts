import { z } from 'zod';
import { PROPERTY_KEY_SAMPLE } from '../../domain/events/event-catalog.js';
import { resolveProject } from '../../domain/projects/project-lookup.js';
import { defineTool } from '../../tool/define-tool.js';
import { nameCursor, pageInput, pageOutput, readNameCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';

export const catalogEntry = z
  .object({
    event: z.string(),
    count: z.number().int().describe('Events of this name kept (within the retention window).'),
    lastSeen: z.number().int().describe('Timestamp of the latest one, ms since epoch.'),
    propertyKeys: z
      .array(z.string())
      .describe(`Keys of \`properties\` on its latest events (up to ${PROPERTY_KEY_SAMPLE}, within the hour of the latest), sorted.`),
  })
  .meta({ id: 'EventCatalogEntry' });

export const getEventCatalog = defineTool({
  name: 'get_event_catalog',
  title: 'Event catalog',
  description:
    'The event names this workspace (or one project) has received, in name order: for each, how many are kept, when ' +
    'the latest arrived and the property keys it carries. Use it before query_events, query_metrics, a funnel or a ' +
    'breakdown to learn the exact names and keys. `prefix` narrows the names; pass `nextCursor` as `cursor` for more.',
  toolset: 'events',
  input: z.object({
    project: z.string().min(1).max(256).optional().describe('Only this project\'s events (id or name); default: the whole workspace.'),
    prefix: z.string().min(1).max(256).optional().describe('Only names that start with this (case-sensitive), e.g. `order.`.'),
    ...pageInput(100, 500),
  }),
  output: z.object({
    project: z.string().nullable().describe('The project id the catalog covers, or null for the whole workspace.'),
    events: z.array(catalogEntry),
    ...pageOutput(),
  }),
  // Names in name order: a page continues after the last name (keyset).
  page: { rows: 'events', cursorKey: 'nextCursor', cursorAfter: (row) => nameCursor(row.event) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}, { project: 'my-site', prefix: 'page' }],
  async handler(input, ctx) {
    const bound = input.project !== undefined || ctx.principal.projectId !== undefined;
    const project = bound ? await resolveProject(ctx.services.store, ctx.principal, input.project) : undefined;
    const page = await ctx.services.events.catalog(ctx.principal.workspaceId, {
      businessId: project?.id,
      prefix: input.prefix,
      limit: input.limit,
      after: readNameCursor(input.cursor),
    });
    const last = page.events.at(-1);
    return { project: project?.id ?? null, events: page.events, nextCursor: page.more && last ? nameCursor(last.event) : null };
  },
});
