import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { contractOutput, contractView } from './views.js';

export const getContextContract = defineTool({
  name: 'get_context_contract',
  title: 'Get a ContextContract',
  description: 'One ContextContract with its version and revocation. Use list_context_contracts to find ids; enforcement receipts name the version they judged.',
  toolset: 'governance',
  input: z.object({ id: z.string().min(1).max(200).describe('ContextContract id.') }),
  output: contractOutput,
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'ctr_seed' }],
  async handler(input, ctx) {
    return contractView(await ctx.services.governance.getContract(ctx.principal.workspaceId, input.id));
  },
});
