import { randomBytes } from 'node:crypto';
import { conflict, EngineError, invalidInput, notFound } from '../../errors/engine-error.js';
import type { SigningService } from '../signing/signing-service.js';
import { buildPacket, type ProofItemInput, type ProofPacket } from './packet.js';
import type { ProofsRepo, ProofTrailRecord, ProofTrailSummary } from './proofs-repo.js';
import { pushPacket, type PushReceipt, type SovereignProofConfig } from './sovereign-proof.js';

/** Most items in one packet. */
export const MAX_PACKET_ITEMS = 10_000;

/** Decisions and enforcement receipts as the governance domain stores them (wired when that domain is registered). */
export interface GovernanceRecords {
  decision(workspaceId: string, id: string): Promise<unknown>;
  receipt(workspaceId: string, id: string): Promise<unknown>;
}

export interface ExportRequest {
  /** The packet id to use; default prf_<random>. */
  id?: string | undefined;
  title: string;
  eventIds?: readonly string[] | undefined;
  traceId?: string | undefined;
  decisionIds?: readonly string[] | undefined;
  receiptIds?: readonly string[] | undefined;
  evidence?: ReadonlyArray<Record<string, unknown> & { type: string }> | undefined;
  pushToSovereignProof?: boolean | undefined;
}

export interface ExportResult {
  packet: ProofPacket;
  push: PushReceipt | null;
}

export class ProofsService {
  constructor(
    private readonly repo: ProofsRepo,
    private readonly signing: SigningService,
    private readonly clock: () => number,
    private readonly sovereignProof: SovereignProofConfig | undefined,
    private readonly governance: () => GovernanceRecords | undefined,
  ) {}

  /** Builds, signs and stores a packet; pushes it to SovereignProof when asked (refused up front when not configured). */
  async export(workspaceId: string, request: ExportRequest): Promise<ExportResult> {
    if (request.pushToSovereignProof && !this.sovereignProof) {
      throw new EngineError(
        'UNAVAILABLE',
        'pushToSovereignProof is true but no SovereignProof endpoint is configured: the operator sets HA_SOVEREIGNPROOF_URL (and HA_SOVEREIGNPROOF_TOKEN), or the engine option sovereignProof. Nothing was exported; retry without pushToSovereignProof to keep the packet here.',
        { details: { issues: [{ path: 'pushToSovereignProof', message: 'no SovereignProof endpoint is configured' }] } },
      );
    }
    if (request.id !== undefined && (await this.repo.get(workspaceId, request.id))) {
      throw conflict(`Proof trail '${request.id}' already exists; packets never change: export under another id or omit id`, {
        issues: [{ path: 'id', message: 'is taken' }],
      });
    }
    const items = await this.#items(workspaceId, request);
    if (items.length === 0) {
      throw invalidInput('A proof trail needs at least one item', [
        { path: '', message: 'give eventIds, a traceId with events, decisionIds, receiptIds or evidence' },
      ]);
    }
    if (items.length > MAX_PACKET_ITEMS) {
      throw invalidInput(`A packet holds at most ${MAX_PACKET_ITEMS} items; this one would have ${items.length}`, [
        { path: request.traceId !== undefined ? 'traceId' : '', message: `more than ${MAX_PACKET_ITEMS} items` },
      ]);
    }
    const key = await this.signing.key(workspaceId);
    const createdAt = this.clock();
    const packet = await buildPacket({
      id: request.id ?? `prf_${randomBytes(12).toString('base64url')}`,
      workspaceId,
      title: request.title,
      createdAt,
      items,
      key,
      sign: async (data) => (await this.signing.sign(workspaceId, data)).signature,
    });
    const json = JSON.stringify(packet);
    const push = request.pushToSovereignProof && this.sovereignProof ? await pushPacket(this.sovereignProof, json, this.clock()) : null;
    const record: ProofTrailRecord = { id: packet.id, title: packet.title, rootHash: packet.rootHash, itemCount: packet.treeSize, createdAt, push, packet: json };
    await this.repo.insert(workspaceId, record);
    return { packet, push };
  }

  async get(workspaceId: string, id: string): Promise<{ summary: ProofTrailSummary; packet: ProofPacket }> {
    const record = await this.repo.get(workspaceId, id);
    if (!record) throw notFound('proof trail', id, 'list_proof_trails lists the packets of this workspace');
    const { packet, ...summary } = record;
    return { summary, packet: JSON.parse(packet) as ProofPacket };
  }

  list(workspaceId: string, query: { after?: { createdAt: number; id: string } | undefined; limit: number }): Promise<ProofTrailSummary[]> {
    return this.repo.list(workspaceId, query);
  }

  async #items(workspaceId: string, request: ExportRequest): Promise<ProofItemInput[]> {
    const items: ProofItemInput[] = [];
    const seen = new Set<string>();
    const eventIds = request.eventIds ?? [];
    if (eventIds.length > MAX_PACKET_ITEMS) throw invalidInput(`At most ${MAX_PACKET_ITEMS} eventIds`, [{ path: 'eventIds', message: `more than ${MAX_PACKET_ITEMS} ids` }]);
    if (eventIds.length > 0) {
      const found = new Map((await this.repo.events(workspaceId, [...new Set(eventIds)])).map((event) => [event.id, event]));
      const missing = eventIds.map((id, index) => ({ id, index })).filter(({ id }) => !found.has(id));
      if (missing.length > 0) throw missingError('event', 'eventIds', missing, 'query_events lists the events of this workspace');
      for (const id of eventIds) {
        if (seen.has(`event:${id}`)) continue;
        seen.add(`event:${id}`);
        const event = found.get(id)!;
        items.push({ type: 'event', ref: id, data: { ...event.body, id, receivedAt: event.receivedAt } });
      }
    }
    if (request.traceId !== undefined) {
      for (const event of await this.repo.eventsOfTrace(workspaceId, request.traceId, MAX_PACKET_ITEMS + 1)) {
        if (seen.has(`event:${event.id}`)) continue;
        seen.add(`event:${event.id}`);
        items.push({ type: 'event', ref: event.id, data: { ...event.body, id: event.id, receivedAt: event.receivedAt } });
      }
    }
    for (const [type, field, ids] of [
      ['decision', 'decisionIds', request.decisionIds ?? []],
      ['receipt', 'receiptIds', request.receiptIds ?? []],
    ] as const) {
      if (ids.length === 0) continue;
      const governance = this.governance();
      if (!governance) {
        throw new EngineError('UNAVAILABLE', `${field} need the governance domain, which this deployment does not run`, {
          details: { issues: [{ path: field, message: 'governance is not available' }] },
        });
      }
      const missing: Array<{ id: string; index: number }> = [];
      for (const [index, id] of ids.entries()) {
        if (seen.has(`${type}:${id}`)) continue;
        seen.add(`${type}:${id}`);
        const record = await (type === 'decision' ? governance.decision(workspaceId, id) : governance.receipt(workspaceId, id));
        if (record === undefined || record === null) missing.push({ id, index });
        else items.push({ type, ref: id, data: record });
      }
      if (missing.length > 0) {
        throw missingError(type === 'decision' ? 'decision' : 'enforcement receipt', field, missing, `${type === 'decision' ? 'list_decision_objects' : 'list_enforcement_receipts'} lists them`);
      }
    }
    (request.evidence ?? []).forEach((evidence, index) => {
      const ref = typeof evidence.id === 'string' && evidence.id !== '' ? evidence.id : `evidence-${index}`;
      items.push({ type: 'evidence', ref, data: evidence });
    });
    return items;
  }
}

/** NOT_FOUND naming every missing id with its input path (another workspace's ids are missing too: never dropped). */
function missingError(what: string, field: string, missing: ReadonlyArray<{ id: string; index: number }>, next: string): EngineError {
  const error = notFound(what, missing[0]!.id, next);
  error.details!.issues = missing.slice(0, 50).map(({ id, index }) => ({ path: `${field}[${index}]`, message: `${what} '${id}' was not found` }));
  error.details!.missing = missing.slice(0, 50).map(({ id }) => id);
  return error;
}
