import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { account, accountOutput } from './schemas.js';

export const getAccount = defineTool({
  name: 'get_account',
  title: 'Get account',
  description:
    'The account (this workspace): tier, projects_count vs projects_limit, rate_limit_rpm, tier_limits ' +
    '(max_events_lifetime, retention_days) and usage today. Check it before create_project (403 past the limit) and ' +
    'when a call returns 429. `flags` lists anomalies to surface, e.g. `project_limit_near`.',
  toolset: 'account',
  input: z.object({}),
  output: account,
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}],
  handler: (_input, ctx) => accountOutput(ctx),
});
