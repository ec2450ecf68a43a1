import { compact, connectorMessageId, isRecord, mappedEvent, mapping, optionalText, optionalTime, requiredId, unmappedFields, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Resend webhooks (https://resend.com/docs/dashboard/webhooks/event-types): every delivery is one event
 * `{ "type": "email.delivered", "created_at": ..., "data": { "email_id", "from", "to", ... } }`, signed with Svix.
 * The email events keep Resend's names (`email.sent`, `email.delivered`, `email.opened`, `email.clicked`,
 * `email.bounced`, `email.complained`, `email.delivery_delayed`); a click is a touchpoint (its link and the
 * broadcast as campaign go to source and attribution). The record is the email and event kind; its version is the
 * event's created_at, so a second open of the same email is a newer version.
 */
const PROVIDER = 'resend';
const KINDS = new Set(['sent', 'delivered', 'delivery_delayed', 'delivered_delayed', 'opened', 'clicked', 'bounced', 'complained', 'failed', 'scheduled', 'suppressed', 'received']);

function mapEmailEvent(record: RawRecord, context: MapContext): MapResult {
  const type = optionalText(record, 'type');
  if (type === undefined || !type.startsWith('email.')) return { error: "type: must be an email event type such as 'email.delivered'" };
  const data = isRecord(record.data) ? record.data : undefined;
  if (data === undefined) return { error: 'data: is required (the email the event is about)' };
  const emailId = requiredId(data, 'email_id');
  const kind = type.slice('email.'.length);
  const createdAt = optionalText(record, 'created_at');
  if (createdAt === undefined) return { error: 'created_at: is required (the time of the event, its version)' };
  const recordId = `${emailId}:${kind}`;
  const version = createdAt;
  const to = Array.isArray(data.to) ? data.to.filter((address): address is string => typeof address === 'string') : [];
  const broadcast = optionalText(data, 'broadcast_id');
  const link = optionalText(data, 'click.link');
  // The click and bounce objects stay in raw whole (their link, type and message are also read out above).
  const used = ['email_id', 'from', 'to', 'subject', 'created_at', 'broadcast_id', 'template_id', 'tags'];
  const event = mappedEvent(
    {
      event: type,
      messageId: connectorMessageId(PROVIDER, 'email_event', recordId, version),
      businessId: context.businessId,
      actor: to[0] === undefined ? undefined : { type: 'contact', id: to[0], email: to[0] },
      object: { type: 'email', id: emailId },
      source: compact({ platform: PROVIDER, channel: 'email', medium: 'email', campaign: broadcast, landingPage: link }),
      attribution: kind === 'clicked' ? compact({ source: PROVIDER, medium: 'email', campaign: broadcast }) : undefined,
      properties: compact({
        emailId,
        from: optionalText(data, 'from'),
        to: to.length > 0 ? to : undefined,
        subject: optionalText(data, 'subject'),
        broadcastId: broadcast,
        templateId: optionalText(data, 'template_id'),
        tags: isRecord(data.tags) ? data.tags : undefined,
        link,
        bounceType: optionalText(data, 'bounce.type'),
        bounceMessage: optionalText(data, 'bounce.message'),
        sentAt: optionalText(data, 'created_at'),
        raw: unmappedFields(data, used),
      }),
      timestamp: optionalTime(data, 'click.timestamp') ?? optionalTime(record, 'created_at') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'email_event', recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const resend: ConnectorProvider = {
  id: PROVIDER,
  title: 'Resend',
  vertical: null,
  webhook: 'svix',
  recordTypes: [
    { name: 'email_event', description: 'A webhook event (email.sent, email.delivered, email.opened, email.clicked, email.bounced, email.complained, ...) → the event of that name, with the recipient as actor and the email as object; a click is an attribution touchpoint.' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint.startsWith('email.') || hint === 'email_event' ? 'email_event' : hint;
    const type = optionalTextSafe(record.type);
    return type !== undefined && type.startsWith('email.') && KINDS.has(type.slice(6)) && isRecord(record.data) ? 'email_event' : undefined;
  },
  map(record, recordType, context) {
    return mapping(() => (recordType === 'email_event' ? mapEmailEvent(record, context) : { error: `recordType: '${recordType}' is not a Resend record type (email_event)` }));
  },
  webhookRecords(body) {
    return { records: [body], recordType: isRecord(body) ? optionalTextSafe(body.type) : undefined };
  },
};

function optionalTextSafe(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
