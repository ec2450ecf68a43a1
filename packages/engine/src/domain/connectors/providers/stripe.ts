import { compact, connectorMessageId, currencyOf, fromMinorUnits, isRecord, mappedEvent, mapping, optionalId, optionalNumber, optionalText, optionalTime, requiredId, requiredNumber, unmappedFields, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Stripe API objects (https://docs.stripe.com/api/charges/object, /api/invoices/object, /api/subscriptions/object),
 * as the API lists them or as a webhook Event carries them in `data.object`. Amounts are in minor units (cents) and
 * become major units. Stripe objects have no update time: the version is what changes (a charge's status and refunded
 * amount, an invoice's status and amount paid, a subscription's status and period), so each change is one event.
 * - charge → `payment.succeeded` (revenue = amount captured), `payment.failed` or `payment.pending`; a refunded
 *   charge → `order.refunded` with the refunded amount.
 * - invoice → `invoice.paid` (amount paid), `invoice.sent` (open: amount due), `invoice.voided`, `invoice.drafted`.
 * - subscription → `subscription.started`, `subscription.canceled`, or `subscription.updated` for other statuses,
 *   with the monthly recurring amount of its items (`mrr`).
 */
const PROVIDER = 'stripe';

const customerRef = (record: RawRecord) => {
  const value = record.customer;
  const id = isRecord(value) ? optionalId(value, 'id') : optionalId(record, 'customer');
  return id === undefined ? undefined : { type: 'customer', id };
};

function base(record: RawRecord, recordType: string, version: string, context: MapContext, used: string[]) {
  const recordId = requiredId(record, 'id');
  const provenance = { provider: PROVIDER, recordType, recordId, version };
  const raw = unmappedFields(record, ['id', 'object', 'customer', 'currency', 'created', 'metadata', ...used]);
  const metadata = isRecord(record.metadata) && Object.keys(record.metadata).length > 0 ? record.metadata : undefined;
  return { recordId, provenance, raw, metadata, timestamp: optionalTime(record, 'created') ?? context.receivedAt, messageId: connectorMessageId(PROVIDER, recordType, recordId, version) };
}

function mapCharge(charge: RawRecord, context: MapContext): MapResult {
  const status = optionalText(charge, 'status') ?? 'pending';
  const currency = currencyOf(charge, 'currency');
  const refunded = optionalNumber(charge, 'amount_refunded') ?? 0;
  const version = `${status}:${refunded}`;
  const b = base(charge, 'charge', version, context, ['amount', 'amount_captured', 'amount_refunded', 'status', 'paid', 'refunded', 'payment_intent', 'invoice', 'description', 'billing_details']);
  const amount = requiredNumber(charge, 'amount');
  const captured = optionalNumber(charge, 'amount_captured') ?? amount;
  const common = {
    businessId: context.businessId,
    actor: customerRef(charge),
    source: { platform: PROVIDER },
    timestamp: b.timestamp,
  };
  const properties = compact({ chargeId: b.recordId, paymentIntentId: optionalId(charge, 'payment_intent'), invoiceId: optionalId(charge, 'invoice'), currency, description: optionalText(charge, 'description'), metadata: b.metadata, raw: b.raw });
  if (refunded > 0) {
    const event = mappedEvent({ ...common, event: 'order.refunded', messageId: b.messageId, object: { type: 'charge', id: b.recordId }, properties: { ...properties, orderId: b.recordId, amount: fromMinorUnits(refunded, currency) } }, b.provenance);
    return { recordId: b.recordId, version, events: [event] };
  }
  const name = status === 'succeeded' ? 'payment.succeeded' : status === 'failed' ? 'payment.failed' : 'payment.pending';
  const revenue = status === 'succeeded' ? fromMinorUnits(captured, currency) : undefined;
  const event = mappedEvent({ ...common, event: name, messageId: b.messageId, object: { type: 'charge', id: b.recordId }, properties: compact({ ...properties, revenue, amount: fromMinorUnits(amount, currency) }) }, b.provenance);
  return { recordId: b.recordId, version, events: [event] };
}

function mapInvoice(invoice: RawRecord, context: MapContext): MapResult {
  const status = optionalText(invoice, 'status') ?? 'draft';
  const paid = optionalNumber(invoice, 'amount_paid') ?? 0;
  const version = `${status}:${paid}`;
  const currency = currencyOf(invoice, 'currency');
  const b = base(invoice, 'invoice', version, context, ['amount_due', 'amount_paid', 'amount_remaining', 'status', 'subscription', 'number', 'status_transitions']);
  const name = status === 'paid' ? 'invoice.paid' : status === 'open' ? 'invoice.sent' : status === 'void' ? 'invoice.voided' : status === 'uncollectible' ? 'invoice.uncollectible' : 'invoice.drafted';
  const amount = status === 'paid' ? paid : requiredNumber(invoice, 'amount_due');
  const paidAt = optionalTime(invoice, 'status_transitions.paid_at');
  const event = mappedEvent(
    {
      event: name,
      messageId: b.messageId,
      businessId: context.businessId,
      actor: customerRef(invoice),
      object: { type: 'invoice', id: b.recordId },
      source: { platform: PROVIDER },
      properties: compact({
        invoiceId: b.recordId,
        amount: fromMinorUnits(amount, currency),
        currency,
        revenue: status === 'paid' ? fromMinorUnits(paid, currency) : undefined,
        number: optionalText(invoice, 'number'),
        subscriptionId: optionalId(invoice, 'subscription'),
        metadata: b.metadata,
        raw: b.raw,
      }),
      timestamp: (status === 'paid' ? paidAt : undefined) ?? b.timestamp,
    },
    b.provenance,
  );
  return { recordId: b.recordId, version, events: [event] };
}

/** The monthly amount of a subscription's items (price × quantity, per month of their interval), in minor units. */
function monthlyAmount(subscription: RawRecord): { amount: number; currency?: string } {
  const items = isRecord(subscription.items) && Array.isArray(subscription.items.data) ? subscription.items.data.filter(isRecord) : [];
  let amount = 0;
  let currency: string | undefined;
  for (const item of items) {
    const price = isRecord(item.price) ? item.price : {};
    const unit = optionalNumber(price, 'unit_amount') ?? 0;
    const interval = optionalText(price, 'recurring.interval') ?? 'month';
    const count = optionalNumber(price, 'recurring.interval_count') ?? 1;
    const perMonth = interval === 'year' ? 1 / 12 : interval === 'week' ? 52 / 12 : interval === 'day' ? 365 / 12 : 1;
    amount += (unit * (optionalNumber(item, 'quantity') ?? 1) * perMonth) / count;
    currency ??= optionalText(price, 'currency');
  }
  return { amount: Math.round(amount), ...(currency ? { currency } : {}) };
}

function mapSubscription(subscription: RawRecord, context: MapContext): MapResult {
  const status = optionalText(subscription, 'status') ?? 'incomplete';
  const version = `${status}:${optionalText(subscription, 'current_period_end') ?? optionalText(subscription, 'billing_cycle_anchor') ?? ''}:${optionalText(subscription, 'canceled_at') ?? ''}`;
  const monthly = monthlyAmount(subscription);
  const currency = currencyOf(subscription, 'currency', monthly.currency);
  const b = base(subscription, 'subscription', version, context, ['status', 'items', 'current_period_start', 'current_period_end', 'cancel_at_period_end', 'canceled_at', 'start_date', 'billing_cycle_anchor']);
  const name = status === 'canceled' ? 'subscription.canceled' : status === 'active' || status === 'trialing' ? 'subscription.started' : 'subscription.updated';
  const event = mappedEvent(
    {
      event: name,
      updatedEvent: name === 'subscription.started' ? 'subscription.updated' : undefined,
      messageId: b.messageId,
      businessId: context.businessId,
      actor: customerRef(subscription),
      object: { type: 'subscription', id: b.recordId },
      source: { platform: PROVIDER },
      properties: compact({ subscriptionId: b.recordId, status, mrr: fromMinorUnits(monthly.amount, currency), currency, cancelAtPeriodEnd: subscription.cancel_at_period_end === true ? true : undefined, metadata: b.metadata, raw: b.raw }),
      timestamp: optionalTime(subscription, 'canceled_at') ?? optionalTime(subscription, 'start_date') ?? b.timestamp,
    },
    b.provenance,
  );
  return { recordId: b.recordId, version, events: [event] };
}

const MAPPERS: Record<string, (record: RawRecord, context: MapContext) => MapResult> = { charge: mapCharge, invoice: mapInvoice, subscription: mapSubscription };

export const stripe: ConnectorProvider = {
  id: PROVIDER,
  title: 'Stripe',
  vertical: null,
  webhook: 'stripe',
  recordTypes: [
    { name: 'charge', description: 'A Charge → payment.succeeded (revenue), payment.failed or payment.pending; refunded → order.refunded.' },
    { name: 'invoice', description: 'An Invoice → invoice.paid, invoice.sent, invoice.voided, invoice.uncollectible or invoice.drafted by status.' },
    { name: 'subscription', description: 'A Subscription → subscription.started, subscription.canceled or subscription.updated, with its monthly amount (mrr).' },
  ],
  recordTypeOf(record, hint) {
    // A webhook's hint is the Event type (charge.succeeded, customer.subscription.updated): its object's own `object` names the type.
    const object = typeof record.object === 'string' ? record.object : undefined;
    if (object !== undefined && object in MAPPERS) return object;
    if (hint !== undefined && hint in MAPPERS) return hint;
    if (hint !== undefined) return hint.startsWith('customer.subscription.') ? 'subscription' : hint.split('.')[0] === 'charge' || hint.split('.')[0] === 'invoice' ? hint.split('.')[0] : undefined;
    return undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      const mapper = MAPPERS[recordType];
      return mapper ? mapper(record, context) : { error: `recordType: '${recordType}' is not a Stripe record type (charge, invoice, subscription)` };
    });
  },
  webhookRecords(body) {
    // A Stripe Event: { id: "evt_…", type: "charge.succeeded", data: { object: {...} } }.
    if (isRecord(body) && body.object === 'event' && isRecord(body.data) && isRecord(body.data.object)) return { records: [body.data.object], recordType: optionalText(body, 'type') };
    return { records: [body] };
  },
};
