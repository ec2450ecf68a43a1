import { randomBytes } from 'node:crypto';
import { EngineError, conflict, invalidInput, notFound, type FieldIssue } from '../../errors/engine-error.js';
import type { ToolProgress } from '../../context.js';
import type { Services } from '../../services.js';
import { outboundPolicyFromEnv, type OutboundPolicy } from '../outbound/index.js';
import { CONFIG_SCHEMAS, DESTINATION_KINDS, SECRET_FIELDS, type Destination, type DestinationKind, type Receipt, type SecretValue } from './destination.js';
import type { ExportsRepo } from './exports-repo.js';
import { graphnativePost, senderFor, sha256, type Attempt, type SenderContext } from './senders.js';

/** Retries of one batch: exponential backoff with jitter on 429/5xx/network errors, Retry-After honoured, bounded. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

export interface ExportRequest {
  /** A destination kind (with `config`) or a saved destination id (`dst_…`). */
  destination: string;
  config?: Record<string, unknown> | undefined;
  limit: number;
  batchSize: number;
  /** Inline exports: start after this event order key. */
  after?: number | undefined;
}

export interface ExportResult {
  exportId: string;
  destination: string;
  destinationId: string | null;
  kind: DestinationKind;
  status: 'completed' | 'partial' | 'failed';
  exported: number;
  batches: number;
  cursorFrom: number;
  cursor: number;
  remaining: number;
  receipts: string[];
  error: string | null;
}

const timeId = (prefix: string, at: number): string => `${prefix}_${at.toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function prefixIssues(error: unknown, prefix: string): FieldIssue[] {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
  return issues.map((issue) => ({ path: [prefix, ...issue.path.map(String)].join('.'), message: issue.message }));
}

/** Destinations, their incremental cursors, pushes with retries, and a receipt per push. */
export class ExportsService {
  /** Injected in tests so backoff is deterministic (records the delays asked for instead of waiting). */
  sleep: (ms: number) => Promise<void> = realSleep;
  random: () => number = Math.random;
  retry: RetryPolicy = DEFAULT_RETRY;
  /** The operator allow-list; read from HA_OUTBOUND_ALLOW at each export unless set. */
  policy: OutboundPolicy | undefined;
  /** The operator export directory for file destinations (HA_EXPORT_DIR unless set). */
  exportDir: string | undefined;
  /** Operator endpoint defaults (HA_EXPORT_BIGQUERY_ENDPOINT unless set). */
  endpoints: Partial<Record<DestinationKind, string>> | undefined;

  constructor(
    private readonly repo: ExportsRepo,
    private readonly services: Services,
    private readonly clock: () => number,
  ) {}

  /** Validates a kind's config (issues named `config.<field>`), splitting out the secret fields. */
  parseConfig(kind: DestinationKind, config: unknown): { config: Record<string, unknown>; secrets: Record<string, SecretValue> } {
    const parsed = CONFIG_SCHEMAS[kind].safeParse(config ?? {});
    if (!parsed.success) throw invalidInput(`Invalid ${kind} destination config`, prefixIssues(parsed.error, 'config'));
    const all = parsed.data as Record<string, unknown>;
    const plain: Record<string, unknown> = {};
    const secrets: Record<string, SecretValue> = {};
    for (const [field, value] of Object.entries(all)) {
      if (value === undefined) continue;
      if (SECRET_FIELDS[kind].includes(field)) secrets[field] = value as SecretValue;
      else plain[field] = value;
    }
    return { config: plain, secrets };
  }

  async create(workspaceId: string, input: { name: string; kind: DestinationKind; config: unknown }): Promise<Destination> {
    const { config, secrets } = this.parseConfig(input.kind, input.config);
    const now = this.clock();
    const slug = input.name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
    if (slug === '') throw invalidInput('The name needs a letter or digit', [{ path: 'name', message: 'has no letter or digit to make an id of' }]);
    const id = `dst_${slug}`;
    if (await this.repo.getDestination(workspaceId, id)) throw conflict(`Export destination '${id}' already exists`, { id });
    const secretFields = Object.keys(secrets).sort();
    const sealedSecrets = secretFields.length === 0 ? null : await this.services.signing.seal(JSON.stringify(secrets), `export:${workspaceId}:${id}`);
    const destination: Destination = { id, name: input.name, kind: input.kind, config, sealedSecrets, secretFields, cursor: 0, createdAt: now, updatedAt: now };
    if (!(await this.repo.createDestination(workspaceId, destination))) throw conflict(`Export destination '${id}' already exists`, { id });
    return destination;
  }

  async get(workspaceId: string, id: string, field = 'id'): Promise<Destination> {
    const found = await this.repo.getDestination(workspaceId, id);
    if (!found) throw Object.assign(notFound('export destination', id, 'list_export_destinations lists the saved ones'), { details: { resource: 'export destination', id, issues: [{ path: field, message: 'not found' }] } });
    return found;
  }

  list(workspaceId: string, after: string | undefined, limit: number): Promise<Destination[]> {
    return this.repo.listDestinations(workspaceId, after ?? '', limit);
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    if (!(await this.repo.deleteDestination(workspaceId, id))) throw notFound('export destination', id, 'list_export_destinations lists the saved ones');
  }

  async receipt(workspaceId: string, id: string): Promise<Receipt> {
    const found = await this.repo.getReceipt(workspaceId, id);
    if (!found) throw notFound('export receipt', id, 'list_export_receipts lists them');
    return found;
  }

  receipts(workspaceId: string, query: { destinationId?: string | undefined; before?: { t: number; id: string } | undefined; limit: number }): Promise<Receipt[]> {
    return this.repo.listReceipts(workspaceId, query);
  }

  private resolveSecrets(secrets: Record<string, SecretValue>): Record<string, string> {
    const resolved: Record<string, string> = {};
    for (const [field, value] of Object.entries(secrets)) {
      if (typeof value === 'string') resolved[field] = value;
      else {
        const fromEnv = process.env[value.env];
        if (fromEnv === undefined || fromEnv === '') throw new EngineError('UNAVAILABLE', `Secret config.${field} names ${value.env}, which is not set on the server`);
        resolved[field] = fromEnv;
      }
    }
    return resolved;
  }

  /** Pushes events after the cursor in batches; a saved destination's cursor advances per acknowledged batch only. */
  async export(workspaceId: string, request: ExportRequest, progress?: (update: ToolProgress) => void): Promise<ExportResult> {
    let saved: Destination | undefined;
    let kind: DestinationKind;
    let config: Record<string, unknown>;
    let secrets: Record<string, SecretValue>;
    if ((DESTINATION_KINDS as readonly string[]).includes(request.destination)) {
      kind = request.destination as DestinationKind;
      if (request.config === undefined) throw invalidInput(`An inline ${kind} export needs config`, [{ path: 'config', message: `required for destination '${kind}' (or pass a saved destination id)` }]);
      ({ config, secrets } = this.parseConfig(kind, request.config));
    } else if (request.destination.startsWith('dst_')) {
      if (request.config !== undefined) throw invalidInput('A saved destination carries its own config', [{ path: 'config', message: 'omit it when destination is a saved id' }]);
      saved = await this.get(workspaceId, request.destination, 'destination');
      kind = saved.kind;
      config = saved.config;
      secrets = saved.sealedSecrets === null ? {} : (JSON.parse(await this.services.signing.open(saved.sealedSecrets, `export:${workspaceId}:${saved.id}`)) as Record<string, SecretValue>);
    } else {
      throw invalidInput(`Unknown destination '${request.destination}'`, [{ path: 'destination', message: `must be one of ${DESTINATION_KINDS.join(', ')} or a saved destination id (dst_…)` }]);
    }
    const context: SenderContext = {
      config,
      secrets: this.resolveSecrets(secrets),
      policy: this.policy ?? outboundPolicyFromEnv(),
      exportDir: this.exportDir ?? process.env.HA_EXPORT_DIR,
      endpoints: this.endpoints ?? (process.env.HA_EXPORT_BIGQUERY_ENDPOINT ? { bigquery: process.env.HA_EXPORT_BIGQUERY_ENDPOINT } : {}),
      clock: this.clock,
      proofPacket: (batch) => this.proofPacket(workspaceId, batch),
    };
    const exportId = timeId('exp', this.clock());
    const start = saved ? saved.cursor : (request.after ?? 0);
    const base = { exportId, destination: request.destination, destinationId: saved?.id ?? null, kind, cursorFrom: start };
    if (kind === 'graphnative') return this.exportGraph(workspaceId, context, base, saved);

    const send = senderFor(kind, context);
    const total = Math.min(request.limit, await this.repo.countEvents(workspaceId, start));
    const receipts: string[] = [];
    let cursor = start;
    let exported = 0;
    let batches = 0;
    let error: string | null = null;
    // The first report comes before the first batch is sent, so a caller shows progress from the start.
    if (total > 0) progress?.({ progress: 0, total });
    while (exported < request.limit) {
      const rows = await this.repo.events(workspaceId, cursor, Math.min(request.batchSize, request.limit - exported));
      if (rows.length === 0) break;
      const first = rows[0]!.seq;
      const last = rows.at(-1)!.seq;
      // Stable per batch content: a retry (in this run or a later one) sends the same key.
      const requestId = `${saved?.id ?? `inline-${kind}`}:${first}-${last}`;
      const prepared = await send({ rows, requestId });
      const { attempt, attempts } = await this.withRetries(() => prepared.attempt());
      const receipt: Receipt = {
        id: randomBytes(9).toString('hex'),
        exportId,
        destinationId: saved?.id ?? null,
        kind,
        status: attempt.ok ? 'delivered' : 'failed',
        requestId,
        responseStatus: attempt.responseStatus,
        externalId: attempt.externalId,
        error: attempt.ok ? null : (attempt.error ?? 'failed'),
        payloadHash: prepared.payloadHash,
        rowCount: rows.length,
        cursorFrom: first,
        cursorTo: last,
        attempts,
        createdAt: this.clock(),
      };
      receipt.id = await this.repo.addReceipt(workspaceId, receipt);
      receipts.push(receipt.id);
      if (!attempt.ok) {
        error = receipt.error;
        break;
      }
      cursor = last;
      exported += rows.length;
      batches += 1;
      if (saved) await this.repo.advanceCursor(workspaceId, saved.id, cursor, this.clock());
      progress?.({ progress: exported, total });
    }
    const remaining = await this.repo.countEvents(workspaceId, cursor);
    const status = error === null ? 'completed' : exported > 0 ? 'partial' : 'failed';
    return { ...base, status, exported, batches, cursor, remaining, receipts, error };
  }

  /** The batch's signed proof packet (services.proofs), id derived from the request id so a retry reuses it. */
  private async proofPacket(workspaceId: string, batch: { rows: readonly { id: string }[]; requestId: string }): Promise<string> {
    const id = `prf_x${sha256(`${workspaceId}:${batch.requestId}`).slice(0, 24)}`;
    const existing = await this.services.proofs.get(workspaceId, id).catch((error: unknown) => {
      if (EngineError.isInstance(error) && error.code === 'NOT_FOUND') return undefined;
      throw error;
    });
    if (existing) return JSON.stringify(existing.packet);
    const built = await this.services.proofs.export(workspaceId, { id, title: `Export ${batch.requestId}`, eventIds: batch.rows.map((row) => row.id) });
    return JSON.stringify(built.packet);
  }

  private async withRetries(run: () => Promise<Attempt>): Promise<{ attempt: Attempt; attempts: number }> {
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.retry;
    for (let attempts = 1; ; attempts += 1) {
      const attempt = await run();
      if (attempt.ok || !attempt.retryable || attempts >= maxAttempts) return { attempt, attempts };
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1));
      const jittered = backoff / 2 + this.random() * (backoff / 2);
      const delay = attempt.retryAfterMs === undefined ? jittered : Math.max(attempt.retryAfterMs, jittered);
      if (delay > maxDelayMs * 2) return { attempt: { ...attempt, error: `${attempt.error ?? 'failed'} (Retry-After ${Math.round(delay / 1000)} s is beyond the retry bound)` }, attempts };
      await this.sleep(Math.round(delay));
    }
  }

  /** GraphNative: one push of the operating-graph subgraph (nodes + edges) active since the destination was last pushed. */
  private async exportGraph(workspaceId: string, context: SenderContext, base: Omit<ExportResult, 'status' | 'exported' | 'batches' | 'cursor' | 'remaining' | 'receipts' | 'error'>, saved: Destination | undefined): Promise<ExportResult> {
    const now = this.clock();
    const since = saved && saved.cursor > 0 ? saved.cursor : undefined;
    const graph = await this.services.graph.subgraph(workspaceId, { depth: 1, filter: { from: since, to: now }, maxNodes: 5000, maxEdges: 20000 });
    const requestId = `${saved?.id ?? 'inline-graphnative'}:${since ?? 0}-${now}`;
    const body = JSON.stringify({ requestId, nodes: graph.nodes, edges: graph.edges, truncated: graph.truncated });
    const { attempt, attempts } = await this.withRetries(() => graphnativePost({ ...context }, body));
    const receipt: Receipt = {
      id: randomBytes(9).toString('hex'),
      exportId: base.exportId,
      destinationId: saved?.id ?? null,
      kind: 'graphnative',
      status: attempt.ok ? 'delivered' : 'failed',
      requestId,
      responseStatus: attempt.responseStatus,
      externalId: attempt.externalId,
      error: attempt.ok ? null : (attempt.error ?? 'failed'),
      payloadHash: sha256(body),
      rowCount: graph.nodes.length + graph.edges.length,
      cursorFrom: since ?? 0,
      cursorTo: now,
      attempts,
      createdAt: now,
    };
    receipt.id = await this.repo.addReceipt(workspaceId, receipt);
    // The graph cursor is a time (entities active since): advanced only when the peer acknowledged.
    if (saved && attempt.ok) await this.repo.advanceCursor(workspaceId, saved.id, now, now);
    return { ...base, status: attempt.ok ? 'completed' : 'failed', exported: receipt.rowCount, batches: 1, cursor: attempt.ok ? now : base.cursorFrom, remaining: 0, receipts: [receipt.id], error: receipt.error };
  }
}
