import { z } from 'zod';
import { EXPERIMENT_STATUSES } from '../../domain/experiments/experiments-service.js';
import { resolveProject } from '../../domain/projects/project-lookup.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { projectIdentifier } from '../projects/schemas.js';
import { experiment, experimentOutput } from './schemas.js';

export const listExperiments = defineTool({
  name: 'list_experiments',
  title: 'List experiments',
  description: 'Experiments of a project with live results per variant (see get_experiment for what they mean).',
  toolset: 'experiments',
  input: z.object({ project: projectIdentifier, status: z.enum(EXPERIMENT_STATUSES).optional().describe('Only experiments with this status.') }),
  output: z.object({ experiments: z.array(experiment), count: z.number().int() }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ project: 'my-site' }, { project: 'my-site', status: 'active' }],
  async handler(input, ctx) {
    const project = await resolveProject(ctx.services.store, ctx.principal, input.project);
    const found = await ctx.services.experiments.list(project, input.status ? [input.status] : undefined);
    const experiments = await Promise.all(found.map((value) => experimentOutput(value, ctx)));
    return { experiments, count: experiments.length };
  },
});
