import { z } from 'zod';
import { assignVariant } from '../../domain/experiments/assignment.js';
import { EXPOSURE_EVENT } from '../../domain/experiments/experiments-service.js';
import { resolveProject } from '../../domain/projects/project-lookup.js';
import { defineTool } from '../../tool/define-tool.js';
import { keysetCursor, pageInput, pageOutput, readKeysetCursor } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { projectIdentifier } from '../projects/schemas.js';

export const getExperimentConfig = defineTool({
  name: 'get_experiment_config',
  title: 'Get experiment config for tracker.js',
  description:
    'The running experiments of a project as tracker.js needs them (variants with weights, goal_event, winner of ' +
    'completed ones). Callable with the public project token. Assignment is deterministic: FNV-1a of ' +
    '`<experiment name>:<user id>` over the cumulative weights; give `user_id` to get that user\'s `assignments` ' +
    'computed here. Track conversions with the variant in properties: {"experiment": name, "variant": variant}. ' +
    'Oldest first, paged: tracker.js follows `next_cursor`. To manage experiments (drafts, paused) use list_experiments.',
  toolset: 'experiments',
  input: z.object({
    project: projectIdentifier.optional().describe('Project id or name; implied by a project token.'),
    user_id: z.string().min(1).max(256).optional().describe('Also return this user\'s assignment per experiment.'),
    ...pageInput(100, 1000, 'next_cursor'),
  }),
  output: z.object({
    project: z.string(),
    exposure_event: z.string().describe('Event name tracker.js sends on exposure, with properties experiment and variant.'),
    experiments: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        created_at: z.number().int().describe('Creation time (ms); the order of the list.'),
        status: z.enum(['active', 'completed']),
        goal_event: z.string(),
        variants: z.array(z.object({ name: z.string(), weight: z.number() })),
        winner: z.string().nullable(),
      }),
    ),
    assignments: z.record(z.string(), z.string()).optional().describe("With `user_id`: experiment name → that user's variant, for this page's experiments."),
    ...pageOutput('next_cursor'),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ project: 'my-site' }, { project: 'my-site', user_id: 'anon_1' }],
  allowProjectToken: true,
  page: { rows: 'experiments', cursorKey: 'next_cursor', cursorAfter: (row) => keysetCursor(row.created_at, row.id) },
  async handler(input, ctx) {
    const project = await resolveProject(ctx.services.store, ctx.principal, input.project);
    const after = readKeysetCursor(input.cursor);
    const found = await ctx.services.experiments.list(project, 'live', { after, limit: input.limit + 1 });
    const experiments = found.slice(0, input.limit).map((value) => ({
      id: value.id,
      name: value.name,
      created_at: value.createdAt,
      status: value.status as 'active' | 'completed',
      goal_event: value.goalEvent,
      variants: value.variants,
      winner: value.winner,
    }));
    const last = experiments.at(-1);
    const next_cursor = found.length > input.limit && last ? keysetCursor(last.created_at, last.id) : null;
    const assignments =
      input.user_id === undefined
        ? undefined
        : Object.fromEntries(experiments.map((value) => [value.name, value.winner ?? assignVariant(value.name, input.user_id!, value.variants)]));
    return { project: project.name, exposure_event: EXPOSURE_EVENT, experiments, ...(assignments ? { assignments } : {}), next_cursor, truncated: false };
  },
});
