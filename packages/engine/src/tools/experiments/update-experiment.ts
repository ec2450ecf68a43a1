import { z } from 'zod';
import { EXPERIMENT_STATUSES } from '../../domain/experiments/experiments-service.js';
import { defineTool } from '../../tool/define-tool.js';
import { experiment, experimentId, experimentOutput, loadExperiment } from './schemas.js';

export const updateExperiment = defineTool({
  name: 'update_experiment',
  title: 'Update experiment status',
  description:
    'Set an experiment\'s status (required: active, paused or completed) and optionally its winner (a variant name, ' +
    'or null). Completing without a winner is allowed; the winner then stays null. tracker.js serves a completed ' +
    'experiment\'s winner to everyone; for a paused one ha.variant() returns null, so the page shows its default.',
  toolset: 'experiments',
  input: z.object({
    id: experimentId,
    status: z.enum(EXPERIMENT_STATUSES).describe('New status: active, paused or completed.'),
    winner: z.string().min(1).nullable().optional().describe('Winning variant name; null clears it.'),
  }),
  output: experiment,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'write',
  examples: [{ id: 'exp_01j0000000000000000000000', status: 'completed', winner: 'new_cta' }, { id: 'exp_01j0000000000000000000000', status: 'paused' }],
  async handler(input, ctx) {
    const current = await loadExperiment(ctx, input.id);
    const updated = await ctx.services.experiments.update(current, {
      status: input.status,
      ...(input.winner === undefined ? {} : { winner: input.winner }),
    });
    return experimentOutput(updated, ctx);
  },
});
