import { compact, connectorMessageId, currencyOf, isRecord, mappedEvent, mapping, MappingError, optionalNumber, optionalText, requiredId, unmappedFields, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * TikTok ads spend: rows of the Marketing API's synchronous report (GET /open_api/v1.3/report/integrated/get/,
 * https://business-api.tiktok.com/portal/docs?id=1740302848100353), each `{ dimensions, metrics }` of `data.list`,
 * with `campaign_id` and `stat_time_day` dimensions. A row becomes `ad.spend_reported` like the other ads providers:
 * `properties.cost` = metrics.spend (major units) with the currency, clicks, impressions and conversions, the campaign
 * as object and as the touchpoint. TikTok reports metrics as strings; the currency is the `currency` attribute metric
 * (or a `currency` the caller adds beside the row: the advertiser's). A row's id is campaign + day, its version the
 * metrics, so a re-pulled unchanged day is a duplicate and a restated one `ad.spend_updated`. A whole response
 * (`{ code, data: { list } }`) given as the webhook body is unwrapped into its rows.
 */
const PROVIDER = 'tiktok';

function dayOf(dimensions: RawRecord): string {
  const value = optionalText(dimensions, 'stat_time_day');
  const day = value?.slice(0, 10);
  if (day === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new MappingError('dimensions.stat_time_day: is required (a YYYY-MM-DD[ HH:MM:SS] day)');
  return day;
}

function mapRow(row: RawRecord, context: MapContext): MapResult {
  if (!isRecord(row.dimensions)) throw new MappingError('dimensions: is required (the row\'s campaign_id and stat_time_day)');
  if (!isRecord(row.metrics)) throw new MappingError('metrics: is required (spend, clicks, impressions, ...)');
  const dimensions = row.dimensions;
  const metrics = row.metrics;
  const campaignId = requiredId(dimensions, 'campaign_id');
  const date = dayOf(dimensions);
  const spend = optionalNumber(metrics, 'spend');
  if (spend === undefined) throw new MappingError('metrics.spend: is required');
  const currency = optionalText(metrics, 'currency') !== undefined ? currencyOf(metrics, 'currency') : currencyOf(row, 'currency');
  const clicks = optionalNumber(metrics, 'clicks');
  const impressions = optionalNumber(metrics, 'impressions');
  const conversions = optionalNumber(metrics, 'conversion');
  const campaign = optionalText(metrics, 'campaign_name') ?? campaignId;
  const recordId = `${campaignId}:${date}`;
  const version = `${spend}:${clicks ?? 0}:${impressions ?? 0}:${conversions ?? 0}`;
  const extraMetrics: RawRecord = {};
  for (const [key, value] of Object.entries(metrics)) {
    if (['spend', 'currency', 'clicks', 'impressions', 'conversion', 'campaign_name'].includes(key) || value === null) continue;
    extraMetrics[key] = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  const otherDimensions = unmappedFields(dimensions, ['campaign_id', 'stat_time_day']);
  const raw = compact({ ...unmappedFields(row, ['dimensions', 'metrics', 'currency']), ...(otherDimensions ? { dimensions: otherDimensions } : {}), ...(Object.keys(extraMetrics).length > 0 ? { metrics: extraMetrics } : {}) });
  const event = mappedEvent(
    {
      event: 'ad.spend_reported',
      updatedEvent: 'ad.spend_updated',
      messageId: connectorMessageId(PROVIDER, 'campaign_day', recordId, version),
      businessId: context.businessId,
      object: { type: 'campaign', id: campaignId },
      source: { channel: 'paid', platform: PROVIDER, campaign, medium: 'cpc' },
      attribution: { source: PROVIDER, medium: 'cpc', campaign, cost: spend, currency },
      properties: compact({
        campaign,
        campaignId,
        accountId: optionalText(dimensions, 'advertiser_id') ?? optionalText(row, 'advertiser_id'),
        date,
        cost: spend,
        currency,
        clicks,
        impressions,
        conversions,
        raw: Object.keys(raw).length > 0 ? raw : undefined,
      }),
      timestamp: Date.parse(`${date}T00:00:00Z`),
    },
    { provider: PROVIDER, recordType: 'campaign_day', recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const tiktok: ConnectorProvider = {
  id: PROVIDER,
  title: 'TikTok Ads',
  vertical: null,
  recordTypes: [{ name: 'campaign_day', description: 'A report/integrated/get row by campaign_id and stat_time_day → ad.spend_reported with cost = metrics.spend, clicks, impressions; a restated day → ad.spend_updated.' }],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint;
    return isRecord(record.dimensions) && isRecord(record.metrics) ? 'campaign_day' : undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'campaign_day') return mapRow(record, context);
      return { error: `recordType: '${recordType}' is not a TikTok record type (campaign_day)` };
    });
  },
  webhookRecords(body) {
    if (isRecord(body) && isRecord(body.data) && Array.isArray(body.data.list)) return { records: body.data.list, recordType: 'campaign_day' };
    return { records: [body] };
  },
};
