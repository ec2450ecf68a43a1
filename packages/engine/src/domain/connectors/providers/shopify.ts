import { compact, connectorMessageId, currencyOf, isRecord, mappedEvent, mapping, optionalId, optionalNumber, optionalText, optionalTime, requiredId, requiredNumber, unmappedFields, versionOf, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Shopify (REST Admin API resources and webhook payloads, https://shopify.dev/docs/api/admin-rest/latest/resources/order,
 * .../refund, .../customer): orders become `order.created` (revenue = total_price), refunds `order.refunded` (amount =
 * the refund transactions), customers `customer.created`. The webhook topic (X-Shopify-Topic) tells the type.
 */
const PROVIDER = 'shopify';

/** UTM parameters of the order's landing page: the order's touchpoint. */
function touchpoint(order: RawRecord): { source?: RawRecord; attribution?: RawRecord } {
  const landing = optionalText(order, 'landing_site');
  const referrer = optionalText(order, 'referring_site');
  let params: URLSearchParams | undefined;
  if (landing) {
    try {
      params = new URL(landing, 'https://shop.invalid').searchParams;
    } catch {
      params = undefined;
    }
  }
  const campaign = params?.get('utm_campaign') ?? undefined;
  const channel = params?.get('utm_source') ?? undefined;
  const medium = params?.get('utm_medium') ?? undefined;
  const source = compact({ platform: PROVIDER, channel: channel ?? optionalText(order, 'source_name'), campaign, medium, landingPage: landing, referrer: referrer || undefined });
  const attribution = campaign || channel ? compact({ source: channel, campaign, medium }) : undefined;
  return compact({ source, attribution });
}

function customerRef(order: RawRecord): { type: string; id: string; email?: string } | undefined {
  const id = optionalId(order, 'customer.id');
  return id === undefined ? undefined : compact({ type: 'customer', id, email: optionalText(order, 'customer.email') });
}

function mapOrder(order: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(order, 'id');
  const version = versionOf(order, ['updated_at', 'created_at']);
  const currency = currencyOf(order, 'currency');
  const revenue = requiredNumber(order, 'total_price');
  const lineItems = Array.isArray(order.line_items) ? order.line_items.filter(isRecord) : [];
  const items = lineItems.reduce((sum, item) => sum + (optionalNumber(item, 'quantity') ?? 0), 0);
  const codes = Array.isArray(order.discount_codes) ? order.discount_codes.filter(isRecord) : [];
  const coupon = codes[0] ? optionalText(codes[0], 'code') : undefined;
  const provenance = { provider: PROVIDER, recordType: 'order', recordId, version };
  const used = ['id', 'total_price', 'currency', 'customer', 'landing_site', 'referring_site', 'source_name', 'discount_codes', 'created_at', 'processed_at', 'updated_at', 'line_items'];
  const raw = unmappedFields(order, used);
  const skus = lineItems.map((item) => optionalText(item, 'sku')).filter((sku): sku is string => sku !== undefined);
  const event = mappedEvent(
    {
      event: 'order.created',
      updatedEvent: 'order.updated',
      messageId: connectorMessageId(PROVIDER, 'order', recordId, version),
      businessId: context.businessId,
      actor: customerRef(order),
      object: { type: 'order', id: recordId },
      ...touchpoint(order),
      properties: compact({
        orderId: recordId,
        revenue,
        currency,
        items: lineItems.length > 0 ? items : undefined,
        coupon,
        skus: skus.length > 0 ? skus : undefined,
        raw,
      }),
      timestamp: optionalTime(order, 'processed_at') ?? optionalTime(order, 'created_at') ?? context.receivedAt,
    },
    provenance,
  );
  return { recordId, version, events: [event] };
}

function mapRefund(refund: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(refund, 'id');
  const orderId = requiredId(refund, 'order_id');
  const version = versionOf(refund, ['processed_at', 'created_at']);
  const transactions = Array.isArray(refund.transactions) ? refund.transactions.filter(isRecord) : [];
  const refunds = transactions.filter((transaction) => (optionalText(transaction, 'kind') ?? 'refund') === 'refund');
  const amount = refunds.reduce((sum, transaction) => sum + requiredNumber(transaction, 'amount'), 0);
  const currency = currencyOf(refunds[0] ?? refund, 'currency', optionalText(refund, 'currency'));
  const raw = unmappedFields(refund, ['id', 'order_id', 'created_at', 'processed_at', 'transactions', 'note']);
  const event = mappedEvent(
    {
      event: 'order.refunded',
      messageId: connectorMessageId(PROVIDER, 'refund', recordId, version),
      businessId: context.businessId,
      object: { type: 'order', id: orderId },
      source: { platform: PROVIDER },
      properties: compact({ orderId, refundId: recordId, amount: Math.round(amount * 100) / 100, currency, reason: optionalText(refund, 'note') || undefined, raw }),
      timestamp: optionalTime(refund, 'processed_at') ?? optionalTime(refund, 'created_at') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'refund', recordId, version },
  );
  return { recordId, version, events: [event] };
}

function mapCustomer(customer: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(customer, 'id');
  const version = versionOf(customer, ['updated_at', 'created_at']);
  const used = ['id', 'email', 'first_name', 'last_name', 'created_at', 'updated_at', 'orders_count', 'total_spent', 'currency', 'state'];
  const totalSpent = optionalNumber(customer, 'total_spent');
  const entity = compact({
    type: 'customer',
    id: recordId,
    email: optionalText(customer, 'email'),
    firstName: optionalText(customer, 'first_name'),
    lastName: optionalText(customer, 'last_name'),
    state: optionalText(customer, 'state'),
  });
  const event = mappedEvent(
    {
      event: 'customer.created',
      updatedEvent: 'customer.updated',
      messageId: connectorMessageId(PROVIDER, 'customer', recordId, version),
      businessId: context.businessId,
      actor: { type: 'customer', id: recordId },
      entity,
      source: { platform: PROVIDER },
      properties: compact({
        customerId: recordId,
        ordersCount: optionalNumber(customer, 'orders_count'),
        totalSpent,
        currency: totalSpent === undefined ? undefined : currencyOf(customer, 'currency', 'USD'),
        raw: unmappedFields(customer, used),
      }),
      timestamp: optionalTime(customer, 'updated_at') ?? optionalTime(customer, 'created_at') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'customer', recordId, version },
  );
  return { recordId, version, events: [event] };
}

const TOPICS: Record<string, string> = {
  'orders/create': 'order', 'orders/updated': 'order', 'orders/paid': 'order', 'orders/fulfilled': 'order', 'orders/cancelled': 'order',
  'refunds/create': 'refund',
  'customers/create': 'customer', 'customers/update': 'customer',
};

export const shopify: ConnectorProvider = {
  id: PROVIDER,
  title: 'Shopify',
  vertical: 'dtc_commerce_ops',
  webhook: 'shopify',
  recordTypes: [
    { name: 'order', description: 'An order (REST Order resource, orders/* webhooks) → order.created with revenue = total_price; a newer version → order.updated.' },
    { name: 'refund', description: 'A refund (Refund resource, refunds/create) → order.refunded with amount = its refund transactions.' },
    { name: 'customer', description: 'A customer (Customer resource, customers/* webhooks) → customer.created with the customer entity; a newer version → customer.updated.' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return TOPICS[hint] ?? hint;
    if ('order_id' in record && ('transactions' in record || 'refund_line_items' in record)) return 'refund';
    if ('total_price' in record || 'line_items' in record) return 'order';
    if ('orders_count' in record || ('email' in record && 'first_name' in record)) return 'customer';
    return undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'order') return mapOrder(record, context);
      if (recordType === 'refund') return mapRefund(record, context);
      if (recordType === 'customer') return mapCustomer(record, context);
      return { error: `recordType: '${recordType}' is not a Shopify record type (order, refund, customer)` };
    });
  },
  webhookRecords(body, headers) {
    return { records: [body], recordType: headers['x-shopify-topic'] };
  },
};
