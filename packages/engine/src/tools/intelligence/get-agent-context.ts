import { z } from 'zod';
import { CONTEXT_MODES, PROOF_GAPS } from '../../domain/intelligence/intelligence-service.js';
import { DRIVER_DIMENSIONS } from '../../domain/intelligence/intelligence-repo.js';
import { ANOMALY_RULE, CHANGE_RULE, DEFAULT_BASELINE_WEEKS, GRANULARITIES, PROOF_GAP_RULE, TRUST_TIERS } from '../../domain/intelligence/rules.js';
import { defineTool } from '../../tool/define-tool.js';
import { offsetCursor, pageInput, pageOutput, readOffsetCursor } from '../paging.js';
import { READ_ONLY, resolveRange, timeRangeFields } from '../shared.js';

const paging = pageInput(20, 250);
const ids = (description: string) => z.array(z.string()).describe(description);
const pattern = z.string().min(1).max(200);

const driver = z
  .object({
    dimension: z.enum([...DRIVER_DIMENSIONS, 'event']).describe('campaign, channel, trackable, product, entity (read from each event) or event (its name).'),
    value: z.string().describe('The dimension value; `(none)` for events without it.'),
    current: z.number().describe('Its amount in the period (a change) or in the anomaly (observed).'),
    previous: z.number().describe('In the previous period (a change) or expected: the median of the same span in the baseline weeks (an anomaly).'),
    change: z.number().describe('current - previous.'),
    share: z.number().describe('change / the metric\'s change: the part it explains (0.8 = 80%).'),
    evidenceIds: ids('Up to 2 event ids with this value.'),
  })
  .meta({ id: 'ContextDriver' });

const change = z
  .object({
    metric: z.string().describe('revenue, orders, scans, leads, errors or events.'),
    value: z.number(),
    previous: z.number().describe('In the previous period of the same length.'),
    change: z.number(),
    changePct: z.number().int().nullable().describe('Percent change; null when the previous period had none.'),
    headline: z.string().describe('One line: "orders -32% (50 -> 34); 80% of the drop is campaign=spring-launch".'),
    drivers: z.array(driver).describe('At most 3, by |share|: the value of each dimension that explains most of the change.'),
    evidenceIds: ids('Up to 5 event ids of the change.'),
  })
  .meta({ id: 'ContextChange' });

const anomaly = z
  .object({
    metric: z.string(),
    direction: z.enum(['drop', 'spike']),
    from: z.number().int().describe('First bucket start (ms).'),
    to: z.number().int().describe('Last bucket end (ms, inclusive).'),
    buckets: z.number().int().describe('Adjacent anomalous buckets merged into this one.'),
    observed: z.number().describe('Sum over the buckets.'),
    expected: z.number().describe('Sum of the baseline medians.'),
    expectedLow: z.number().describe('Low end of the expected range (sum of max(0, median - 3.5 x scale)).'),
    expectedHigh: z.number().describe('High end (sum of median + 3.5 x scale).'),
    score: z.number().describe('The largest robust score of its buckets (negative for a drop).'),
    headline: z.string(),
    drivers: z.array(driver).describe('What explains it (for the 5 highest-scoring anomalies).'),
    evidenceIds: ids('Up to 5 event ids.'),
  })
  .meta({ id: 'ContextAnomaly' });

const proofGap = z
  .object({
    gap: z.enum(PROOF_GAPS),
    count: z.number().int().describe('Events with this gap in the period.'),
    eventIds: ids('Up to 5 of them, newest first.'),
    eventNames: ids('Their event names (up to 10).'),
    values: ids('The offending values: trust tiers found, unknown trackable ids (up to 5).'),
    detail: z.string(),
    closeWith: z.string().describe('What would close the gap.'),
  })
  .meta({ id: 'ContextProofGap' });

const nextAction = z
  .object({
    rank: z.number().int().describe('1 first: by priority, then rule order.'),
    action: z.string().describe('replan_workflow, check_tracking, investigate_workflow_failure, investigate_errors, investigate_drop, review_scan_conversion, scale_top_source, investigate_anomaly or close_proof_gap.'),
    priority: z.number().int().describe('1 (urgent) to 3.'),
    rule: z.string().describe('The rule that produced it.'),
    reason: z.string(),
    expectedEffect: z.string(),
    consequential: z.boolean().describe('True when carrying it out changes the business: call `governance` first.'),
    governance: z
      .object({
        action: z.string().describe('The governed action (e.g. campaign.scale).'),
        method: z.literal('POST'),
        path: z.literal('/api/governance/enforce'),
        body: z.object({ proposedAction: z.record(z.string(), z.string()) }).describe('The request body to send, with the fields in `requires` added.'),
        requires: ids('Fields the agent adds to the body: the DecisionObject, AuthorityGrant and ContextContract ids.'),
      })
      .nullable()
      .describe('For a consequential action: the enforcement call to make before executing it; null otherwise.'),
    target: z.record(z.string(), z.string()).describe('What it is about (workflowId/runId, metric, source, a driver value, gap).'),
    evidenceIds: ids('Event ids it rests on.'),
  })
  .meta({ id: 'ContextNextAction' });

export const getAgentContext = defineTool({
  name: 'get_agent_context',
  title: 'Get agent context',
  description:
    'What an agent should know about one business before acting, computed from stored events by fixed rules (no ' +
    'model inside) with evidence ids. `mode`: what_changed (key metrics against the previous period of the same ' +
    'length, each with its drivers), anomalies (against a seasonal robust baseline), proof_gaps (consequential events ' +
    'lacking expected evidence), recommend_next_actions (ranked, each consequential one with the governance call to ' +
    'make first), or summary (all four and a few headline lines). Period: default the last 7 days. ' + CHANGE_RULE +
    ' ' + ANOMALY_RULE + ' ' + PROOF_GAP_RULE + ' Next actions: get_business_health\'s rules (workflow overruns, ' +
    'failures, errors, drops with their driver, scans without orders, the top attributed source as scale_top_source: ' +
    'consequential) plus one per anomaly and per proof gap; `limit` bounds every list, and `nextCursor` pages the next ' +
    'actions. For the score and counts alone use get_business_health; for credit by source use query_attribution.',
  toolset: 'intelligence',
  input: z.object({
    mode: z.enum(CONTEXT_MODES).describe('what_changed, anomalies, proof_gaps, recommend_next_actions, or summary (all four).'),
    businessId: z.string().min(1).max(128).default('default').describe('The business (default `default`, the workspace\'s default business).'),
    ...timeRangeFields,
    from: timeRangeFields.from.describe('Start of the period (inclusive). Default: 7 days before `to`.'),
    granularity: z.enum(GRANULARITIES).default('hour').describe('Anomaly buckets: hour (same hour of the week) or day (same weekday). Default hour.'),
    baselineWeeks: z.number().int().min(3).max(12).default(DEFAULT_BASELINE_WEEKS).describe('Weeks of history each bucket is compared with (3-12, default 4).'),
    trustRequirements: z
      .array(z.strictObject({ events: pattern.describe('Event-name pattern (`*` matches any characters).'), minTier: z.enum(TRUST_TIERS).describe('The lowest trust tier accepted.') }))
      .min(1)
      .max(20)
      .optional()
      .describe('Minimum trust tier by event type, replacing the defaults (see the description).'),
    executedEvents: z.array(pattern).min(1).max(20).optional().describe('Event-name patterns of executed actions that must carry a decisionId. Default `*.executed`, `action.*`.'),
    ...paging,
    limit: paging.limit.describe('Most items per list (1-250, default 20).'),
    cursor: paging.cursor.describe('The `nextCursor` of the previous answer: the next page of nextActions (same other arguments).'),
  }),
  output: z.object({
    mode: z.enum(CONTEXT_MODES),
    businessId: z.string(),
    from: z.number().int(),
    to: z.number().int(),
    previousFrom: z.number().int().describe('The period compared with: [previousFrom, previousTo].'),
    previousTo: z.number().int(),
    summary: z.array(z.string()).describe('A headline line per part answered.'),
    whatChanged: z.array(change).nullable().describe('what_changed and summary: changed metrics first, the largest relative change first.'),
    anomalyBaseline: z
      .object({
        status: z.enum(['checked', 'insufficient_data']),
        granularity: z.enum(GRANULARITIES),
        baselineWeeks: z.number().int(),
        firstEventAt: z.number().int().nullable().describe('The business\'s first event hour (ms).'),
        checkedBuckets: z.number().int(),
        message: z.string(),
      })
      .nullable()
      .describe('anomalies and summary: whether there was enough history, and what was checked.'),
    anomalies: z.array(anomaly).nullable().describe('anomalies and summary: the highest |score| first.'),
    proofGaps: z.array(proofGap).nullable().describe('proof_gaps and summary: in rule order, only gaps found.'),
    nextActions: z.array(nextAction).nullable().describe('recommend_next_actions and summary: a page, rank order.'),
    ...pageOutput(),
  }),
  page: { rows: 'nextActions', cursorKey: 'nextCursor', cursorAfter: (row) => offsetCursor(row.rank) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [
    { mode: 'recommend_next_actions', businessId: 'default', limit: 250 },
    { mode: 'what_changed', businessId: 'default', from: '14d' },
    { mode: 'summary', businessId: 'default', granularity: 'day', limit: 5 },
  ],
  async handler(input, ctx) {
    const now = ctx.clock();
    const range = resolveRange(input, now, 7);
    const offset = readOffsetCursor(input.cursor);
    const { moreNextActions, ...context } = await ctx.services.intelligence.context(
      ctx.principal.workspaceId,
      {
        businessId: input.businessId, mode: input.mode, ...range, limit: input.limit, offset, granularity: input.granularity, baselineWeeks: input.baselineWeeks,
        trustRequirements: input.trustRequirements, executedEvents: input.executedEvents,
      },
      now,
    );
    return { ...context, nextCursor: moreNextActions ? offsetCursor(offset + input.limit) : null };
  },
});
