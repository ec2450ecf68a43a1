import { z } from 'zod';
import { EXPERIMENT_STATUSES, type Experiment } from '../../domain/experiments/experiments-service.js';
import { computeResults, experimentFlags } from '../../domain/experiments/results.js';
import type { ToolContext } from '../../context.js';

export const experimentName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must start with a letter or digit and use letters, digits, dots, dashes or underscores')
  .describe('Experiment name, unique in the project, e.g. `signup_cta`.');

const weightedVariant = z.object({ name: z.string(), weight: z.number().describe('Share of traffic, 0–1.') });

const variantResult = z.object({
  variant: z.string(),
  is_control: z.boolean().describe('The first variant is the control every other variant is compared to.'),
  weight: z.number(),
  exposures: z.number().int().describe('Distinct users exposed to this variant.'),
  conversions: z.number().int().describe('Exposed users with a goal_event at or after their exposure.'),
  conversion_rate: z.number().describe('conversions / exposures, 0–1.'),
  lift: z.number().nullable().describe('Relative change of conversion_rate vs control (0.25 = +25 %); null for the control or when undefined.'),
  p_value: z.number().nullable().describe('Two-sided p-value of a pooled two-proportion z-test vs control.'),
  significant: z.boolean().describe('p_value < 0.05.'),
  probability_to_beat_control: z.number().nullable().describe('Bayesian P(rate > control rate) with Beta(1,1) priors.'),
});

export const experiment = z
  .object({
    id: z.string(),
    project: z.string().describe('Project name.'),
    project_id: z.string(),
    name: z.string(),
    goal_event: z.string(),
    status: z.enum(EXPERIMENT_STATUSES),
    winner: z.string().nullable(),
    variants: z.array(weightedVariant),
    created_at: z.number().int(),
    updated_at: z.number().int(),
    results: z.object({
      variants: z.array(variantResult),
      total_exposures: z.number().int(),
      total_conversions: z.number().int(),
      sample_ratio_mismatch: z
        .object({ detected: z.boolean(), p_value: z.number().nullable(), chi_square: z.number().nullable() })
        .describe('Chi-square test of exposures against the traffic split; detected when p < 0.001.'),
      leader: z.string().nullable().describe('Variant with the highest conversion rate so far (not a decision).'),
    }),
    flags: z.array(z.object({ code: z.enum(['experiment_no_conversions', 'sample_ratio_mismatch']), message: z.string() })),
  })
  .meta({ id: 'Experiment' });

export async function experimentOutput(value: Experiment, ctx: ToolContext): Promise<z.input<typeof experiment>> {
  const counts = await ctx.services.experiments.counts(ctx.principal.workspaceId, value);
  const results = computeResults(value, counts);
  return {
    id: value.id,
    project: value.projectName,
    project_id: value.projectId,
    name: value.name,
    goal_event: value.goalEvent,
    status: value.status,
    winner: value.winner,
    variants: value.variants,
    created_at: value.createdAt,
    updated_at: value.updatedAt,
    results,
    flags: experimentFlags(value, results, ctx.clock()),
  };
}

/** Loads an experiment of the caller's workspace by id. */
export function loadExperiment(ctx: ToolContext, id: string): Promise<Experiment> {
  return ctx.services.experiments.get(ctx.principal.workspaceId, id, (projectId) =>
    ctx.services.projects.get(ctx.principal.workspaceId, projectId),
  );
}

export const experimentId = z.string().min(1).max(100).describe('Experiment id (`exp_…`).');
