import { compact, connectorMessageId, isRecord, mappedEvent, mapping, MappingError, optionalText, optionalTime, requiredId, unmappedFields, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Roblox webhook notifications (https://create.roblox.com/docs/cloud/webhooks/webhook-notifications): every payload
 * is `{ NotificationId, EventType, EventTime, EventPayload }`.
 *
 * - CommerceProductOrderPaid / Refunded → `merch.order_paid` / `merch.order_refunded`: the order (its resource path
 *   `universes/{u}/commerce-products/{p}/orders/{o}`) is the record, versioned by its updateTime and state, because
 *   Roblox may deliver one order twice; `merchantOrderId` links it to the merchant's (Shopify's) order, which carries
 *   the money (the Roblox payload has no price).
 * - AnalyticsAlert → `experience.alert_fired` / `experience.alert_recovered` (its AlertMessage, a JSON string, read).
 * - RightToErasureRequest → `privacy.erasure_requested` with the user and the game ids.
 * - Subscription* → `subscription.purchased`, `.renewed`, `.resubscribed`, `.refunded`, `.cancelled`; any other type
 *   → `roblox.<event_type>`, its payload kept.
 * Other notifications are the record themselves: id NotificationId, version EventTime.
 */
const PROVIDER = 'roblox';

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

const SUBSCRIPTIONS: Record<string, string> = {
  SubscriptionPurchased: 'subscription.purchased',
  SubscriptionRenewed: 'subscription.renewed',
  SubscriptionResubscribed: 'subscription.resubscribed',
  SubscriptionRefunded: 'subscription.refunded',
  SubscriptionCancelled: 'subscription.cancelled',
};

/** `users/123` → `123`; a plain id as it is. */
const userId = (value: string | undefined) => value?.replace(/^users\//, '');

function alertOf(payload: RawRecord): RawRecord {
  const text = optionalText(payload, 'AlertMessage');
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : {};
  } catch {
    throw new MappingError('EventPayload.AlertMessage: must be the alert as JSON text');
  }
}

function mapNotification(record: RawRecord, context: MapContext): MapResult {
  const notificationId = requiredId(record, 'NotificationId');
  const type = optionalText(record, 'EventType');
  if (type === undefined || type === '') throw new MappingError('EventType: is required');
  const eventTime = optionalText(record, 'EventTime');
  const payload = isRecord(record.EventPayload) ? record.EventPayload : {};
  const time = optionalTime(record, 'EventTime') ?? context.receivedAt;
  const base = { businessId: context.businessId, source: { platform: PROVIDER }, timestamp: time };
  const notification = { notificationId, eventType: type };

  if (type === 'CommerceProductOrderPaid' || type === 'CommerceProductOrderRefunded') {
    const path = optionalText(payload, 'path');
    const parts = path ? /^universes\/([^/]+)\/commerce-products\/([^/]+)\/orders\/([^/]+)$/.exec(path) : null;
    if (!parts) throw new MappingError('EventPayload.path: is required (universes/{universe}/commerce-products/{product}/orders/{order})');
    const [, universeId, productId, orderId] = parts as unknown as [string, string, string, string];
    const state = optionalText(payload, 'state');
    const recordId = `order:${orderId}`;
    const version = `${optionalText(payload, 'updateTime') ?? eventTime ?? '0'}:${state ?? type}`;
    const buyer = userId(optionalText(payload, 'user'));
    const event = mappedEvent(
      {
        ...base,
        event: type === 'CommerceProductOrderPaid' ? 'merch.order_paid' : 'merch.order_refunded',
        messageId: connectorMessageId(PROVIDER, 'notification', recordId, version),
        actor: buyer ? { type: 'user', id: buyer } : undefined,
        object: { type: 'order', id: orderId },
        properties: compact({
          ...notification,
          orderId,
          universeId,
          commerceProductId: productId,
          state,
          merchant: optionalText(payload, 'merchant'),
          merchantOrderId: optionalText(payload, 'merchantOrderId'),
          raw: unmappedFields(payload, ['path', 'state', 'user', 'merchant', 'merchantOrderId', 'updateTime']),
        }),
        timestamp: optionalTime(payload, 'updateTime') ?? time,
      },
      { provider: PROVIDER, recordType: 'notification', recordId, version },
    );
    return { recordId, version, events: [event] };
  }

  const version = eventTime ?? '0';
  const provenance = { provider: PROVIDER, recordType: 'notification', recordId: notificationId, version };
  const messageId = connectorMessageId(PROVIDER, 'notification', notificationId, version);
  const user = optionalText(payload, 'UserId');
  const actor = user ? { type: 'user', id: user } : undefined;
  if (type === 'AnalyticsAlert') {
    const alert = alertOf(payload);
    const summary = optionalText(alert, 'summary');
    const state = summary && /\bfired\b/i.test(summary) ? 'fired' : summary && /\brecovered\b/i.test(summary) ? 'recovered' : undefined;
    const target = optionalText(payload, 'TargetId');
    const event = mappedEvent(
      {
        ...base,
        event: state ? `experience.alert_${state}` : 'experience.alert',
        messageId,
        object: target ? { type: (optionalText(payload, 'TargetType') ?? 'universe').toLowerCase(), id: target } : undefined,
        properties: compact({
          ...notification,
          summary,
          metric: optionalText(alert, 'metric'),
          universeId: optionalText(alert, 'universe_id') ?? target,
          evaluatedAt: optionalText(alert, 'evaluation_time_utc'),
          alertHistory: optionalText(alert, 'alert_history'),
          raw: unmappedFields(alert, ['summary', 'metric', 'universe_id', 'evaluation_time_utc', 'alert_history']),
        }),
      },
      provenance,
    );
    return { recordId: notificationId, version, events: [event] };
  }
  const gameIds = Array.isArray(payload.GameIds) ? payload.GameIds.map(String) : undefined;
  const event = mappedEvent(
    {
      ...base,
      event: type === 'RightToErasureRequest' ? 'privacy.erasure_requested' : (Object.hasOwn(SUBSCRIPTIONS, type) ? SUBSCRIPTIONS[type]! : `roblox.${snake(type)}`),
      messageId,
      actor,
      properties: compact({ ...notification, gameIds, raw: unmappedFields(payload, ['UserId', 'GameIds']) }),
    },
    provenance,
  );
  return { recordId: notificationId, version, events: [event] };
}

export const roblox: ConnectorProvider = {
  id: PROVIDER,
  title: 'Roblox',
  vertical: 'creator_studio',
  recordTypes: [
    {
      name: 'notification',
      description:
        'A webhook notification ({NotificationId, EventType, EventTime, EventPayload}) → merch.order_paid / merch.order_refunded (commerce orders), experience.alert_fired / _recovered, privacy.erasure_requested, subscription.*, else roblox.<event_type>.',
    },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint;
    return 'NotificationId' in record && 'EventType' in record ? 'notification' : undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'notification') return mapNotification(record, context);
      return { error: `recordType: '${recordType}' is not a Roblox record type (notification)` };
    });
  },
  webhookRecords(body) {
    return { records: [body] };
  },
};
