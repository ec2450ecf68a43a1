import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { experiment, experimentId, experimentOutput, loadExperiment } from './schemas.js';

export const getExperiment = defineTool({
  name: 'get_experiment',
  title: 'Get experiment with live results',
  description:
    'One experiment with live results per variant: exposures, conversions, conversion_rate, lift vs control, ' +
    'two-sided p_value (two-proportion z-test), probability_to_beat_control (Bayesian) and a sample ratio mismatch ' +
    'check. `flags` lists anomalies: `experiment_no_conversions` (48 h without a goal conversion: check goal_event) and ' +
    '`sample_ratio_mismatch`. When one variant is clearly ahead, call update_experiment with status completed and winner.',
  toolset: 'experiments',
  input: z.object({ id: experimentId }),
  output: experiment,
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'exp_01j0000000000000000000000' }],
  handler: async (input, ctx) => experimentOutput(await loadExperiment(ctx, input.id), ctx),
});
