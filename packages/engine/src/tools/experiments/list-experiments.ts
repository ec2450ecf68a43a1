import { z } from 'zod';
import { EXPERIMENT_STATUSES } from '../../domain/experiments/experiments-service.js';
import { resolveProject } from '../../domain/projects/project-lookup.js';
import { defineTool } from '../../tool/define-tool.js';
import { keysetCursor, pageInput, pageOutput, readKeysetCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { projectIdentifier } from '../projects/schemas.js';
import { experiment, experimentOutput } from './schemas.js';

export const listExperiments = defineTool({
  name: 'list_experiments',
  title: 'List experiments',
  description:
    'Experiments of a project, oldest first, with live results per variant (see get_experiment for what they mean). ' +
    'Pass `next_cursor` as `cursor` for more experiments.',
  toolset: 'experiments',
  input: z.object({
    project: projectIdentifier,
    status: z.enum(EXPERIMENT_STATUSES).optional().describe('Only experiments with this status.'),
    ...pageInput(100, 1000, 'next_cursor'),
  }),
  output: z.object({ experiments: z.array(experiment), count: z.number().int().describe('Experiments in this answer.'), ...pageOutput('next_cursor') }),
  // Oldest first by creation time, then id: a page continues after the last one (keyset).
  page: {
    rows: 'experiments',
    cursorKey: 'next_cursor',
    cursorAfter: (row) => keysetCursor(row.created_at, row.id),
    recount: (rows) => ({ count: rows.length }),
  },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ project: 'my-site' }, { project: 'my-site', status: 'active' }],
  async handler(input, ctx) {
    const after = readKeysetCursor(input.cursor);
    const project = await resolveProject(ctx.services.store, ctx.principal, input.project);
    const found = await ctx.services.experiments.list(project, input.status ? [input.status] : undefined, { after, limit: input.limit + 1 });
    const page = found.slice(0, input.limit);
    const experiments = await Promise.all(page.map((value) => experimentOutput(value, ctx)));
    const last = page.at(-1);
    return { experiments, count: experiments.length, next_cursor: found.length > input.limit && last ? keysetCursor(last.createdAt, last.id) : null };
  },
});
