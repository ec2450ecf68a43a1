import { compact, connectorMessageId, isRecord, mappedEvent, mapping, MappingError, optionalText, optionalTime, unmappedFields, versionOf, type RawRecord } from '../mapping.js';

type Reference = string | { id: string; type?: string; [key: string]: unknown };
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Any system whose records are already close to the envelope: an event name (`event`, or `name`), who did it
 * (`actor`, or Segment-style `userId` / `anonymousId`), what it is about (`object`), `properties` and a time. The
 * Segment Track call (https://segment.com/docs/connections/spec/track/) is such a record and maps as it is. The
 * event name is kept as sent (this provider has no vertical to rename into); a `currency` in properties is
 * upper-cased; the campaign of a Segment `context.campaign` becomes the touchpoint; Segment page, screen, identify,
 * group and alias calls (no event name) become `page.viewed`, `screen.viewed`, `user.identified`, …. The record's id is its
 * `messageId` (or `id`), its version `version` / `updatedAt` when it has one.
 */
const PROVIDER = 'generic';

const ENVELOPE_BAGS = ['entity', 'trackable', 'outcome', 'complianceMapping'] as const;

/** Segment calls other than track have no event name: their type names it (the page or screen name kept as `name`). */
const SEGMENT_CALLS: Readonly<Record<string, string>> = { page: 'page.viewed', screen: 'screen.viewed', identify: 'user.identified', group: 'group.joined', alias: 'user.aliased' };

/** `actor` / `object`: an id string or `{ id, type }` as sent; else the Segment user or anonymous id. */
function reference(record: RawRecord, key: 'actor' | 'object'): Reference | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (isRecord(value) && (typeof value.id === 'string' || typeof value.id === 'number')) {
    if (value.type !== undefined && typeof value.type !== 'string') throw new MappingError(`${key}.type: must be a string`);
    return { ...value, id: String(value.id) } as Reference;
  }
  throw new MappingError(`${key}: must be an id or an object with an id`);
}

function touchpoint(record: RawRecord): { source: RawRecord; attribution?: RawRecord } {
  const given = isRecord(record.source) ? record.source : {};
  const campaign = isRecord(record.context) && isRecord(record.context.campaign) ? record.context.campaign : undefined;
  const fromCampaign: { channel?: string; campaign?: string; medium?: string } = campaign ? compact({ channel: optionalText(campaign, 'source'), campaign: optionalText(campaign, 'name'), medium: optionalText(campaign, 'medium') }) : {};
  const source = { platform: PROVIDER, ...fromCampaign, ...given };
  const attribution = isRecord(record.attribution) ? record.attribution : campaign ? compact({ source: fromCampaign.channel, campaign: fromCampaign.campaign, medium: fromCampaign.medium }) : undefined;
  return compact({ source, attribution });
}

function mapEvent(record: RawRecord, context: MapContext): MapResult {
  const callType = optionalText(record, 'type');
  const call = callType !== undefined && Object.hasOwn(SEGMENT_CALLS, callType) ? SEGMENT_CALLS[callType] : undefined;
  const name = optionalText(record, 'event') ?? call ?? optionalText(record, 'name');
  if (name === undefined || name === '') throw new MappingError('event: is required (the event name)');
  const pageName = call !== undefined ? optionalText(record, 'name') : undefined;
  const recordId = optionalText(record, 'messageId') ?? optionalText(record, 'id');
  if (recordId === undefined || recordId === '') throw new MappingError('messageId: is required (or id: the record\'s id)');
  const version = versionOf(record, ['version', 'updatedAt', 'updated_at']);
  const userId = optionalText(record, 'userId');
  const anonymousId = optionalText(record, 'anonymousId');
  const actor = reference(record, 'actor') ?? (userId ? { type: 'user', id: userId } : anonymousId ? { type: 'anonymous', id: anonymousId } : undefined);
  if (record.properties !== undefined && record.properties !== null && !isRecord(record.properties)) throw new MappingError('properties: must be an object');
  const given: RawRecord = isRecord(record.properties) ? { ...record.properties } : {};
  if (typeof given.currency === 'string' && /^[a-z]{3}$/i.test(given.currency)) given.currency = given.currency.toUpperCase();
  const bags: RawRecord = {};
  for (const key of ENVELOPE_BAGS) if (isRecord(record[key])) bags[key] = record[key];
  const used = ['event', 'name', 'messageId', 'id', 'version', 'actor', 'object', 'userId', 'anonymousId', 'properties', 'timestamp', 'source', 'attribution', 'sessionId', 'traceId', ...ENVELOPE_BAGS];
  const raw = unmappedFields(record, used);
  const event = mappedEvent(
    {
      event: name,
      messageId: connectorMessageId(PROVIDER, 'event', recordId, version),
      businessId: context.businessId,
      actor,
      object: reference(record, 'object'),
      ...bags,
      sessionId: optionalText(record, 'sessionId'),
      traceId: optionalText(record, 'traceId'),
      ...touchpoint(record),
      properties: compact({ ...given, name: pageName ?? given.name, anonymousId: userId && anonymousId ? anonymousId : undefined, raw }),
      timestamp: optionalTime(record, 'timestamp') ?? optionalTime(record, 'originalTimestamp') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'event', recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const generic: ConnectorProvider = {
  id: PROVIDER,
  title: 'Generic',
  vertical: null,
  webhook: 'hmac_sha256',
  recordTypes: [{ name: 'event', description: 'A record with an event name, an actor, properties and a time (e.g. a Segment track call) → that event, its name kept.' }],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint === 'track' || Object.hasOwn(SEGMENT_CALLS, hint) ? 'event' : hint;
    return typeof record.event === 'string' || typeof record.name === 'string' || (typeof record.type === 'string' && Object.hasOwn(SEGMENT_CALLS, record.type)) ? 'event' : undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'event') return mapEvent(record, context);
      return { error: `recordType: '${recordType}' is not a generic record type (event)` };
    });
  },
  /** A list, or a Segment batch (`{"batch": [...]}`), gives its records; any other body is one record. */
  webhookRecords(body) {
    if (Array.isArray(body)) return { records: body };
    if (isRecord(body) && Array.isArray(body.batch)) return { records: body.batch };
    return { records: [body] };
  },
};
