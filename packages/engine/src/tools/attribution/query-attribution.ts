import { z } from 'zod';
import { ATTRIBUTION_MODELS } from '../../domain/attribution/attribution-service.js';
import { defineTool } from '../../tool/define-tool.js';
import { DAY_MS, READ_ONLY, resolveRange, timeRangeFields } from '../shared.js';

export const attributionRow = z.object({
  value: z.string().describe('The dimension value; `direct` for conversions with no touchpoint, `(none)` for touches without this field.'),
  conversions: z.number().describe('Conversions credited (fractional, 4 decimals).'),
  revenue: z.number().describe('Revenue credited (4 decimals).'),
  share: z.number().describe('Credited conversions over all conversions (0-1).'),
  touches: z.number().int().describe('Touchpoints with this value on credited paths.'),
  conversionIds: z.array(z.string()).describe('Up to 2 conversion event ids credited to this value (evidence).'),
  touchIds: z.array(z.string()).describe('Up to 2 touchpoint event ids with this value (evidence).'),
}).meta({ id: 'AttributionRow' });
const row = attributionRow;

const modelResult = z.object({
  model: z.enum(ATTRIBUTION_MODELS).describe('The model.'),
  bySource: z.array(row).describe('Credit by source (channel), most conversions first.'),
  byCampaign: z.array(row).describe('Credit by campaign.'),
  byMedium: z.array(row).describe('Credit by medium.'),
  byEntity: z.array(row).describe('Credit by the entity the touch refers to: `trackable:<id>` or `<objectType>:<objectId>`.'),
});

export const attributionTotals = z.object({
  conversions: z.number().int().describe('Conversions in range.'),
  revenue: z.number().describe('Their revenue.'),
  directConversions: z.number().int().describe('Conversions with no touchpoint.'),
  directRevenue: z.number().describe('Their revenue.'),
  touchpoints: z.number().int().describe('Touchpoints credited to some conversion.'),
  actors: z.number().int().describe('Converting actors.'),
}).meta({ id: 'AttributionTotals' });

export const queryAttribution = defineTool({
  name: 'query_attribution',
  title: 'Multi-touch attribution of conversions',
  description:
    'Which sources, campaigns, media and entities (e.g. which QR code on which bag) drove conversions and revenue. ' +
    'Touchpoints: an actor\'s events carrying `attribution` or `source` (channel|source, campaign, medium) or UTM ' +
    'properties (utm_source, utm_campaign, utm_medium); entity = `trackable.id` else the event\'s object. ' +
    'Conversions: `conversionEvent` events (default order.created) in [from, to], revenue from properties.revenue ' +
    'else outcome.revenue. Each conversion is credited its actor\'s touches within `lookbackDays` before it and after ' +
    'the actor\'s previous conversion (a touch credits one conversion; later touches never). With none, a conversion ' +
    'carrying its own channel or campaign (source/attribution/UTM, or properties.source|campaign|medium) is its own ' +
    'one-touch path, else `direct`; a conversion without an actor is its own path. ' +
    'Models: first_touch, last_touch, linear, time_decay (weight 2^(-age/halfLifeDays)), position_based (40/20/40; ' +
    '1 touch 100%, 2 touches 50/50), data_driven (Markov removal effect over paths start → touches → conversion|null; ' +
    'non-converting paths are touches in range after an actor\'s last conversion). bySource/byCampaign/byMedium/byEntity ' +
    'are the first model\'s; `models` lists every model asked for (compare them). At most `limit` rows per dimension ' +
    'with evidence ids. For plain revenue by a property use query_metrics; for step conversion use query_funnel.',
  toolset: 'attribution',
  input: z.object({
    ...timeRangeFields,
    businessId: z.string().min(1).optional().describe('Only events of this business.'),
    model: z.enum(ATTRIBUTION_MODELS).default('linear').describe('The model of bySource/byCampaign (default linear).'),
    models: z.array(z.enum(ATTRIBUTION_MODELS)).min(1).max(6).optional().describe('Several models at once; the first is the main one (overrides `model`).'),
    conversionEvent: z.string().min(1).max(200).default('order.created').describe('The event name counted as a conversion.'),
    lookbackDays: z.number().positive().max(365).default(30).describe('Lookback window before each conversion, days (default 30).'),
    halfLifeDays: z.number().positive().max(365).default(7).describe('time_decay half-life, days (default 7).'),
    limit: z.number().int().min(1).max(15).default(10).describe('Rows per dimension (1-15, default 10).'),
  }),
  output: z.object({
    model: z.enum(ATTRIBUTION_MODELS).describe('The main model (of bySource, byCampaign, byMedium, byEntity).'),
    ...modelResult.omit({ model: true }).shape,
    totals: attributionTotals,
    window: z.object({
      from: z.number().int().describe('Range start, ms.'),
      to: z.number().int().describe('Range end, ms.'),
      lookbackMs: z.number().describe('Lookback, ms.'),
      halfLifeMs: z.number().describe('time_decay half-life, ms.'),
      conversionEvent: z.string().describe('Conversion event name.'),
    }),
    models: z.array(modelResult).describe('Every model asked for, the main one first.'),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}, { models: ['first_touch', 'last_touch', 'data_driven'], limit: 5 }],
  async handler(input, ctx) {
    const { from, to } = resolveRange(input, ctx.clock());
    const models = input.models ? [...new Set(input.models)] : [input.model];
    const result = await ctx.services.attribution.query({
      workspaceId: ctx.principal.workspaceId,
      businessId: input.businessId,
      from,
      to,
      models,
      conversionEvent: input.conversionEvent,
      lookbackMs: input.lookbackDays * DAY_MS,
      halfLifeMs: input.halfLifeDays * DAY_MS,
      limit: input.limit,
    });
    const main = result.results[0]!;
    return { ...main, totals: result.totals, window: result.window, models: result.results };
  },
});
