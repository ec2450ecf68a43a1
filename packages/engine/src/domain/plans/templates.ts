import type { JsonSchema, PlanEvent } from './plan.js';

/** A vertical's starting plan: the events of the spec's acceptance stories, with their property schemas. */
export interface PlanTemplate {
  vertical: string;
  title: string;
  description: string;
  events: PlanEvent[];
}

const str = (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', minLength: 1, ...extra });
const money: JsonSchema = { type: 'number', minimum: 0 };
const currency: JsonSchema = { type: 'string', pattern: '^[A-Z]{3}$' };
const count: JsonSchema = { type: 'integer', minimum: 0 };

/** An object schema: `required` lists the names, every other listed property is optional. */
function props(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return { type: 'object', properties, required };
}

function event(name: string, description: string, properties: JsonSchema, types: { actorType?: string; objectType?: string } = {}): PlanEvent {
  return { name, description, properties, ...types };
}

export const PLAN_TEMPLATES: readonly PlanTemplate[] = [
  {
    vertical: 'dtc_commerce_ops',
    title: 'DTC commerce operations',
    description: 'A direct-to-consumer brand: QR and product scans, product views, carts, checkout, orders, refunds, campaigns.',
    events: [
      event('qr.scanned', 'A customer scanned a QR code on packaging, a shelf or a flyer.', props({ sku: str(), lot: str(), campaign: str(), location: str() }, ['sku']), { objectType: 'product' }),
      event('product.scanned', 'A product barcode or tag was scanned (in store, warehouse or by a customer).', props({ sku: str(), gtin: str({ pattern: '^[0-9]{8,14}$' }), location: str() }, ['sku']), { objectType: 'product' }),
      event('product.viewed', 'A product page or card was viewed.', props({ sku: str(), price: money, currency }, ['sku']), { objectType: 'product' }),
      event('cart.added', 'A product was added to a cart.', props({ sku: str(), quantity: { type: 'integer', minimum: 1 }, price: money, currency }, ['sku', 'quantity']), { objectType: 'product' }),
      event('checkout.started', 'A customer started checkout.', props({ cartId: str(), value: money, currency, items: count }, ['value', 'currency'])),
      event('order.created', 'An order was placed and paid.', props({ orderId: str(), revenue: money, currency, items: count, coupon: str() }, ['orderId', 'revenue', 'currency']), { objectType: 'order' }),
      event('order.refunded', 'An order was refunded, fully or partly.', props({ orderId: str(), amount: money, currency, reason: str() }, ['orderId', 'amount', 'currency']), { objectType: 'order' }),
      event('campaign.launched', 'A marketing campaign went live.', props({ campaign: str(), channel: { type: 'string', enum: ['email', 'social', 'qr', 'paid', 'retail', 'other'] }, budget: money, currency }, ['campaign', 'channel']), { objectType: 'campaign' }),
    ],
  },
  {
    vertical: 'creator_studio',
    title: 'Creator studio',
    description: 'A music or media creator: asset launches, plays, streams, merch sales, royalty statements.',
    events: [
      event('asset.launched', 'A track, video or other asset was released.', props({ assetId: str(), title: str(), kind: { type: 'string', enum: ['track', 'album', 'video', 'podcast', 'other'] } }, ['assetId', 'kind']), { objectType: 'asset' }),
      event('asset.played', 'An asset was played on the creator\'s own surfaces.', props({ assetId: str(), seconds: { type: 'number', minimum: 0 }, platform: str() }, ['assetId']), { objectType: 'asset' }),
      event('stream.reported', 'A platform reported stream counts for an asset and period.', props({ assetId: str(), platform: str(), streams: count, period: str() }, ['assetId', 'platform', 'streams']), { objectType: 'asset' }),
      event('merch.sold', 'A merch item was sold.', props({ sku: str(), quantity: { type: 'integer', minimum: 1 }, revenue: money, currency }, ['sku', 'revenue', 'currency']), { objectType: 'product' }),
      event('royalty.received', 'A royalty statement or payment arrived.', props({ source: str(), amount: money, currency, period: str() }, ['source', 'amount', 'currency'])),
    ],
  },
  {
    vertical: 'field_services',
    title: 'Field services',
    description: 'A contractor or field-service business: leads, takeoffs, jobs, crews, inventory, invoices.',
    events: [
      event('lead.created', 'A new lead came in.', props({ leadId: str(), source: str(), estimatedValue: money, currency }, ['leadId']), { objectType: 'lead' }),
      event('takeoff.completed', 'A quantity takeoff (materials estimate) was completed for a lead or job.', props({ takeoffId: str(), jobId: str(), estimatedCost: money, currency }, ['takeoffId']), { objectType: 'takeoff' }),
      event('job.scheduled', 'A job was scheduled.', props({ jobId: str(), crewId: str(), scheduledFor: str({ format: 'date-time' }) }, ['jobId']), { objectType: 'job' }),
      event('job.completed', 'A job was finished.', props({ jobId: str(), crewId: str(), hours: { type: 'number', minimum: 0 } }, ['jobId']), { objectType: 'job' }),
      event('crew.assigned', 'A crew was assigned to a job.', props({ crewId: str(), jobId: str(), members: count }, ['crewId', 'jobId']), { objectType: 'crew' }),
      event('inventory.used', 'Materials were drawn from inventory for a job.', props({ sku: str(), quantity: { type: 'number', exclusiveMinimum: 0 }, jobId: str() }, ['sku', 'quantity']), { objectType: 'product' }),
      event('invoice.sent', 'An invoice was sent to a customer.', props({ invoiceId: str(), jobId: str(), amount: money, currency }, ['invoiceId', 'amount', 'currency']), { objectType: 'invoice' }),
      event('invoice.paid', 'An invoice was paid.', props({ invoiceId: str(), amount: money, currency }, ['invoiceId', 'amount', 'currency']), { objectType: 'invoice' }),
    ],
  },
];

export const VERTICALS = PLAN_TEMPLATES.map((template) => template.vertical);

export const templateOf = (vertical: string): PlanTemplate | undefined => PLAN_TEMPLATES.find((template) => template.vertical === vertical);
