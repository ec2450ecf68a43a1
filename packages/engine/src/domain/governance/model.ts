import { z } from 'zod';

/** DecisionObject statuses. `executed`, `denied`, `revoked` and `expired` are terminal. */
export const DECISION_STATUSES = ['draft', 'pending_approval', 'approved', 'executed', 'denied', 'escrowed', 'released', 'revoked', 'expired'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];
export const RISKS = ['low', 'medium', 'high', 'critical'] as const;
export const TRUST_TIERS = ['T0', 'T1', 'T2', 'T3', 'T4'] as const;
export type TrustTier = (typeof TRUST_TIERS)[number];
export const COMPLIANCE_PACKS = ['soc2', 'iso27001', 'hipaa', 'fedramp', 'eu_ai_act', 'pci_dss', 'custom'] as const;
export const OUTCOMES = ['allow', 'deny', 'escrow', 'needs_human_approval'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const CAP_PERIODS = ['call', 'day', 'week', 'month'] as const;
export type CapPeriod = (typeof CAP_PERIODS)[number];

/** The legal next states of each state (the only transitions the store accepts). */
export const TRANSITIONS: Readonly<Record<DecisionStatus, readonly DecisionStatus[]>> = {
  draft: ['pending_approval', 'revoked'],
  pending_approval: ['approved', 'denied', 'escrowed', 'revoked', 'expired'],
  approved: ['executed', 'escrowed', 'revoked', 'expired'],
  escrowed: ['released', 'denied', 'revoked', 'expired'],
  released: ['executed', 'revoked', 'expired'],
  executed: [],
  denied: [],
  revoked: [],
  expired: [],
};

export const actionName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/, 'must be dotted lower-case words, e.g. campaign.scale');
export const actionGlob = z
  .string()
  .min(1)
  .max(200)
  .regex(/^([a-z0-9_]+|\*)(\.([a-z0-9_]+|\*))*$/, 'must be dotted lower-case words or *, e.g. campaign.*');
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD');
const id = z.string().min(1).max(200);

export interface Requester {
  kind: 'agent' | 'person';
  id: string;
  role: string | null;
  keyId: string | null;
}

export interface Decision {
  workspaceId: string;
  id: string;
  version: number;
  action: string;
  status: DecisionStatus;
  risk: (typeof RISKS)[number];
  amount: number | null;
  currency: string | null;
  requester: Requester;
  expiresAt: number | null;
  traceId: string | null;
  eventIds: string[];
  evidence: Record<string, unknown>[];
  approvals: Array<{ by: string; decision: 'approved' | 'rejected' | 'released'; at: number; note: string | null }>;
  createdAt: number;
  updatedAt: number;
}

export interface GrantCap {
  maxAmount: number;
  period: CapPeriod;
  actions: string | null;
}

export interface Grant {
  workspaceId: string;
  id: string;
  version: number;
  name: string | null;
  principal: { agentId: string | null; keyId: string | null; role: string | null };
  actions: string[];
  currency: string;
  caps: GrantCap[];
  overCap: 'deny' | 'escrow';
  approvalAbove: number | null;
  validFrom: number | null;
  validUntil: number | null;
  revokedAt: number | null;
  createdAt: number;
}

export interface ContextRequirement {
  field: string;
  op: 'present' | 'gte' | 'lte' | 'eq';
  value: string | number | boolean | null;
}

export interface Contract {
  workspaceId: string;
  id: string;
  version: number;
  name: string | null;
  actions: string[];
  required: ContextRequirement[];
  minTrustTier: TrustTier | null;
  requiresAttestation: boolean;
  onMissing: 'deny' | 'escrow';
  compliance: Array<{ pack: (typeof COMPLIANCE_PACKS)[number]; controls: string[] }>;
  revokedAt: number | null;
  createdAt: number;
}

export interface Reason {
  code: string;
  check: string;
  effect: Outcome;
  message: string;
  wouldChange: string;
}

export interface Receipt {
  id: string;
  seq: number;
  createdAt: number;
  principal: { kind: string; keyId: string | null };
  action: string;
  amount: number | null;
  currency: string | null;
  outcome: Outcome;
  reasons: Reason[];
  inputs: { proposedAction: string; refs: string; context: string; attestation: string };
  decision: { id: string; version: number; status: string } | null;
  grant: { id: string; version: number } | null;
  contract: { id: string; version: number } | null;
  compliance: Array<{ pack: string; controlId: string; evidence: string[] }>;
  attestation: { provider: string; keyId: string; signature: string; valid: boolean } | null;
  prevHash: string | null;
  hash: string;
}

export const ids = { id };

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Whether `action` matches a glob of dotted words where `*` matches any rest (e.g. `campaign.*`). */
export function globMatch(glob: string, action: string): boolean {
  const pattern = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`).test(action);
}

/** Start of the UTC period holding `at`: a day, an ISO week (Monday), or a month. */
export function periodStart(period: CapPeriod, at: number): number {
  const day = Math.floor(at / 86_400_000) * 86_400_000;
  if (period === 'day' || period === 'call') return day;
  if (period === 'week') return day - ((new Date(day).getUTCDay() + 6) % 7) * 86_400_000;
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}
