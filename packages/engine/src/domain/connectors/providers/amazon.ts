import { compact, connectorMessageId, currencyOf, isRecord, mappedEvent, mapping, optionalNumber, optionalText, optionalTime, requiredId, requiredNumber, unmappedFields, versionOf, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MapResult } from '../provider.js';

/**
 * Amazon Selling Partner API (https://developer-docs.amazon.com/sp-api/docs/orders-api-v0-reference,
 * .../finances-api-reference): an `Order` of getOrders becomes `order.created` (revenue = OrderTotal), a
 * `ShipmentEvent` of listFinancialEvents' RefundEventList becomes `order.refunded` (amount = its item charge
 * adjustments). SP-API sends no signed HTTP webhooks (notifications go through SQS or EventBridge), so records come
 * through the ingest call.
 */
const PROVIDER = 'amazon';

const list = (value: unknown): RawRecord[] => (Array.isArray(value) ? value.filter(isRecord) : []);

function mapOrder(order: RawRecord, context: MapContext): MapResult {
  const recordId = requiredId(order, 'AmazonOrderId');
  const version = versionOf(order, ['LastUpdateDate', 'PurchaseDate']);
  if (order.OrderTotal === undefined && optionalText(order, 'OrderStatus') === 'Pending') {
    return { error: 'OrderTotal: is absent while the order is Pending (Amazon sends the total once payment is authorized); ingest the order again when it is Unshipped' };
  }
  const revenue = requiredNumber(order, 'OrderTotal.Amount');
  const currency = currencyOf(order, 'OrderTotal.CurrencyCode');
  const shipped = optionalNumber(order, 'NumberOfItemsShipped');
  const unshipped = optionalNumber(order, 'NumberOfItemsUnshipped');
  const email = optionalText(order, 'BuyerInfo.BuyerEmail');
  const used = ['AmazonOrderId', 'PurchaseDate', 'LastUpdateDate', 'OrderTotal', 'OrderStatus', 'SalesChannel', 'MarketplaceId', 'NumberOfItemsShipped', 'NumberOfItemsUnshipped', 'BuyerInfo'];
  const event = mappedEvent(
    {
      event: 'order.created',
      updatedEvent: 'order.updated',
      messageId: connectorMessageId(PROVIDER, 'order', recordId, version),
      businessId: context.businessId,
      actor: email === undefined ? undefined : { type: 'customer', id: email, email },
      object: { type: 'order', id: recordId },
      source: compact({ platform: PROVIDER, channel: optionalText(order, 'SalesChannel'), marketplaceId: optionalText(order, 'MarketplaceId') }),
      properties: compact({
        orderId: recordId,
        revenue,
        currency,
        items: shipped === undefined && unshipped === undefined ? undefined : (shipped ?? 0) + (unshipped ?? 0),
        status: optionalText(order, 'OrderStatus'),
        raw: unmappedFields(order, used),
      }),
      timestamp: optionalTime(order, 'PurchaseDate') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'order', recordId, version },
  );
  return { recordId, version, events: [event] };
}

/** A refund ShipmentEvent: no id of its own, so the order id and its posting time name it. */
function mapRefund(refund: RawRecord, context: MapContext): MapResult {
  const orderId = requiredId(refund, 'AmazonOrderId');
  const posted = optionalText(refund, 'PostedDate');
  if (posted === undefined) return { error: 'PostedDate: is required (a refund event is named by its order and posting time)' };
  const recordId = `${orderId}@${posted}`;
  const version = posted;
  const items = list(refund.ShipmentItemAdjustmentList);
  const charges = items.flatMap((item) => list(item.ItemChargeAdjustmentList)).concat(list(refund.OrderChargeAdjustmentList));
  if (charges.length === 0) return { error: 'ShipmentItemAdjustmentList: has no ItemChargeAdjustmentList charges to refund' };
  const total = charges.reduce((sum, charge) => sum + requiredNumber(charge, 'ChargeAmount.CurrencyAmount'), 0);
  const currency = currencyOf(charges[0]!, 'ChargeAmount.CurrencyCode');
  const skus = items.map((item) => optionalText(item, 'SellerSKU')).filter((sku): sku is string => sku !== undefined);
  const event = mappedEvent(
    {
      event: 'order.refunded',
      messageId: connectorMessageId(PROVIDER, 'refund', recordId, version),
      businessId: context.businessId,
      object: { type: 'order', id: orderId },
      source: compact({ platform: PROVIDER, marketplace: optionalText(refund, 'MarketplaceName') }),
      properties: compact({
        orderId,
        // Amazon posts refunded charges as negative amounts; the refund is their size.
        amount: Math.round(Math.abs(total) * 100) / 100,
        currency,
        sellerOrderId: optionalText(refund, 'SellerOrderId'),
        skus: skus.length > 0 ? skus : undefined,
        raw: unmappedFields(refund, ['AmazonOrderId', 'PostedDate', 'SellerOrderId', 'MarketplaceName', 'OrderChargeAdjustmentList', 'ShipmentItemAdjustmentList']),
      }),
      timestamp: optionalTime(refund, 'PostedDate') ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'refund', recordId, version },
  );
  return { recordId, version, events: [event] };
}

export const amazon: ConnectorProvider = {
  id: PROVIDER,
  title: 'Amazon',
  vertical: 'dtc_commerce_ops',
  recordTypes: [
    { name: 'order', description: 'An SP-API Order (getOrders, getOrder) → order.created with revenue = OrderTotal; a newer LastUpdateDate → order.updated.' },
    { name: 'refund', description: 'A ShipmentEvent of the Finances API RefundEventList → order.refunded with amount = its charge adjustments.' },
  ],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint === 'RefundEventList' ? 'refund' : hint;
    if ('ShipmentItemAdjustmentList' in record || 'OrderChargeAdjustmentList' in record) return 'refund';
    if ('AmazonOrderId' in record && ('PurchaseDate' in record || 'OrderStatus' in record)) return 'order';
    return undefined;
  },
  map(record, recordType, context) {
    return mapping(() => {
      if (recordType === 'order') return mapOrder(record, context);
      if (recordType === 'refund') return mapRefund(record, context);
      return { error: `recordType: '${recordType}' is not an Amazon record type (order, refund)` };
    });
  },
};
