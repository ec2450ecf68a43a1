import { z } from 'zod';
import { actionGlob, CAP_PERIODS, currencyCode } from '../../domain/governance/model.js';
import { defineTool } from '../../tool/define-tool.js';
import { grantOutput, grantView, timeField, toMs } from './views.js';

export const createAuthorityGrant = defineTool({
  name: 'create_authority_grant',
  title: 'Create an AuthorityGrant',
  description:
    'Say who (an agent id, an API key, a role; unset parts match anyone) may do which actions (globs, e.g. campaign.*), ' +
    'up to which amounts: caps per call and per UTC day/week/month, summed over the amounts enforce_action allowed ' +
    '(an allowed action is an executed decision) in that period, in one currency; valid from/until; and the amount above ' +
    'which a person must approve the decision. enforce_action uses it when passed as authorityGrantId, else the first ' +
    'active grant (in id order) covering the action. revoke_authority_grant ends it.',
  toolset: 'governance',
  input: z.object({
    id: z.string().min(1).max(100).regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, _ and -').optional().describe('Your own id for it (CONFLICT if taken); default: a generated grant_… id.'),
    name: z.string().min(1).max(200).optional().describe('Name, e.g. "Growth agent ad spend".'),
    principal: z
      .object({
        agentId: z.string().min(1).max(200).optional().describe('Agent id (the decision requester id) it is for.'),
        keyId: z.string().min(1).max(200).optional().describe('API key id that must call enforce_action.'),
        role: z.string().min(1).max(100).optional().describe('Requester role it is for.'),
      })
      .default({})
      .describe('Who it is for; omit parts to match anyone.'),
    actions: z.array(actionGlob).min(1).max(50).describe('Action globs, e.g. ["campaign.*"].'),
    currency: currencyCode.describe('ISO 4217 currency of the caps, e.g. USD.'),
    caps: z
      .array(
        z.object({
          maxAmount: z.number().min(0).describe('Most allowed in the period.'),
          period: z.enum(CAP_PERIODS).describe('call (each call), or a UTC day, ISO week or month.'),
          actions: actionGlob.optional().describe('Only for actions matching this glob (default: all the grant covers).'),
        }),
      )
      .max(20)
      .default([])
      .describe('Amount caps.'),
    overCap: z.enum(['deny', 'escrow']).default('deny').describe('Outcome when a cap would be exceeded (default deny).'),
    approvalAbove: z.number().min(0).optional().describe('Amounts above this need a person\'s approval of the decision.'),
    validFrom: timeField('Valid from').optional(),
    validUntil: timeField('Valid until (exclusive)').optional(),
  }),
  output: grantOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'admin',
  examples: [{ name: 'Growth agent ad spend', actions: ['campaign.*'], currency: 'USD', caps: [{ maxAmount: 500, period: 'day' }], approvalAbove: 1000 }],
  async handler(input, ctx) {
    const grant = await ctx.services.governance.createGrant(ctx.principal.workspaceId, {
      id: input.id,
      name: input.name ?? null,
      principal: { agentId: input.principal.agentId ?? null, keyId: input.principal.keyId ?? null, role: input.principal.role ?? null },
      actions: input.actions,
      currency: input.currency,
      caps: input.caps.map((cap) => ({ maxAmount: cap.maxAmount, period: cap.period, actions: cap.actions ?? null })),
      overCap: input.overCap,
      approvalAbove: input.approvalAbove ?? null,
      validFrom: toMs(input.validFrom) ?? null,
      validUntil: toMs(input.validUntil) ?? null,
    });
    return grantView(grant, ctx.clock());
  },
});
