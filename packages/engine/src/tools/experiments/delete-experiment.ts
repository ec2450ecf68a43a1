import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { experimentId, loadExperiment } from './schemas.js';

export const deleteExperiment = defineTool({
  name: 'delete_experiment',
  title: 'Delete experiment',
  description:
    'Delete an experiment definition. Its exposure and goal events stay in the project; tracker.js stops assigning it.',
  toolset: 'experiments',
  input: z.object({ id: experimentId }),
  output: z.object({ deleted: z.literal(true), id: z.string(), name: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [{ id: 'exp_01j0000000000000000000000' }],
  async handler(input, ctx) {
    const current = await loadExperiment(ctx, input.id);
    await ctx.services.experiments.delete(current);
    return { deleted: true as const, id: current.id, name: current.name };
  },
});
