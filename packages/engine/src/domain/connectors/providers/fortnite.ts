import { createHash } from 'node:crypto';
import { compact, connectorMessageId, isRecord, mappedEvent, mapping, MappingError, optionalText, requiredId, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult, MappedEvent } from '../provider.js';

/**
 * Fortnite islands: the metrics of Epic's public Fortnite Data API (Ecosystem API, OpenAPI at
 * https://api.fortnite.com/ecosystem/v1/docs; GET /islands/{code}/metrics[/{interval}]): an IslandMetricsResponse is
 * one list of `{ value, timestamp }` per metric (plays, uniquePlayers, minutesPlayed, peakCCU, favorites,
 * recommendations, averageMinutesPerPlayer) and `retention: [{ d1, d7, timestamp }]`. The response does not name its
 * island: the caller adds the island `code` (the path parameter) beside it. Each interval becomes one
 * `stream.reported` (creator_studio): streams = plays, the other metrics by their names, period = the interval's
 * timestamp. A null value (fewer than 5 players in the interval) is left out. An interval's event id is the island and
 * timestamp plus a digest of its values, so a re-read window stores only the intervals whose numbers changed.
 */
const PROVIDER = 'fortnite';

const METRICS = ['plays', 'uniquePlayers', 'minutesPlayed', 'peakCCU', 'favorites', 'recommendations', 'averageMinutesPerPlayer'] as const;

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 16);

function mapIslandMetrics(record: RawRecord, context: MapContext): MapResult {
  const code = requiredId(record, 'code');
  const buckets = new Map<string, RawRecord>();
  const bucket = (timestamp: string) => {
    let values = buckets.get(timestamp);
    if (!values) buckets.set(timestamp, (values = {}));
    return values;
  };
  for (const metric of METRICS) {
    const series = record[metric];
    if (series === undefined || series === null) continue;
    if (!Array.isArray(series)) throw new MappingError(`${metric}: must be a list of { value, timestamp }`);
    series.forEach((point, index) => {
      if (!isRecord(point) || typeof point.timestamp !== 'string') throw new MappingError(`${metric}.${index}.timestamp: is required`);
      if (point.value === null || point.value === undefined) return;
      if (typeof point.value !== 'number' || !Number.isFinite(point.value)) throw new MappingError(`${metric}.${index}.value: must be a number or null`);
      bucket(point.timestamp)[metric] = point.value;
    });
  }
  if (Array.isArray(record.retention)) {
    record.retention.forEach((point, index) => {
      if (!isRecord(point) || typeof point.timestamp !== 'string') throw new MappingError(`retention.${index}.timestamp: is required`);
      const values = bucket(point.timestamp);
      if (typeof point.d1 === 'number') values.retentionD1 = point.d1;
      if (typeof point.d7 === 'number') values.retentionD7 = point.d7;
    });
  }
  const timestamps = [...buckets.keys()].filter((timestamp) => Object.keys(buckets.get(timestamp)!).length > 0).sort();
  if (timestamps.length === 0 && buckets.size === 0) throw new MappingError(`plays: is required (one of ${METRICS.join(', ')} with { value, timestamp } points)`);
  const interval = optionalText(record, 'interval') ?? 'day';
  const recordId = `${code}:${interval}:${timestamps[0] ?? 'empty'}`;
  const version = digest(timestamps.map((timestamp) => [timestamp, buckets.get(timestamp)]));
  const events: MappedEvent[] = timestamps.map((timestamp) => {
    const values = buckets.get(timestamp)!;
    const { plays, ...rest } = values;
    const time = Date.parse(timestamp);
    if (!Number.isFinite(time)) throw new MappingError(`timestamp '${timestamp}': must be a date-time (ISO 8601)`);
    return mappedEvent(
      {
        event: 'stream.reported',
        updatedEvent: 'stream.updated',
        messageId: connectorMessageId(PROVIDER, 'island_metrics', `${code}:${interval}:${timestamp}`, digest(values)),
        businessId: context.businessId,
        object: { type: 'asset', id: code },
        source: { platform: PROVIDER },
        properties: compact({ assetId: code, platform: PROVIDER, streams: plays as number | undefined, period: timestamp, interval, ...rest }),
        timestamp: time,
      },
      { provider: PROVIDER, recordType: 'island_metrics', recordId, version },
    );
  });
  return { recordId, version, events };
}

export const fortnite: ConnectorProvider = {
  id: PROVIDER,
  title: 'Fortnite (Fortnite Data API)',
  vertical: 'creator_studio',
  recordTypes: [
    {
      name: 'island_metrics',
      description: 'An island\'s metrics (GET /islands/{code}/metrics[/{interval}], with the island `code` added) → one stream.reported per interval, streams = plays, with unique players, minutes played, peak CCU, favorites, recommendations and retention.',
    },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint;
    return Array.isArray(record.plays) || Array.isArray(record.uniquePlayers) || Array.isArray(record.peakCCU) ? 'island_metrics' : undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'island_metrics') return mapIslandMetrics(record, context);
      return { error: `recordType: '${recordType}' is not a Fortnite record type (island_metrics)` };
    });
  },
};
