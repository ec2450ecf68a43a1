import type { EventEnvelope } from '../events/envelope.js';

/**
 * A connector provider: how records of one external system (Shopify, Stripe, HubSpot, ...) become canonical events.
 *
 * A provider is one module under `providers/<id>.ts` exporting a `ConnectorProvider`, listed once in
 * `providers/index.ts`; the ingest tool, the webhook route and the listing of providers derive from that list, so
 * the next provider is one file and one line. A provider maps; it never stores, and it never throws for a bad
 * record: `map` answers `{ error }` and the rest of the batch is stored.
 *
 * Rules every mapping follows (see mapping.ts for the helpers that implement them):
 * - Event names come from the matching tracking-plan vertical (domain/plans/templates.ts): `order.created`,
 *   `order.refunded`, `lead.created`, `invoice.paid`, ... so that a plan of that vertical validates them.
 * - `actor` is who caused the record (customer, contact, account), `object` what it is about (order, invoice,
 *   deal, campaign), `entity` an extra graph entity when there is one (the customer's record itself).
 * - Money goes into `properties.revenue` (conversions), `properties.amount` (refunds, invoices) or
 *   `properties.cost` (ads spend), always with `properties.currency` (ISO 4217, upper case), in major units.
 * - Marketing origin goes into `source` ({ channel, campaign, medium, platform }) and `attribution`, so
 *   attribution and ROAS read connector events like any other touchpoint.
 * - Every event's `messageId` is `connectorMessageId(provider, recordType, recordId, version)`: the record id plus
 *   its version or update time, so a replayed record is stored once and an updated one is a new event.
 * - Fields the mapping does not use are kept (see `unmappedFields`) in `properties.raw`, never dropped.
 * - Provenance goes into `context.connector` ({ provider, recordType, recordId, version }, see `mappedEvent`).
 */
export interface ConnectorProvider {
  /** Lower-case id, as in `POST /api/connectors/ingest {"provider": "<id>"}` and the webhook path. */
  id: string;
  /** Display name, e.g. "Shopify". */
  title: string;
  /** The tracking-plan vertical whose event names the mapping uses (null when none fits, e.g. ads cost). */
  vertical: string | null;
  /** The record types this provider maps, the first being the default when a record's type cannot be told. */
  recordTypes: readonly ConnectorRecordType[];
  /** The webhook signature scheme of this provider (see webhooks.ts); absent when it sends no webhooks. */
  webhook?: WebhookSchemeId;
  /**
   * The record type of a raw record: from `hint` (the caller's `recordType`, or the webhook's topic header mapped by
   * `webhookRecordType`) when given, else from the record's shape. Undefined when it cannot be told.
   */
  recordTypeOf(record: Record<string, unknown>, hint: string | undefined): string | undefined;
  /** Maps one record of a known type. Pure: no clock, no I/O (timestamps come from the record or `context.receivedAt`). */
  map(record: Record<string, unknown>, recordType: string, context: MapContext): MapResult;
  /**
   * The records a webhook delivery carries, and the hint of their type: most providers send one record (the body);
   * some send a list or an envelope (`{ "type": "charge.succeeded", "data": { "object": {...} } }`).
   */
  webhookRecords?(body: unknown, headers: Readonly<Record<string, string>>): { records: unknown[]; recordType?: string | undefined };
}

/** A record type a provider maps, e.g. `order`, with a line saying which events it becomes. */
export interface ConnectorRecordType {
  name: string;
  description: string;
}

/** What a mapping may read besides the record. */
export interface MapContext {
  /** When the delivery was received (ms since epoch): the timestamp of a record that carries none. */
  receivedAt: number;
  /** The business the records belong to (the call's `businessId` or the connector config's). */
  businessId?: string | undefined;
}

/**
 * A mapped event: a canonical envelope whose `event` and `messageId` are set. `updatedEvent` is the name to use
 * instead when the record is a newer version of one already stored (e.g. `order.updated` for `order.created`), so
 * that metrics summing `order.created` revenue do not count an order twice; without it the same name is kept. Either
 * way the stored event says it is an update (`context.connector.update: true` and `previousVersion`).
 */
export type MappedEvent = EventEnvelope & { event: string; messageId: string; updatedEvent?: string };

/**
 * A mapped record: its id and version (what `messageId` is built from, reported per record), and its events
 * (usually one; an order with a discount code may add a touchpoint event). Or why it cannot be mapped: the reason
 * names the field, e.g. `total_price: must be a number or a numeric string`.
 */
export type MapResult = { recordId: string; version: string; events: MappedEvent[] } | { error: string };

/** The webhook signature schemes webhooks.ts verifies. */
export const WEBHOOK_SCHEMES = ['stripe', 'shopify', 'hubspot_v3', 'discord', 'twitch', 'svix', 'linear', 'hub_signature', 'hmac_sha256'] as const;
export type WebhookSchemeId = (typeof WEBHOOK_SCHEMES)[number];
