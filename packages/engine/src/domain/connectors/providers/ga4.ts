import { createHash } from 'node:crypto';
import { compact, connectorMessageId, currencyOf, isRecord, MappingError, mappedEvent, mapping, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MappedEvent, MapResult } from '../provider.js';

/**
 * Google Analytics 4 Data API reports (https://developers.google.com/analytics/devguides/reporting/data/v1/basics,
 * RunReportResponse: `dimensionHeaders`, `metricHeaders`, `rows[].dimensionValues/metricValues`): each row becomes one
 * `traffic.reported` event, a touchpoint for attribution — sessionSource / sessionMedium / sessionCampaignName (or the
 * first-user and plain source/medium/campaignName variants) go to `source` and `attribution`, sessions, conversions
 * (keyEvents) and revenue (totalRevenue, purchaseRevenue, in `metadata.currencyCode`) to properties, every metric to
 * `properties.metrics` and every other dimension to `properties.dimensions`. A `date` dimension dates the row and is
 * its version; without it a row's version is its metric values, so request reports by date to count them once.
 */
const PROVIDER = 'ga4';
const SOURCE = ['sessionSource', 'firstUserSource', 'source'];
const MEDIUM = ['sessionMedium', 'firstUserMedium', 'medium'];
const CAMPAIGN = ['sessionCampaignName', 'firstUserCampaignName', 'campaignName'];
const CHANNEL_GROUP = ['sessionDefaultChannelGroup', 'firstUserDefaultChannelGroup', 'defaultChannelGroup'];
const REVENUE = ['totalRevenue', 'purchaseRevenue'];
const CONVERSIONS = ['conversions', 'keyEvents'];
const DATED = new Set(['date', 'dateHour', 'dateHourMinute']);

const names = (headers: unknown, path: string): string[] => {
  if (!Array.isArray(headers)) throw new MappingError(`${path}: must be a list of headers`);
  return headers.map((header, index) => {
    const name = isRecord(header) ? header.name : undefined;
    if (typeof name !== 'string' || name === '') throw new MappingError(`${path}[${index}].name: is required`);
    return name;
  });
};

const first = (values: Record<string, string>, keys: readonly string[]): string | undefined => {
  for (const key of keys) if (values[key] !== undefined && values[key] !== '(not set)' && values[key] !== '') return values[key];
  return undefined;
};

/** `20231025` (date), `2023102514` (dateHour) or `202310251430` (dateHourMinute) in ms, UTC. */
function dateOf(value: string, path: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?$/.exec(value);
  if (!match) throw new MappingError(`${path}: must be a GA4 date (YYYYMMDD)`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4] ?? 0), Number(match[5] ?? 0));
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 16);

function mapReport(report: RawRecord, context: MapContext): MapResult {
  const dimensions = names(report.dimensionHeaders ?? [], 'dimensionHeaders');
  const metrics = names(report.metricHeaders, 'metricHeaders');
  if (!Array.isArray(report.rows)) return { error: 'rows: must be the report rows (an empty report has rows: [])' };
  const rows = report.rows;
  const hasRevenue = metrics.some((metric) => REVENUE.includes(metric));
  const currency = hasRevenue ? currencyOf(report, 'metadata.currencyCode') : undefined;
  const recordId = `report:${dimensions.join(',')}|${metrics.join(',')}`;
  const version = digest(rows);
  const events: MappedEvent[] = rows.map((row, index) => {
    if (!isRecord(row)) throw new MappingError(`rows[${index}]: must be an object`);
    const dims: Record<string, string> = {};
    dimensions.forEach((name, position) => {
      const value = Array.isArray(row.dimensionValues) && isRecord(row.dimensionValues[position]) ? row.dimensionValues[position].value : undefined;
      if (typeof value !== 'string') throw new MappingError(`rows[${index}].dimensionValues[${position}].value: is required (${name})`);
      dims[name] = value;
    });
    const values: Record<string, number> = {};
    metrics.forEach((name, position) => {
      const raw = Array.isArray(row.metricValues) && isRecord(row.metricValues[position]) ? row.metricValues[position].value : undefined;
      const number = typeof raw === 'string' && /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(raw) ? Number(raw) : NaN;
      if (!Number.isFinite(number)) throw new MappingError(`rows[${index}].metricValues[${position}].value: must be a number (${name})`);
      values[name] = number;
    });
    const dateKey = dimensions.find((name) => DATED.has(name));
    const timestamp = dateKey === undefined ? context.receivedAt : dateOf(dims[dateKey]!, `rows[${index}].dimensionValues[${dimensions.indexOf(dateKey)}].value`);
    const rowKey = dimensions.length === 0 ? 'total' : dimensions.map((name) => dims[name]).join('|');
    const rowVersion = dateKey === undefined ? digest(values) : dims[dateKey]!;
    const source = first(dims, SOURCE);
    const medium = first(dims, MEDIUM);
    const campaign = first(dims, CAMPAIGN);
    const mappedDims = new Set([...SOURCE, ...MEDIUM, ...CAMPAIGN, ...CHANNEL_GROUP, ...DATED]);
    const otherDims = Object.fromEntries(Object.entries(dims).filter(([name]) => !mappedDims.has(name)));
    const revenueKey = REVENUE.find((name) => values[name] !== undefined);
    const conversionsKey = CONVERSIONS.find((name) => values[name] !== undefined);
    return mappedEvent(
      {
        event: 'traffic.reported',
        // The suffix tells rows of reports with other dimensions or metrics apart.
        messageId: connectorMessageId(PROVIDER, 'row', rowKey, rowVersion, digest(recordId)),
        businessId: context.businessId,
        object: campaign === undefined ? undefined : { type: 'campaign', id: campaign },
        source: compact({ platform: PROVIDER, channel: source, medium, campaign, channelGroup: first(dims, CHANNEL_GROUP) }),
        attribution: source || campaign ? compact({ source, medium, campaign }) : undefined,
        properties: compact({
          date: dateKey === undefined ? undefined : dims[dateKey],
          sessions: values.sessions,
          conversions: conversionsKey === undefined ? undefined : values[conversionsKey],
          revenue: revenueKey === undefined ? undefined : values[revenueKey],
          currency: revenueKey === undefined ? undefined : currency,
          metrics: values,
          dimensions: Object.keys(otherDims).length > 0 ? otherDims : undefined,
        }),
        timestamp,
      },
      { provider: PROVIDER, recordType: 'report', recordId, version },
    );
  });
  const rest = Object.fromEntries(Object.entries(report).filter(([key]) => !['dimensionHeaders', 'metricHeaders', 'rows', 'metadata', 'kind'].includes(key)));
  if (events[0] && Object.keys(rest).length > 0) (events[0].properties as RawRecord).raw = rest;
  return { recordId, version, events };
}

export const ga4: ConnectorProvider = {
  id: PROVIDER,
  title: 'Google Analytics 4',
  vertical: null,
  recordTypes: [
    { name: 'report', description: 'A Data API runReport response → one traffic.reported event per row, with source / medium / campaign as touchpoint and sessions, conversions and revenue as properties.' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint;
    return Array.isArray(record.metricHeaders) && 'rows' in record ? 'report' : undefined;
  },
  map(record, recordType, context) {
    return mapping(() => (recordType === 'report' ? mapReport(record, context) : { error: `recordType: '${recordType}' is not a GA4 record type (report)` }));
  },
};
