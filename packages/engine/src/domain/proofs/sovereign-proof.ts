import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { outboundFetch, outboundPolicyFromEnv, type OutboundPolicy } from '../outbound/index.js';
import { sha256Hex } from './packet.js';

/** Where packets are pushed: the operator's SovereignProof endpoint (`HA_SOVEREIGNPROOF_URL`, `HA_SOVEREIGNPROOF_TOKEN`). */
export interface SovereignProofConfig {
  url: string;
  token?: string | undefined;
  /** The SSRF guard's allow-list for this endpoint (default: `HA_OUTBOUND_ALLOW`). */
  policy?: OutboundPolicy | undefined;
}

export const pushReceiptSchema = z
  .object({
    destination: z.literal('sovereignproof').describe('Where the packet was sent.'),
    status: z.enum(['delivered', 'failed']).describe('delivered: the endpoint answered 2xx; failed: see error.'),
    endpoint: z.string().describe('The endpoint URL (origin and path, no credentials).'),
    requestId: z.string().describe('Id sent as X-Request-Id and Idempotency-Key (the response\'s X-Request-Id when it sends one).'),
    responseStatus: z.number().int().nullable().describe('HTTP status of the answer, null when none came.'),
    externalId: z.string().nullable().describe('The id SovereignProof gave the packet (its answer\'s `id`), if any.'),
    error: z.string().nullable().describe('Why the push failed, null when delivered.'),
    payloadHash: z.string().describe('SHA-256 (hex) of the exact body sent.'),
    sentAt: z.string().describe('When it was sent (ISO 8601).'),
  })
  .describe('Receipt of a push of the packet to SovereignProof.');
export type PushReceipt = z.infer<typeof pushReceiptSchema>;

/** Reads the endpoint from the environment; undefined when HA_SOVEREIGNPROOF_URL is not set. */
export function sovereignProofFromEnv(env: NodeJS.ProcessEnv): SovereignProofConfig | undefined {
  const url = env.HA_SOVEREIGNPROOF_URL?.trim();
  if (!url) return undefined;
  return { url, token: env.HA_SOVEREIGNPROOF_TOKEN?.trim() || undefined, policy: outboundPolicyFromEnv(env) };
}

export interface PostResult {
  status: number;
  headers: Headers;
  text: string;
}

const TIMEOUT_MS = 15_000;

/** The one outbound call of the domain: a JSON POST through the SSRF-guarded client (private addresses only when allowed). */
export async function postJson(url: string, body: string, headers: Record<string, string>, policy: OutboundPolicy): Promise<PostResult> {
  const response = await outboundFetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }, { policy, timeoutMs: TIMEOUT_MS });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function endpointOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** POSTs the packet (its JSON text) and answers the receipt; never throws for a failed delivery. */
export async function pushPacket(config: SovereignProofConfig, packetJson: string, now: number): Promise<PushReceipt> {
  const requestId = randomUUID();
  const base = {
    destination: 'sovereignproof' as const,
    endpoint: endpointOf(config.url),
    payloadHash: sha256Hex(packetJson),
    sentAt: new Date(now).toISOString(),
  };
  const headers: Record<string, string> = { 'x-request-id': requestId, 'idempotency-key': requestId };
  if (config.token) headers.authorization = `Bearer ${config.token}`;
  try {
    const answer = await postJson(config.url, packetJson, headers, config.policy ?? outboundPolicyFromEnv(process.env));
    let externalId: string | null = null;
    try {
      const parsed = JSON.parse(answer.text) as { id?: unknown; proofId?: unknown };
      const id = parsed.id ?? parsed.proofId;
      if (typeof id === 'string' || typeof id === 'number') externalId = String(id);
    } catch {
      // not JSON: no external id
    }
    const ok = answer.status >= 200 && answer.status < 300;
    return {
      ...base,
      status: ok ? 'delivered' : 'failed',
      requestId: answer.headers.get('x-request-id') ?? requestId,
      responseStatus: answer.status,
      externalId,
      error: ok ? null : `SovereignProof answered ${answer.status}${answer.text ? `: ${answer.text.slice(0, 200)}` : ''}`,
    };
  } catch (error) {
    return { ...base, status: 'failed', requestId, responseStatus: null, externalId: null, error: `Request failed: ${(error as Error).message}` };
  }
}
