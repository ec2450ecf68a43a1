import { createHash } from 'node:crypto';
import { compact, connectorMessageId, isRecord, mappedEvent, mapping, MappingError, optionalNumber, optionalText, optionalTime, requiredId, unmappedFields, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult, MappedEvent } from '../provider.js';

/**
 * YouTube: videos of the Data API v3 (https://developers.google.com/youtube/v3/docs/videos#resource, the items of
 * videos.list) and reports of the Analytics API (https://developers.google.com/youtube/analytics/reference/reports/query).
 *
 * - A video becomes `stream.reported` (creator_studio: the platform's count for an asset and period): streams =
 *   statistics.viewCount, the lifetime totals, versioned by the resource's etag, so that a re-read video whose
 *   numbers changed is a new event (`stream.updated`) and an unchanged one is stored once; with its snippet it also
 *   becomes `asset.launched` at publishedAt (one event per video, whatever the etag).
 * - A report (`youtubeAnalytics#resultTable`) with a `video` dimension becomes one `stream.reported` per row: streams =
 *   views, watchMinutes = estimatedMinutesWatched, the other metrics by their names, period = the `day` (or `month`)
 *   dimension, else the query's `startDate`..`endDate` when the caller adds them to the record. A row's event id is
 *   its video and period plus a digest of its values, so a re-run report stores only the rows that changed.
 */
const PROVIDER = 'youtube';

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 16);

/** The video's unmapped parts (contentDetails, status, ...) and the rest of its snippet (description, thumbnails, ...). */
function rawOf(video: RawRecord, snippet: RawRecord | undefined): RawRecord | undefined {
  const rest = unmappedFields(video, ['id', 'etag', 'snippet', 'statistics']) ?? {};
  const snippetRest = snippet ? unmappedFields(snippet, ['channelId', 'title', 'publishedAt', 'categoryId']) : undefined;
  if (snippetRest) rest.snippet = snippetRest;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

function mapVideo(video: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(video, 'id');
  const version = optionalText(video, 'etag') ?? '0';
  const snippet = isRecord(video.snippet) ? video.snippet : undefined;
  const statistics = isRecord(video.statistics) ? video.statistics : undefined;
  const channelId = snippet ? optionalText(snippet, 'channelId') : undefined;
  const title = snippet ? optionalText(snippet, 'title') : undefined;
  const publishedAt = snippet ? optionalText(snippet, 'publishedAt') : undefined;
  const provenance = { provider: PROVIDER, recordType: 'video', recordId, version };
  const actor = channelId ? { type: 'channel', id: channelId } : undefined;
  const object = { type: 'asset', id: recordId };
  const events: MappedEvent[] = [];
  if (publishedAt !== undefined) {
    events.push(
      mappedEvent(
        {
          event: 'asset.launched',
          messageId: connectorMessageId(PROVIDER, 'video', recordId, publishedAt, 'launched'),
          businessId: context.businessId,
          actor,
          object,
          source: { platform: PROVIDER },
          properties: compact({ assetId: recordId, title, kind: 'video', platform: PROVIDER, categoryId: optionalText(snippet!, 'categoryId') }),
          timestamp: optionalTime(snippet!, 'publishedAt') ?? context.receivedAt,
        },
        provenance,
      ),
    );
  }
  if (statistics !== undefined) {
    const streams = optionalNumber(statistics, 'viewCount');
    if (streams === undefined) throw new MappingError('statistics.viewCount: is required (the video\'s views)');
    events.push(
      mappedEvent(
        {
          event: 'stream.reported',
          updatedEvent: 'stream.updated',
          messageId: connectorMessageId(PROVIDER, 'video', recordId, version),
          businessId: context.businessId,
          actor,
          object,
          source: { platform: PROVIDER },
          properties: compact({
            assetId: recordId,
            platform: PROVIDER,
            streams,
            period: 'lifetime',
            likes: optionalNumber(statistics, 'likeCount'),
            dislikes: optionalNumber(statistics, 'dislikeCount'),
            favorites: optionalNumber(statistics, 'favoriteCount'),
            comments: optionalNumber(statistics, 'commentCount'),
            title,
            raw: rawOf(video, snippet),
          }),
          timestamp: context.receivedAt,
        },
        provenance,
      ),
    );
  }
  if (events.length === 0) throw new MappingError('statistics: is required (request the statistics part, or the snippet part for the launch)');
  return { recordId, version, events };
}

interface Column {
  name: string;
  columnType: string;
}

function mapReport(report: RawRecord, context: MapContext): MapResult {
  if (!Array.isArray(report.columnHeaders)) throw new MappingError('columnHeaders: is required (the report\'s columns)');
  const columns: Column[] = report.columnHeaders.map((header, index) => {
    if (!isRecord(header) || typeof header.name !== 'string') throw new MappingError(`columnHeaders.${index}.name: is required`);
    return { name: header.name, columnType: typeof header.columnType === 'string' ? header.columnType : 'METRIC' };
  });
  const videoIndex = columns.findIndex((column) => column.name === 'video');
  if (videoIndex < 0) throw new MappingError('columnHeaders: needs the video dimension (dimensions=video) to tell which asset a row is about');
  const rows = report.rows === undefined ? [] : report.rows;
  if (!Array.isArray(rows)) throw new MappingError('rows: must be a list of rows');
  const startDate = optionalText(report, 'startDate');
  const endDate = optionalText(report, 'endDate');
  const range = startDate && endDate ? `${startDate}..${endDate}` : undefined;
  const periodIndex = columns.findIndex((column) => column.name === 'day' || column.name === 'month');
  const keys = rows.map((row, index) => {
    if (!Array.isArray(row) || row.length !== columns.length) throw new MappingError(`rows.${index}: must have one value per column (${columns.length})`);
    const video = row[videoIndex];
    if (typeof video !== 'string' || video === '') throw new MappingError(`rows.${index}.${videoIndex}: the video id is required`);
    return { video, period: periodIndex >= 0 ? String(row[periodIndex]) : range };
  });
  const recordId = `report:${digest([columns.map((column) => column.name), range, keys])}`;
  const version = digest(rows);
  const events = rows.map((row, index) => {
    const values = row as unknown[];
    const { video, period } = keys[index]!;
    const metrics: RawRecord = {};
    const dimensions: RawRecord = {};
    columns.forEach((column, at) => {
      if (at === videoIndex || at === periodIndex) return;
      if (column.columnType === 'DIMENSION') dimensions[column.name] = values[at];
      else metrics[column.name] = typeof values[at] === 'string' ? optionalNumber({ value: values[at] }, 'value') : values[at];
    });
    const rowKey = `${video}:${period ?? 'all'}${Object.keys(dimensions).length > 0 ? `:${digest(dimensions)}` : ''}`;
    const views = metrics.views;
    const watchMinutes = metrics.estimatedMinutesWatched;
    delete metrics.views;
    delete metrics.estimatedMinutesWatched;
    const periodStart = period && /^\d{4}-\d{2}(-\d{2})?$/.test(period) ? Date.parse(period.length === 7 ? `${period}-01T00:00:00Z` : `${period}T00:00:00Z`) : undefined;
    return mappedEvent(
      {
        event: 'stream.reported',
        updatedEvent: 'stream.updated',
        messageId: connectorMessageId(PROVIDER, 'report', rowKey, digest(values)),
        businessId: context.businessId,
        object: { type: 'asset', id: video },
        source: { platform: PROVIDER },
        properties: compact({ assetId: video, platform: PROVIDER, streams: views, watchMinutes, period, ...dimensions, ...metrics }),
        timestamp: periodStart ?? context.receivedAt,
      },
      { provider: PROVIDER, recordType: 'report', recordId, version },
    );
  });
  return { recordId, version, events };
}

export const youtube: ConnectorProvider = {
  id: PROVIDER,
  title: 'YouTube',
  vertical: 'creator_studio',
  recordTypes: [
    { name: 'video', description: 'A Data API video (an item of videos.list) → stream.reported with streams = statistics.viewCount (lifetime) and asset.launched at snippet.publishedAt.' },
    { name: 'report', description: 'An Analytics reports.query result (dimensions including video) → one stream.reported per row, streams = views, watchMinutes = estimatedMinutesWatched.' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint;
    if (record.kind === 'youtubeAnalytics#resultTable' || Array.isArray(record.columnHeaders)) return 'report';
    if (record.kind === 'youtube#video' || isRecord(record.statistics)) return 'video';
    return undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'video') return mapVideo(record, context);
      if (recordType === 'report') return mapReport(record, context);
      return { error: `recordType: '${recordType}' is not a YouTube record type (video, report)` };
    });
  },
};
