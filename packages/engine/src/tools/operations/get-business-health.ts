import { z } from 'zod';
import { storedEvent } from '../../domain/events/envelope.js';
import { DEFAULT_EVENT_PATTERNS, HEALTH_SCORE_FORMULA } from '../../domain/operations/health-rules.js';
import { defineTool } from '../../tool/define-tool.js';
import { conciseEvent, eventCursorAfter } from '../events/query-events.js';
import { pageInput, pageOutput, readKeysetCursor } from '../paging.js';
import { READ_ONLY, resolveRange, timeRangeFields } from '../shared.js';
import { healthAlert, healthMetric, nextAction, scoreComponent } from './schemas.js';
import { attributionRow, attributionTotals } from '../attribution/query-attribution.js';

const paging = pageInput(20, 200);
const patterns = (category: string) =>
  z.array(z.string().min(1).max(200)).min(1).max(20).optional().describe(`Event-name patterns counted as ${category} (\`*\` matches any characters). Default: ${DEFAULT_EVENT_PATTERNS[category as 'scans'].map((p) => `\`${p}\``).join(', ')}.`);

export const getBusinessHealth = defineTool({
  name: 'get_business_health',
  title: 'Get business health',
  description:
    'An agent-readable operating summary of one business over a period (default: the last 7 days) against the period ' +
    'of the same length before it: revenue (sum of properties.revenue of the order events), scans, leads, orders, ' +
    'error events and all events, each with its previous value and the newest event ids it rests on; alerts ' +
    '(no_events; workflow_overrun per run over its expected duration; workflow_failed; error_events; metric_drop when ' +
    'revenue, orders, scans or leads had at least 5 events before and fell to 75% or less); workflow run counts ' +
    '(running, overrun, completed, failed, as get_workflow_status reconstructs them); nextActions by priority, each ' +
    'with its rule, reason and evidence ids; linear attribution of the orders by source and campaign; the newest events (`limit`; pass `nextCursor` as `cursor` for older ones); and healthScore 0-100 ' +
    'with each component\'s value, weight and points. ' + HEALTH_SCORE_FORMULA + ' Event names: scans `*.scanned`, ' +
    '`qr.*`, `rfid.read`, `trackable.used`; leads `lead.*`; orders `order.created`; errors `*.failed`, `*.error`, ' +
    '`*.errored`, `error.*` (never workflow.*), each overridable in `eventNames`. For one workflow\'s runs use ' +
    'get_workflow_status; for the deployment\'s own readiness, get_runtime_health; for counts by any event name, query_metrics.',
  toolset: 'operations',
  input: z.object({
    businessId: z.string().min(1).max(128).default('default').describe('The business (default `default`, the workspace\'s default business).'),
    ...timeRangeFields,
    eventNames: z
      .strictObject({ scans: patterns('scans'), leads: patterns('leads'), orders: patterns('orders'), errors: patterns('errors') })
      .optional()
      .describe('Which event names count in each category, replacing that category\'s defaults.'),
    ...paging,
    limit: paging.limit.describe('Most recent events returned (1-200, default 20).'),
  }),
  output: z.object({
    businessId: z.string(),
    from: z.number().int(),
    to: z.number().int(),
    previousFrom: z.number().int().describe('The period compared with: [previousFrom, previousTo], just before `from`.'),
    previousTo: z.number().int(),
    healthScore: z.number().int().min(0).max(100).describe('0-100 by the formula in this tool\'s description; `scoreComponents` explains it.'),
    scoreComponents: z.array(scoreComponent).describe('Each component of healthScore with its value, weight and points.'),
    revenue: z.number().describe('Revenue of the period (metrics[revenue] has its evidence).'),
    scans: z.number().int(),
    leads: z.number().int(),
    orders: z.number().int(),
    events: z.number().int().describe('All events of the business in the period.'),
    metrics: z.array(healthMetric).describe('revenue, scans, leads, orders, errors, events: value, previous, change and evidence.'),
    alerts: z.array(healthAlert).describe('At most 20, by rule order.'),
    workflows: z.object({
      runs: z.number().int().describe('Runs started in the period (at most the newest 1000 are read).'),
      running: z.number().int(),
      overrun: z.number().int().describe('Runs still running past their expected duration.'),
      completed: z.number().int(),
      failed: z.number().int(),
      overBudget: z.number().int().describe('Runs over their expected duration, running or ended.'),
      truncated: z.boolean().describe('True when more than 1000 runs started in the period (the counts cover the newest 1000).'),
    }),
    nextActions: z.array(nextAction).describe('At most 20, priority 1 first, by the rules in this tool\'s description.'),
    attribution: z
      .object({
        model: z.literal('linear').describe('The attribution model (query_attribution has the others).'),
        bySource: z.array(attributionRow).describe('The period\'s orders credited by source, at most 5 rows.'),
        byCampaign: z.array(attributionRow).describe('By campaign, at most 5 rows.'),
        totals: attributionTotals,
      })
      .describe('Linear multi-touch attribution of the period\'s order.created events (30-day lookback), as query_attribution computes it.'),
    recentEvents: z.array(storedEvent).describe('The newest events of the period (concise: no bags), a page of `limit`.'),
    ...pageOutput(),
  }),
  page: { rows: 'recentEvents', cursorKey: 'nextCursor', cursorAfter: (row) => eventCursorAfter(row) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ businessId: 'default', limit: 100 }, { businessId: 'default', from: '30d', eventNames: { leads: ['lead.*', 'quote.requested'] } }],
  async handler(input, ctx) {
    const range = resolveRange(input, ctx.clock(), 7);
    const { recent, ...report } = await ctx.services.operations.health(
      ctx.principal.workspaceId,
      { businessId: input.businessId, ...range, limit: input.limit, after: readKeysetCursor(input.cursor), eventNames: input.eventNames },
      ctx.clock(),
    );
    const last = recent.events.at(-1);
    return { ...report, recentEvents: recent.events.map(conciseEvent), nextCursor: recent.more && last ? eventCursorAfter(last) : null };
  },
});
