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
    id,
    type: z.string().min(1).max(64).optional(),
  }),
]);

function depthOf(value: unknown, depth = 0): number {
  if (value === null || typeof value !== 'object') return depth;
  let max = depth + 1;
  for (const child of Object.values(value as Record<string, unknown>)) {
    max = Math.max(max, depthOf(child, depth + 1));
    if (max > EVENT_LIMITS.propertiesDepth + 1) break;
  }
  return max;
}

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

export function checkEnvelopeSize(envelope: Record<string, unknown>, ctx: z.RefinementCtx): void {
  for (const field of ['properties', 'entity', 'context', 'outcome', 'attribution', 'source', 'trackable', 'complianceMapping']) {
    const value = envelope[field];
    if (value !== undefined && depthOf(value) > EVENT_LIMITS.propertiesDepth) {
      ctx.addIssue({ code: 'custom', path: [field], message: `is nested deeper than ${EVENT_LIMITS.propertiesDepth} levels` });
    }
  }
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
