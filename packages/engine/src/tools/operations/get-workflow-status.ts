import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { keysetCursor, pageInput, pageOutput, readKeysetCursor } from '../paging.js';
import { READ_ONLY, resolveRange, timeRangeFields } from '../shared.js';
import { workflowRun } from './schemas.js';

const paging = pageInput(20, 100);
const key = z.string().min(1).max(128);

export const getWorkflowStatus = defineTool({
  name: 'get_workflow_status',
  title: 'Get workflow status',
  description:
    'The runs of a workflow, newest start first, reconstructed from its events: state (running, overrun, completed, ' +
    'failed), current step, each step\'s duration, total duration and overrun against the expected duration given on ' +
    'start, with the event ids of each run. Events: `workflow.started` (properties.workflowId, or object ' +
    '{type: "workflow", id}; properties.runId, else the traceId, names the run; properties.expectedDurationMs is its ' +
    'budget), `workflow.step.started` / `workflow.step.completed` (properties.step; a step start may carry its own ' +
    'expectedDurationMs), `workflow.completed` and `workflow.failed` (properties.reason, step). A run is `overrun` while ' +
    'it runs past its budget (e.g. a job running over, flagged before the invoice goes out). Runs started in ' +
    '[from, to] (default: the last 30 days); `runId` or `traceId` picks one run. For a business\'s counts of running and ' +
    'overrun runs use get_business_health; for the deployment\'s own health, get_runtime_health. Pass `nextCursor` as ' +
    '`cursor` for older runs.',
  toolset: 'operations',
  input: z.object({
    workflowId: key.describe('The workflow (properties.workflowId of its events, or their object id with object type `workflow`).'),
    runId: key.optional().describe('Only this run (properties.runId, else the traceId of its start).'),
    traceId: key.optional().describe('Only the run started with this traceId.'),
    ...timeRangeFields,
    ...paging,
    limit: paging.limit.describe('Most runs returned (1-100, default 20).'),
  }),
  output: z.object({
    workflowId: z.string(),
    from: z.number().int().describe('Start of the range of run starts (ms).'),
    to: z.number().int(),
    runs: z.array(workflowRun).describe('Runs started in the range, newest first.'),
    ...pageOutput(),
  }),
  page: { rows: 'runs', cursorKey: 'nextCursor', cursorAfter: (row) => keysetCursor(row.startedAt, row.startEventId) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ workflowId: 'electrical-job' }, { workflowId: 'electrical-job', runId: 'job-1042' }],
  async handler(input, ctx) {
    const now = ctx.clock();
    const range = resolveRange(input, now);
    const { runs, more } = await ctx.services.operations.runs(
      ctx.principal.workspaceId,
      { workflowId: input.workflowId, runId: input.runId, traceId: input.traceId, ...range, after: readKeysetCursor(input.cursor), limit: input.limit },
      now,
    );
    const last = runs.at(-1);
    return { workflowId: input.workflowId, ...range, runs, nextCursor: more && last ? keysetCursor(last.startedAt, last.startEventId) : null };
  },
});
