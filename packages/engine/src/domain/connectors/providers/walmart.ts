import { compact, connectorMessageId, currencyOf, isRecord, mappedEvent, mapping, optionalNumber, optionalText, optionalTime, requiredId, requiredNumber, unmappedFields, type RawRecord } from '../mapping.js';
import type { ConnectorProvider, MapContext, MappedEvent, MapResult } from '../provider.js';

/**
 * Walmart Marketplace Orders API (https://developer.walmart.com/api/us/mp/orders): a purchase order (GET /v3/orders,
 * /v3/orders/{purchaseOrderId}) becomes `order.created` with revenue = the sum of its lines' charges (tax apart).
 * An order carries no update time: its version is the latest line status date, so a status change is a new event.
 * A line's refund (`orderLine[].refund`) adds an `order.refunded` (amount = its refund charges).
 */
const PROVIDER = 'walmart';

const list = (value: unknown): RawRecord[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const round = (value: number) => Math.round(value * 100) / 100;

/** The order of a `{ "order": {...} }` response, or the record itself. */
const unwrap = (record: RawRecord): RawRecord => (isRecord(record.order) && !('purchaseOrderId' in record) ? record.order : record);

function mapOrder(record: RawRecord, context: MapContext): MapResult {
  const order = unwrap(record);
  const recordId = requiredId(order, 'purchaseOrderId');
  const lines = list((order.orderLines as RawRecord | undefined)?.orderLine);
  if (lines.length === 0) return { error: 'orderLines.orderLine: must list the order lines' };
  const charges = lines.flatMap((line) => list((line.charges as RawRecord | undefined)?.charge));
  if (charges.length === 0) return { error: 'orderLines.orderLine[].charges.charge: has no charges' };
  const revenue = charges.reduce((sum, charge) => sum + requiredNumber(charge, 'chargeAmount.amount'), 0);
  const tax = charges.reduce((sum, charge) => sum + (optionalNumber(charge, 'tax.taxAmount.amount') ?? 0), 0);
  const currency = currencyOf(charges[0]!, 'chargeAmount.currency');
  const statusTimes = lines.map((line) => optionalTime(line, 'statusDate')).filter((time): time is number => time !== undefined);
  const orderedAt = optionalTime(order, 'orderDate');
  const version = String(statusTimes.length > 0 ? Math.max(...statusTimes) : (orderedAt ?? 0));
  const skus = lines.map((line) => optionalText(line, 'item.sku')).filter((sku): sku is string => sku !== undefined);
  const items = lines.reduce((sum, line) => sum + (optionalNumber(line, 'orderLineQuantity.amount') ?? 0), 0);
  const statuses = lines.flatMap((line) => list((line.orderLineStatuses as RawRecord | undefined)?.orderLineStatus)).map((status) => optionalText(status, 'status'));
  const email = optionalText(order, 'customerEmailId');
  const used = ['purchaseOrderId', 'customerOrderId', 'customerEmailId', 'orderDate', 'orderLines'];
  const event = mappedEvent(
    {
      event: 'order.created',
      updatedEvent: 'order.updated',
      messageId: connectorMessageId(PROVIDER, 'order', recordId, version),
      businessId: context.businessId,
      actor: email === undefined ? undefined : { type: 'customer', id: email, email },
      object: { type: 'order', id: recordId },
      source: { platform: PROVIDER },
      properties: compact({
        orderId: recordId,
        customerOrderId: optionalText(order, 'customerOrderId'),
        revenue: round(revenue),
        currency,
        tax: round(tax),
        items,
        skus: skus.length > 0 ? skus : undefined,
        status: statuses.find((status) => status !== undefined),
        raw: unmappedFields(order, used),
      }),
      timestamp: orderedAt ?? context.receivedAt,
    },
    { provider: PROVIDER, recordType: 'order', recordId, version },
  );
  return { recordId, version, events: [event, ...refundsOf(order, lines, recordId, version, context)] };
}

/**
 * The refunds of an order's lines (`orderLine[].refund`), one `order.refunded` each. Their messageId is the refund's
 * id alone, not the order's version, so a later version of the order does not count a refund twice.
 */
function refundsOf(order: RawRecord, lines: RawRecord[], recordId: string, version: string, context: MapContext): MappedEvent[] {
  return lines.flatMap((line) => {
    const refund = isRecord(line.refund) ? line.refund : undefined;
    if (refund === undefined) return [];
    const refundId = requiredId(refund, 'refundId');
    const charges = list((refund.refundCharges as RawRecord | undefined)?.refundCharge);
    if (charges.length === 0) return [];
    const amount = charges.reduce((sum, charge) => sum + requiredNumber(charge, 'charge.chargeAmount.amount'), 0);
    const tax = charges.reduce((sum, charge) => sum + (optionalNumber(charge, 'charge.tax.taxAmount.amount') ?? 0), 0);
    return [
      mappedEvent(
        {
          event: 'order.refunded',
          messageId: connectorMessageId(PROVIDER, 'refund', `${recordId}:${refundId}`, '0'),
          businessId: context.businessId,
          object: { type: 'order', id: recordId },
          source: { platform: PROVIDER },
          properties: compact({
            orderId: recordId,
            refundId,
            lineNumber: optionalText(line, 'lineNumber'),
            amount: round(Math.abs(amount)),
            currency: currencyOf(charges[0]!, 'charge.chargeAmount.currency'),
            tax: round(Math.abs(tax)),
            reason: optionalText(charges[0]!, 'refundReason'),
            comments: optionalText(refund, 'refundComments'),
          }),
          timestamp: optionalTime(line, 'statusDate') ?? optionalTime(order, 'orderDate') ?? context.receivedAt,
        },
        { provider: PROVIDER, recordType: 'order', recordId, version },
      ),
    ];
  });
}

export const walmart: ConnectorProvider = {
  id: PROVIDER,
  title: 'Walmart Marketplace',
  vertical: 'dtc_commerce_ops',
  recordTypes: [{ name: 'order', description: 'A Marketplace purchase order (GET /v3/orders) → order.created with revenue = its line charges (a later line status → order.updated), and order.refunded per refunded line.' }],
  recordTypeOf(record, hint) {
    if (hint !== undefined) return hint;
    const order = unwrap(record);
    return 'purchaseOrderId' in order || 'orderLines' in order ? 'order' : undefined;
  },
  map(record, recordType, context) {
    return mapping(() => (recordType === 'order' ? mapOrder(record, context) : { error: `recordType: '${recordType}' is not a Walmart record type (order)` }));
  },
};
