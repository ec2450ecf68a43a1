import { compact, connectorMessageId, currencyOf, isRecord, mappedEvent, mapping, MappingError, optionalId, optionalNumber, optionalText, requiredId, requiredNumber, unmappedFields, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Ads spend by campaign and day → `ad.spend_reported`: `properties.cost` (major units) with currency, clicks,
 * impressions and conversions, the campaign as object and as the touchpoint (`source.channel: paid`, `source.campaign`
 * the campaign's name), so attribution and ROAS read cost beside the revenue of the same campaign. A report row's id is
 * campaign + date; its version the metrics themselves, so a re-pulled unchanged day is a duplicate and a restated one
 * `ad.spend_updated` (carrying the day's full, restated figures).
 */
function spendEvent(input: {
  provider: string;
  platform: string;
  campaignId: string;
  campaign: string | undefined;
  date: string;
  cost: number;
  currency: string;
  clicks: number | undefined;
  impressions: number | undefined;
  conversions: number | undefined;
  accountId: string | undefined;
  raw: RawRecord | undefined;
  context: MapContext;
}): MapResult {
  const recordId = `${input.campaignId}:${input.date}`;
  const version = `${input.cost}:${input.clicks ?? 0}:${input.impressions ?? 0}:${input.conversions ?? 0}`;
  const campaign = input.campaign ?? input.campaignId;
  const event = mappedEvent(
    {
      event: 'ad.spend_reported',
      updatedEvent: 'ad.spend_updated',
      messageId: connectorMessageId(input.provider, 'campaign_day', recordId, version),
      businessId: input.context.businessId,
      object: { type: 'campaign', id: input.campaignId },
      source: { channel: 'paid', platform: input.platform, campaign, medium: 'cpc' },
      attribution: { source: input.platform, medium: 'cpc', campaign, cost: input.cost, currency: input.currency },
      properties: compact({
        campaign,
        campaignId: input.campaignId,
        accountId: input.accountId,
        date: input.date,
        cost: input.cost,
        currency: input.currency,
        clicks: input.clicks,
        impressions: input.impressions,
        conversions: input.conversions,
        raw: input.raw,
      }),
      timestamp: Date.parse(`${input.date}T00:00:00Z`),
    },
    { provider: input.provider, recordType: 'campaign_day', recordId, version },
  );
  return { recordId, version, events: [event] };
}

function dateOf(record: RawRecord, path: string): string {
  const date = optionalText(record, path);
  if (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new MappingError(`${path}: must be a YYYY-MM-DD date`);
  return date;
}

/**
 * Meta Ads: rows of the Marketing API Insights edge at campaign level with a daily time increment
 * (https://developers.facebook.com/docs/marketing-api/insights: campaign_id, campaign_name, spend, impressions,
 * clicks as strings, date_start, date_stop, and account_currency when requested).
 */
export const metaAds: ConnectorProvider = {
  id: 'meta_ads',
  title: 'Meta Ads',
  vertical: 'dtc_commerce_ops',
  recordTypes: [{ name: 'campaign_day', description: 'An Insights row of one campaign and day → ad.spend_reported (cost = spend); restated → ad.spend_updated.' }],
  recordTypeOf: () => 'campaign_day',
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType !== 'campaign_day') return { error: `recordType: '${recordType}' is not a Meta Ads record type (campaign_day)` };
      const actions = Array.isArray(record.actions) ? record.actions.filter(isRecord) : [];
      const purchases = actions.find((action) => optionalText(action, 'action_type') === 'purchase' || optionalText(action, 'action_type') === 'offsite_conversion.fb_pixel_purchase');
      return spendEvent({
        provider: 'meta_ads',
        platform: 'meta',
        campaignId: requiredId(record, 'campaign_id'),
        campaign: optionalText(record, 'campaign_name'),
        date: dateOf(record, 'date_start'),
        cost: requiredNumber(record, 'spend'),
        currency: currencyOf(record, 'account_currency'),
        clicks: optionalNumber(record, 'clicks'),
        impressions: optionalNumber(record, 'impressions'),
        conversions: purchases ? optionalNumber(purchases, 'value') : undefined,
        accountId: optionalId(record, 'account_id'),
        raw: unmappedFields(record, ['campaign_id', 'campaign_name', 'date_start', 'date_stop', 'spend', 'account_currency', 'clicks', 'impressions', 'account_id']),
        context,
      });
    });
  },
};

/**
 * Google Ads: rows of a GoogleAdsService search / searchStream answer for a campaign-level query segmented by date
 * (https://developers.google.com/google-ads/api/docs/reporting/overview: `{ campaign: { resourceName, id, name },
 * metrics: { costMicros, clicks, impressions, conversions }, segments: { date } }`, with `customer.currencyCode` when
 * selected). Cost is in micros of the account currency.
 */
export const googleAds: ConnectorProvider = {
  id: 'google_ads',
  title: 'Google Ads',
  vertical: 'dtc_commerce_ops',
  recordTypes: [{ name: 'campaign_day', description: 'A campaign row segmented by date → ad.spend_reported (cost = costMicros / 1,000,000); restated → ad.spend_updated.' }],
  recordTypeOf: () => 'campaign_day',
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType !== 'campaign_day') return { error: `recordType: '${recordType}' is not a Google Ads record type (campaign_day)` };
      const micros = requiredNumber(record, 'metrics.costMicros');
      const rest = unmappedFields(record, ['campaign', 'metrics', 'segments', 'customer']);
      return spendEvent({
        provider: 'google_ads',
        platform: 'google',
        campaignId: requiredId(record, 'campaign.id'),
        campaign: optionalText(record, 'campaign.name'),
        date: dateOf(record, 'segments.date'),
        cost: Math.round(micros / 10_000) / 100,
        currency: currencyOf(record, 'customer.currencyCode'),
        clicks: optionalNumber(record, 'metrics.clicks'),
        impressions: optionalNumber(record, 'metrics.impressions'),
        conversions: optionalNumber(record, 'metrics.conversions'),
        accountId: optionalId(record, 'customer.id'),
        raw: compact({ ...rest, resourceName: optionalText(record, 'campaign.resourceName'), status: optionalText(record, 'campaign.status') }),
        context,
      });
    });
  },
};
