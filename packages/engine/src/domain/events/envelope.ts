import { z } from 'zod';

export const EVENT_LIMITS = {
  nameLength: 200,
  idLength: 256,
  envelopeBytes: 32 * 1024,
  propertiesDepth: 6,
  batchLength: 1000,
} as const;

export const TRUST_TIERS = ['T0', 'T1', 'T2', 'T3', 'T4'] as const;

const id = z.string().min(1).max(EVENT_LIMITS.idLength);
const bag = z.record(z.string(), z.unknown());

/** `actor` and `object` take a plain id string or an object with an `id` and optional `type`. */
export const reference = z.union([
  id,
  z.looseObject({
    id: id.describe('Stable id of the actor or object, e.g. a user, agent or order id.'),
    type: z.string().min(1).max(64).optional().describe('Kind, e.g. customer, agent, product, order.'),
  }),
]);

/**
 * One walk of a value for the size checks: its nesting depth (a scalar is 0, `{a: 1}` is 1) and an upper bound
 * of its JSON length in UTF-8 bytes (a string's code unit is at most 6 bytes escaped). Infinity when the bound
 * cannot be known without writing it: values JSON.stringify changes (toJSON, class instances) or past the
 * depth limit.
 */
function walk(value: unknown, depth: number, seen: { depth: number }): number {
  switch (typeof value) {
    case 'string':
      return value.length * 6 + 2;
    case 'number':
      return 25;
    case 'boolean':
    case 'undefined':
      return 5;
    case 'object': {
      if (value === null) return 4;
      if (depth + 1 > seen.depth) seen.depth = depth + 1;
      if (seen.depth > EVENT_LIMITS.propertiesDepth) return Infinity;
      let bytes = 2;
      if (Array.isArray(value)) {
        for (const item of value) bytes += walk(item, depth + 1, seen) + 1;
        return bytes;
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      if ((prototype !== Object.prototype && prototype !== null) || 'toJSON' in value) return Infinity;
      const record = value as Record<string, unknown>;
      for (const key in record) bytes += key.length * 6 + 4 + walk(record[key], depth + 1, seen);
      return bytes;
    }
    default:
      return Infinity;
  }
}

/** The free-form objects of an envelope: the wide part of an event, left out of concise rows. */
export const BAG_FIELDS = ['properties', 'entity', 'context', 'outcome', 'attribution', 'source', 'trackable', 'complianceMapping'];

const envelopeFields = {
  event: z
    .string()
    .min(1)
    .max(EVENT_LIMITS.nameLength)
    .describe('Event name, usually dot-notated by domain, e.g. `order.created`.'),
  businessId: id.optional().describe('Business id; defaults to the workspace default business (`default`).'),
  actor: reference.optional().describe('Who caused the event: user, agent, system, robot, sensor or workflow.'),
  object: reference.optional().describe('The thing acted on: order, product, campaign, lead, task, job, asset.'),
  entity: bag.optional().describe('Optional graph entity to upsert from the event.'),
  traceId: id.optional().describe('Correlation id across events, agent runs, workflows, decisions, receipts and proofs.'),
  sessionId: id.optional().describe('Session id; groups events of one visit or agent session.'),
  source: bag.optional().describe('Channel, campaign, medium, content, landing page or platform metadata.'),
  attribution: bag.optional().describe('Touchpoint metadata for source, channel, campaign and revenue analysis.'),
  context: bag.optional().describe('Context contract or runtime context metadata.'),
  trackable: bag.optional().describe('QR, barcode, RFID, sensor, robot, AI agent, MCP or CLI identifier metadata.'),
  decisionId: id.optional().describe('DecisionObject id when the event is tied to governed execution.'),
  proofId: id.optional().describe('Proof trail id when the event is tied to evidence packaging.'),
  outcome: bag.optional().describe('Outcome metrics: revenue influenced, risk reduced, hours saved, ...'),
  trustTier: z.enum(TRUST_TIERS).optional().describe('T0 raw, T1 observed, T2 attributed, T3 authority-bound, T4 proof-ready.'),
  complianceMapping: bag.optional().describe('Control evidence metadata (SOC 2, ISO 27001, HIPAA, EU AI Act, ...).'),
  properties: bag.optional().describe('Additional event-specific facts. Numeric values are summed by query_metrics.'),
  timestamp: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Event time in milliseconds since the epoch; defaults to the time it is received.'),
  messageId: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe('Idempotency key: sending the same messageId twice stores one event.'),
};

/**
 * Depth of each metadata bag and the envelope's JSON size. The size is computed exactly (JSON.stringify) only
 * when the walk's upper bound passes the limit, so a typical event is not serialised an extra time.
 */
export function checkEnvelopeSize(envelope: Record<string, unknown>, ctx: z.RefinementCtx): void {
  let bound = 2;
  for (const key in envelope) {
    const value = envelope[key];
    const seen = { depth: 0 };
    bound += key.length * 6 + 4 + walk(value, 0, seen);
    if (seen.depth > EVENT_LIMITS.propertiesDepth && BAG_FIELDS.includes(key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: `is nested deeper than ${EVENT_LIMITS.propertiesDepth} levels` });
    }
  }
  if (bound <= EVENT_LIMITS.envelopeBytes) return;
  const bytes = Buffer.byteLength(JSON.stringify(envelope));
  if (bytes > EVENT_LIMITS.envelopeBytes) {
    ctx.addIssue({ code: 'custom', path: [], message: `event is ${bytes} bytes; the limit is ${EVENT_LIMITS.envelopeBytes}` });
  }
}

/** The canonical event envelope, field for field. */
export const eventEnvelope = z.object(envelopeFields).superRefine(checkEnvelopeSize).meta({ id: 'EventEnvelope' });
export type EventEnvelope = z.output<typeof eventEnvelope>;

/** A stored event: the envelope plus its sortable id and received-at time. */
export const storedEvent = z
  .looseObject({
    ...envelopeFields,
    id: z.string().describe('Sortable event id (ULID).'),
    businessId: z.string(),
    timestamp: z.number().int(),
    receivedAt: z.number().int().describe('When the server accepted the event, ms since epoch.'),
  })
  .meta({ id: 'StoredEvent' });
export type StoredEvent = z.output<typeof storedEvent>;

export { envelopeFields };
