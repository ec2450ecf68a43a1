import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';

export const verifyEnforcementReceipts = defineTool({
  name: 'verify_enforcement_receipts',
  title: 'Verify the enforcement receipt chain',
  description:
    'Walk the workspace\'s EnforcementReceipts from the first: each must hash (sha-256 of its RFC 8785 JSON) to its ' +
    'stored hash, carry the previous receipt\'s hash as prevHash, and follow in sequence. Answers valid, how many were ' +
    'checked, the head hash, and the first receipt that does not match with what is wrong.',
  toolset: 'governance',
  input: z.object({}),
  output: z.object({
    valid: z.boolean().describe('True when every receipt matched.'),
    checked: z.number().int().describe('Receipts that matched before the first failure (all of them when valid).'),
    headHash: z.string().nullable().describe('Hash of the last matching receipt.'),
    firstInvalid: z
      .object({ id: z.string().describe('Receipt id.'), seq: z.number().int().describe('Its position.'), problem: z.string().describe('What does not match.') })
      .nullable()
      .describe('The first receipt that does not match, or null.'),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}],
  async handler(_input, ctx) {
    return ctx.services.governance.verify(ctx.principal.workspaceId);
  },
});
