import type { EventEnvelope } from '../events/envelope.js';

export type TrustTier = NonNullable<EventEnvelope['trustTier']>;

const isBag = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;

const isText = (value: unknown): boolean => typeof value === 'string' && value.length > 0;

/** `context` keys that name a ContextContract (the governance layer's contract the event ran under). */
export const CONTEXT_CONTRACT_KEYS = ['contextContractId', 'contractId'] as const;

/** The id an `entity` bag carries: a non-empty string, or a finite number (kept as its text). */
export function entityBagId(entity: EventEnvelope['entity']): string | null {
  const id = entity?.id;
  if (typeof id === 'string' && id.length > 0 && id.length <= 256) return id;
  return typeof id === 'number' && Number.isFinite(id) ? String(id) : null;
}

/**
 * The trust tier rule, highest first: an event gets the first tier whose evidence it carries. One table, read by
 * trustTierOf() and written out in the tools' descriptions (TRUST_TIER_RULE_TEXT), so the two cannot differ.
 */
export const TRUST_TIER_RULES: ReadonlyArray<{ tier: TrustTier; name: string; when: string; test: (envelope: EventEnvelope) => boolean }> = [
  {
    tier: 'T4',
    name: 'proof-ready',
    when: 'a proofId and a non-empty complianceMapping',
    test: (envelope) => isText(envelope.proofId) && isBag(envelope.complianceMapping),
  },
  {
    tier: 'T3',
    name: 'authority-bound',
    when: `a decisionId, a proofId, or a context naming its contract (${CONTEXT_CONTRACT_KEYS.map((key) => `context.${key}`).join(' or ')})`,
    test: (envelope) =>
      isText(envelope.decisionId) || isText(envelope.proofId) || CONTEXT_CONTRACT_KEYS.some((key) => isText(envelope.context?.[key])),
  },
  {
    tier: 'T2',
    name: 'attributed',
    when: 'a non-empty attribution, a source.campaign, or a traceId linking it to other events',
    test: (envelope) => isBag(envelope.attribution) || isText(envelope.source?.campaign) || isText(envelope.traceId),
  },
  {
    tier: 'T1',
    name: 'observed',
    when: 'an identified actor, object or entity (with an id), a non-empty trackable, or a non-empty source',
    test: (envelope) =>
      envelope.actor !== undefined || envelope.object !== undefined || entityBagId(envelope.entity) !== null ||
      isBag(envelope.trackable) || isBag(envelope.source),
  },
  { tier: 'T0', name: 'raw', when: 'nothing more than its name (and properties)', test: () => true },
];

/** The tier an event states, else the first rule it meets. */
export function trustTierOf(envelope: EventEnvelope): TrustTier {
  if (envelope.trustTier !== undefined) return envelope.trustTier;
  for (const rule of TRUST_TIER_RULES) if (rule.test(envelope)) return rule.tier;
  return 'T0';
}

/** The rule in one sentence, for tool descriptions. */
export const TRUST_TIER_RULE_TEXT =
  'Each event carries its `trustTier`: the one it was sent with, else computed on ingest as the first tier whose ' +
  'evidence it carries: ' +
  TRUST_TIER_RULES.map((rule) => `${rule.tier} ${rule.name} = ${rule.when}`).join('; ') +
  '.';
