import { z } from 'zod';
import { actionGlob, TRUST_TIERS } from '../../domain/governance/model.js';
import { defineTool } from '../../tool/define-tool.js';
import { compliancePackSchema, contractOutput, contractView, requirementSchema } from './views.js';

export const createContextContract = defineTool({
  name: 'create_context_contract',
  title: 'Create a ContextContract',
  description:
    'Say what context an action needs before it may run: fields that must be present in the enforce call\'s `context` ' +
    '(e.g. attribution.snapshotId present, healthScore gte 70), a minimum trust tier (T0..T4), whether an attestation ' +
    'is required, and compliance packs (soc2, iso27001, hipaa, fedramp, eu_ai_act, pci_dss, custom) whose control ids ' +
    'the receipt maps the decision\'s evidence to. enforce_action uses it when passed as contextContractId, else the ' +
    'first active contract (in id order) whose actions cover the action.',
  toolset: 'governance',
  input: z.object({
    id: z.string().min(1).max(100).regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, _ and -').optional().describe('Your own id for it (CONFLICT if taken); default: a generated ctr_… id.'),
    name: z.string().min(1).max(200).optional().describe('Name.'),
    actions: z.array(actionGlob).max(50).default([]).describe('Action globs it applies to (empty: only when passed explicitly).'),
    required: z.array(requirementSchema).max(50).default([]).describe('Required context fields.'),
    minTrustTier: z.enum(TRUST_TIERS).optional().describe('Minimum trust tier of the evidence the agent acts on.'),
    requiresAttestation: z.boolean().default(false).describe('Whether the proposed action must carry an attestation.'),
    onMissing: z.enum(['deny', 'escrow']).default('escrow').describe('Outcome when required context is missing (default escrow: held until supplied).'),
    compliance: z.array(compliancePackSchema).max(20).default([]).describe('Compliance packs and control ids.'),
  }),
  output: contractOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'admin',
  examples: [
    {
      name: 'Spend needs attribution',
      actions: ['campaign.*'],
      required: [{ field: 'attribution.snapshotId' }, { field: 'healthScore', op: 'gte', value: 60 }],
      minTrustTier: 'T2',
      requiresAttestation: true,
      compliance: [{ pack: 'soc2', controls: ['CC8.1'] }, { pack: 'eu_ai_act', controls: ['Art.14'] }],
    },
  ],
  async handler(input, ctx) {
    const contract = await ctx.services.governance.createContract(ctx.principal.workspaceId, {
      id: input.id,
      name: input.name ?? null,
      actions: input.actions,
      required: input.required,
      minTrustTier: input.minTrustTier ?? null,
      requiresAttestation: input.requiresAttestation,
      onMissing: input.onMissing,
      compliance: input.compliance,
    });
    return contractView(contract);
  },
});
