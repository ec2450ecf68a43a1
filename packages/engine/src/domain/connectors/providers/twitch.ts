import { compact, connectorMessageId, isRecord, mappedEvent, mapping, MappingError, optionalText, optionalTime, requiredId, unmappedFields, versionOf, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Twitch EventSub notifications (https://dev.twitch.tv/docs/eventsub/eventsub-subscription-types/): a record is the
 * webhook body `{ subscription, event }`, or the WebSocket message `{ metadata, payload: { subscription, event } }`.
 * stream.online → `livestream.started` (the stream is the object), stream.offline → `livestream.ended`,
 * channel.follow → `channel.followed` and channel.subscribe → `channel.subscribed` (the viewer is the actor).
 *
 * stream.offline and channel.subscribe carry no time and no id of their own: their version is the message's
 * timestamp (the `Twitch-Eventsub-Message-Timestamp` header, kept by `webhookRecords` as the WebSocket message's
 * `metadata`), so that each notification is one event and a redelivered one is stored once.
 */
const PROVIDER = 'twitch';

/** Subscription type (as Twitch names it) → record type. */
const TYPES: Record<string, string> = {
  'stream.online': 'stream_online',
  'stream.offline': 'stream_offline',
  'channel.follow': 'channel_follow',
  'channel.subscribe': 'channel_subscribe',
};

interface Notification {
  subscription: RawRecord;
  event: RawRecord;
  metadata: RawRecord;
}

function notificationOf(record: RawRecord): Notification {
  const body = isRecord(record.payload) && !isRecord(record.event) ? record.payload : record;
  if (!isRecord(body.event)) throw new MappingError('event: is required (the notification\'s event object)');
  return { subscription: isRecord(body.subscription) ? body.subscription : {}, event: body.event, metadata: isRecord(record.metadata) ? record.metadata : {} };
}

const userRef = (event: RawRecord, prefix: '' | 'broadcaster_', type: string) =>
  compact({ type, id: requiredId(event, `${prefix}user_id`), login: optionalText(event, `${prefix}user_login`), name: optionalText(event, `${prefix}user_name`) });

/** The event's unmapped fields, and the subscription's (status, condition, transport, ...) under `subscription`. */
function rawOf(event: RawRecord, used: readonly string[], subscription: RawRecord): RawRecord | undefined {
  const rest = unmappedFields(event, used) ?? {};
  const subscriptionRest = unmappedFields(subscription, ['id', 'version', 'type']);
  if (subscriptionRest) rest.subscription = subscriptionRest;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

function mapNotification(record: RawRecord, recordType: string, context: MapContext): MapResult {
  const { subscription, event, metadata } = notificationOf(record);
  const broadcaster = requiredId(event, 'broadcaster_user_id');
  const channel = { type: 'channel', id: broadcaster };
  const messageTime = optionalTime(metadata, 'message_timestamp');
  const common = ['broadcaster_user_id', 'broadcaster_user_login', 'broadcaster_user_name'];
  let name: string;
  let recordId: string;
  let version: string;
  let used: string[];
  let fields: RawRecord;
  let time: number | undefined;
  if (recordType === 'stream_online') {
    recordId = requiredId(event, 'id');
    version = versionOf(event, ['started_at']);
    name = 'livestream.started';
    used = [...common, 'id', 'type', 'started_at'];
    fields = { streamId: recordId, streamType: optionalText(event, 'type') };
    time = optionalTime(event, 'started_at');
  } else if (recordType === 'stream_offline') {
    recordId = broadcaster;
    version = versionOf(metadata, ['message_timestamp']);
    name = 'livestream.ended';
    used = common;
    fields = {};
  } else if (recordType === 'channel_follow') {
    recordId = `${broadcaster}:${requiredId(event, 'user_id')}`;
    version = versionOf(event, ['followed_at']);
    name = 'channel.followed';
    used = [...common, 'user_id', 'user_login', 'user_name', 'followed_at'];
    fields = {};
    time = optionalTime(event, 'followed_at');
  } else {
    recordId = `${broadcaster}:${requiredId(event, 'user_id')}`;
    version = versionOf(metadata, ['message_timestamp']);
    name = 'channel.subscribed';
    used = [...common, 'user_id', 'user_login', 'user_name', 'tier', 'is_gift'];
    fields = { tier: optionalText(event, 'tier'), isGift: typeof event.is_gift === 'boolean' ? event.is_gift : undefined };
  }
  const viewer = recordType === 'channel_follow' || recordType === 'channel_subscribe';
  const mapped = mappedEvent(
    {
      event: name,
      messageId: connectorMessageId(PROVIDER, recordType, recordId, version),
      businessId: context.businessId,
      actor: viewer ? userRef(event, '', 'user') : userRef(event, 'broadcaster_', 'channel'),
      object: recordType === 'stream_online' ? { type: 'stream', id: recordId } : channel,
      source: { platform: PROVIDER },
      properties: compact({
        channelId: broadcaster,
        ...fields,
        subscriptionId: optionalText(subscription, 'id'),
        subscriptionVersion: optionalText(subscription, 'version'),
        deliveryId: optionalText(metadata, 'message_id'),
        raw: rawOf(event, used, subscription),
      }),
      timestamp: time ?? messageTime ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType, recordId, version },
  );
  return { recordId, version, events: [mapped] };
}

export const twitch: ConnectorProvider = {
  id: PROVIDER,
  title: 'Twitch',
  vertical: 'creator_studio',
  webhook: 'twitch',
  recordTypes: [
    { name: 'stream_online', description: 'An EventSub stream.online notification → livestream.started (the stream is the object, the channel the actor).' },
    { name: 'stream_offline', description: 'An EventSub stream.offline notification → livestream.ended; its version is the message timestamp.' },
    { name: 'channel_follow', description: 'An EventSub channel.follow notification → channel.followed (the follower is the actor).' },
    { name: 'channel_subscribe', description: 'An EventSub channel.subscribe notification → channel.subscribed with the tier; its version is the message timestamp.' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return Object.hasOwn(TYPES, hint) ? TYPES[hint] : hint;
    const body = isRecord(record.payload) ? record.payload : record;
    const type = isRecord(body.subscription) ? body.subscription.type : isRecord(record.metadata) ? record.metadata.subscription_type : undefined;
    return typeof type === 'string' && Object.hasOwn(TYPES, type) ? TYPES[type] : undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (Object.values(TYPES).includes(recordType)) return mapNotification(record, recordType, context);
      return { error: `recordType: '${recordType}' is not a Twitch record type (${Object.values(TYPES).join(', ')})` };
    });
  },
  /**
   * A notification is one record, kept with the message headers as the WebSocket transport's `metadata`; the
   * verification challenge and revocation messages carry no event and give no records.
   */
  webhookRecords(body, headers) {
    const type = headers['twitch-eventsub-message-type'];
    if ((type !== undefined && type !== 'notification') || !isRecord(body)) return { records: [] };
    const metadata = compact({
      message_id: headers['twitch-eventsub-message-id'],
      message_type: type,
      message_timestamp: headers['twitch-eventsub-message-timestamp'],
      subscription_type: headers['twitch-eventsub-subscription-type'],
      subscription_version: headers['twitch-eventsub-subscription-version'],
    });
    return { records: [{ metadata, payload: body }], recordType: headers['twitch-eventsub-subscription-type'] };
  },
};
