import { z } from 'zod';
import { resolveProject } from '../../domain/projects/project-lookup.js';
import { defineTool } from '../../tool/define-tool.js';
import { projectIdentifier } from '../projects/schemas.js';
import { experiment, experimentName, experimentOutput } from './schemas.js';

const variantName = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dots, dashes or underscores');

const input = z
  .object({
    project: projectIdentifier,
    name: experimentName,
    variants: z.array(variantName).min(2).max(10).describe('Variant names; the first is the control, e.g. ["control", "new_cta"].'),
    goal_event: z.string().min(1).max(200).describe('Event that counts as a conversion, e.g. `signup_complete`.'),
    traffic_split: z
      .record(z.string(), z.number().positive())
      .optional()
      .describe('Relative weight per variant, e.g. {"control": 50, "new_cta": 50}. Default: equal split.'),
  })
  .superRefine((value, ctx) => {
    if (new Set(value.variants).size !== value.variants.length) {
      ctx.addIssue({ code: 'custom', path: ['variants'], message: 'must not repeat a variant name' });
    }
    if (!value.traffic_split) return;
    for (const key of Object.keys(value.traffic_split)) {
      if (!value.variants.includes(key)) ctx.addIssue({ code: 'custom', path: ['traffic_split', key], message: 'is not one of `variants`' });
    }
    for (const variant of value.variants) {
      if (value.traffic_split[variant] === undefined) ctx.addIssue({ code: 'custom', path: ['traffic_split', variant], message: 'is missing' });
    }
  });

export const createExperiment = defineTool({
  name: 'create_experiment',
  title: 'Create A/B experiment',
  description:
    'Start an A/B experiment in a project: variants (first = control), the goal_event that counts as a conversion, ' +
    'and an optional traffic split. It is active at once; tracker.js assigns variants deterministically per user and ' +
    'reports exposures. A name already used in the project fails with CONFLICT (409) naming the existing experiment. ' +
    'Next: get_experiment_config for the frontend, then get_experiment for results.',
  toolset: 'experiments',
  input,
  output: experiment,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'write',
  examples: [
    { project: 'my-site', name: 'signup_cta', variants: ['control', 'new_cta'], goal_event: 'signup_complete' },
    { project: 'my-site', name: 'pricing_layout', variants: ['control', 'annual_first'], goal_event: 'purchase', traffic_split: { control: 80, annual_first: 20 } },
  ],
  async handler(value, ctx) {
    const project = await resolveProject(ctx.services.store, ctx.principal, value.project);
    const weights = value.variants.map((name) => value.traffic_split?.[name] ?? 1);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const created = await ctx.services.experiments.create(project, {
      name: value.name,
      goalEvent: value.goal_event,
      variants: value.variants.map((name, index) => ({ name, weight: Math.round((weights[index]! / total) * 1e6) / 1e6 })),
    });
    return experimentOutput(created, ctx);
  },
});
