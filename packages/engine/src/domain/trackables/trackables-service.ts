import * as crypto from 'node:crypto';
import { ulid } from 'ulid';
import type { Principal, ToolProgress } from '../../context.js';
import { conflict, EngineError, invalidInput, notFound, unauthenticated } from '../../errors/engine-error.js';
import type { BarcodeSymbology } from './codes/index.js';
import { DEFAULT_EVENT_NAMES, MAX_BULK_COUNT, type TrackableKind, type TrackableStatus } from './kinds.js';
import { idStem, numberedId, numberWidth } from './slug.js';
import { codeFor, gs1Keys, metadataText } from './trackable-codes.js';
import type { Trackable, TrackableListQuery, TrackablePatch, TrackableRepo, TrackableToken } from './trackable-repo.js';

export interface CreateRequest {
  kind: TrackableKind;
  name: string;
  /** Explicit id (or, with `count`, the stem of the numbered ids). */
  id?: string | undefined;
  eventName?: string | undefined;
  targetUrl?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
  status?: TrackableStatus | undefined;
  barcode?: { symbology: BarcodeSymbology; text: string } | undefined;
  /** Bulk: this many numbered trackables in one call. */
  count?: number | undefined;
}

export interface TokenIssued {
  token: string;
  info: TrackableToken;
}

const TOKEN_PREFIX = 'ha_dev_';
const DEFAULT_LOCAL_URL = 'http://localhost:8787';
const TOKEN_CACHE_MS = 5_000;
/** Rows per transaction of a bulk insert: the progress reports come between them. */
const BULK_CHUNK = 1_000;
const MAX_ATTEMPTS = 3;

const hashSecret = (secret: string): string => crypto.createHash('sha256').update(secret).digest('hex');

/** Trackables: readable ids, bulk numbering, kind codes, status, device tokens. Rules here; SQL in the repo. */
export class TrackablesService {
  readonly #principals = new Map<string, { principal: Principal; expires: number }>();
  readonly #listeners: Array<(trackable: Trackable) => void> = [];

  readonly #publicUrl: string | undefined;

  constructor(
    readonly repo: TrackableRepo,
    private readonly clock: () => number,
    publicUrl?: string,
  ) {
    this.#publicUrl = publicUrl?.replace(/\/+$/, '');
  }

  /** Where scan links point: the deployment's public URL (HA_PUBLIC_URL), else the request's, else the local default. */
  baseUrl(requestBaseUrl: string | undefined): string {
    return this.#publicUrl ?? requestBaseUrl?.replace(/\/+$/, '') ?? DEFAULT_LOCAL_URL;
  }

  static readonly TOKEN_PREFIX = TOKEN_PREFIX;

  /**
   * Creates one trackable, or `count` numbered ones (a batch) in transactions of 1,000 rows reporting progress
   * between them; every input is checked before anything is stored. A failed batch removes what it stored.
   */
  async create(workspaceId: string, request: CreateRequest, progress?: (update: ToolProgress) => void): Promise<{ trackables: Trackable[]; batchId: string | null }> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#create(workspaceId, request, progress);
      } catch (error) {
        // Another call took the same next number meanwhile: number again (an explicit id stays a conflict).
        const retry = EngineError.isInstance(error) && error.code === 'CONFLICT' && request.id === undefined && attempt < MAX_ATTEMPTS;
        if (!retry) throw error;
      }
    }
  }

  async #create(workspaceId: string, request: CreateRequest, progress?: (update: ToolProgress) => void) {
    const now = this.clock();
    const count = request.count;
    const bulk = count !== undefined;
    if (bulk && (!Number.isInteger(count) || count < 1 || count > MAX_BULK_COUNT)) {
      throw invalidInput(`count: must be an integer from 1 to ${MAX_BULK_COUNT}.`, [{ path: 'count', message: `must be an integer from 1 to ${MAX_BULK_COUNT}` }]);
    }
    const total = count ?? 1;
    let ids: string[];
    if (!bulk && request.id !== undefined) ids = [request.id];
    else {
      const stem = request.id ?? idStem(request.name, request.kind);
      const first = (await this.repo.highestNumber(workspaceId, stem)) + 1;
      const width = bulk ? numberWidth(total) : 3;
      ids = Array.from({ length: total }, (_, index) => numberedId(stem, first + index, width));
    }
    const batchId = bulk ? `batch_${ulid(now).toLowerCase()}` : null;
    const base = request.metadata ?? {};
    const trackables: Trackable[] = [];
    for (const [index, id] of ids.entries()) {
      const metadata = bulk ? itemMetadata(request.kind, base, index, ids.length, first(id)) : base;
      const keys = gs1Keys(metadata);
      trackables.push({
        workspaceId,
        id,
        scanCode: id,
        kind: request.kind,
        name: bulk ? `${request.name} #${first(id)}` : request.name,
        eventName: request.eventName ?? DEFAULT_EVENT_NAMES[request.kind],
        targetUrl: request.targetUrl ?? null,
        metadata,
        status: request.status ?? 'active',
        batchId,
        code: codeFor(request.kind, metadata, request.barcode, keys.gtin),
        ...keys,
        createdAt: now,
        updatedAt: now,
      });
    }
    if (!bulk && (await this.repo.get(workspaceId, ids[0]!))) {
      throw conflict(`Trackable '${ids[0]}' already exists in this workspace; get_trackable reads it, or leave \`id\` out for a numbered one.`, { id: ids[0] });
    }
    await this.#assignScanCodes(trackables);
    progress?.({ progress: 0, total });
    let stored = 0;
    try {
      for (let start = 0; start < trackables.length; start += BULK_CHUNK) {
        const chunk = trackables.slice(start, start + BULK_CHUNK);
        await this.repo.insert(chunk);
        stored += chunk.length;
        progress?.({ progress: stored, total });
      }
    } catch (error) {
      if (batchId && stored > 0) await this.repo.deleteBatch(workspaceId, batchId).catch(() => undefined);
      throw error;
    }
    return { trackables, batchId };
  }

  /** Scan codes are the ids, unless another workspace holds one: then the id with a random suffix. */
  async #assignScanCodes(trackables: Trackable[]): Promise<void> {
    const taken = await this.repo.takenScanCodes(trackables.map((trackable) => trackable.scanCode));
    for (const trackable of trackables) {
      if (!taken.has(trackable.scanCode)) continue;
      trackable.scanCode = `${trackable.id}-${crypto.randomBytes(4).toString('hex').slice(0, 6)}`;
    }
  }

  async get(workspaceId: string, id: string): Promise<Trackable> {
    const found = await this.repo.get(workspaceId, id);
    if (!found) throw notFound('trackable', id, 'list_trackables lists them');
    return found;
  }

  list(workspaceId: string, query: TrackableListQuery): Promise<Trackable[]> {
    return this.repo.list(workspaceId, query);
  }

  /** Changes name, target, metadata or status; new metadata is checked as on creation (its GTIN, lot, serial). */
  async update(workspaceId: string, id: string, patch: Omit<TrackablePatch, 'gtin' | 'lot' | 'serial'>): Promise<Trackable> {
    const current = await this.get(workspaceId, id);
    const full: TrackablePatch = { ...patch };
    if (patch.metadata !== undefined) {
      Object.assign(full, gs1Keys(patch.metadata));
      if (current.kind === 'rfid') codeFor('rfid', patch.metadata, undefined, null);
    }
    const updated = await this.repo.update(workspaceId, id, full, Math.max(this.clock(), current.updatedAt));
    if (!updated) throw notFound('trackable', id, 'list_trackables lists them');
    for (const listener of this.#listeners) listener(updated);
    return updated;
  }

  /**
   * Usage figures of a trackable (every event naming it): uses by people and by bots, repeats, unique scanners (distinct
   * non-bot actors, plus each non-bot use without an actor), first and last use, and the conversions that followed.
   */
  async stats(workspaceId: string, id: string, windowMs: number) {
    const trackable = await this.get(workspaceId, id);
    const [counters, conversions] = await Promise.all([this.repo.counters(workspaceId, id), this.repo.conversions(workspaceId, id, windowMs)]);
    return { trackable, counters, conversions };
  }

  /** Calls `listener` with each trackable after it changed (the scan recorder forgets its cached copy). */
  onChange(listener: (trackable: Trackable) => void): void {
    this.#listeners.push(listener);
  }

  /** Issues a new device token for the trackable and revokes the ones it had (the first call just issues one). */
  async rotateToken(workspaceId: string, id: string): Promise<TokenIssued & { revoked: number }> {
    const trackable = await this.get(workspaceId, id);
    if (trackable.status === 'retired') throw conflict(`Trackable '${id}' is retired; set its status to active (update_trackable) before issuing a token.`);
    const now = this.clock();
    const revoked = await this.repo.revokeTokens(workspaceId, id, now);
    this.#forget(workspaceId, id);
    const token = `${TOKEN_PREFIX}${crypto.randomBytes(24).toString('base64url')}`;
    const info: TrackableToken = { id: `dtok_${ulid(now).toLowerCase()}`, workspaceId, trackableId: id, prefix: token.slice(0, 14), createdAt: now, revokedAt: null };
    await this.repo.insertToken(info, hashSecret(token));
    return { token, info, revoked };
  }

  /** Revokes the trackable's tokens at once (in this process; others within a few seconds). */
  async revokeTokens(workspaceId: string, id: string): Promise<number> {
    await this.get(workspaceId, id);
    const revoked = await this.repo.revokeTokens(workspaceId, id, this.clock());
    this.#forget(workspaceId, id);
    return revoked;
  }

  hasLiveToken(workspaceId: string, id: string): Promise<boolean> {
    return this.repo.liveTokens(workspaceId, id).then((tokens) => tokens.length > 0);
  }

  /** A device token's principal: write-only, limited to its trackable's usage (cached a few seconds). */
  async authenticateToken(secret: string): Promise<Principal> {
    const hash = hashSecret(secret);
    const cached = this.#principals.get(hash);
    if (cached && cached.expires > this.clock()) return cached.principal;
    const token = await this.repo.tokenByHash(hash);
    if (!token) throw unauthenticated('Invalid trackable token.');
    if (token.revokedAt !== null) throw unauthenticated('This trackable token has been revoked; rotate_trackable_token issues a new one.');
    const principal: Principal = { workspaceId: token.workspaceId, keyId: token.id, scopes: ['write'], kind: 'trackable_token', trackableId: token.trackableId };
    this.#principals.set(hash, { principal, expires: this.clock() + TOKEN_CACHE_MS });
    return principal;
  }

  #forget(workspaceId: string, trackableId: string): void {
    for (const [hash, entry] of this.#principals) {
      if (entry.principal.workspaceId === workspaceId && entry.principal.trackableId === trackableId) this.#principals.delete(hash);
    }
  }
}

/** The number at the end of a numbered id. */
const first = (id: string): number => Number(/(\d+)$/.exec(id)?.[1] ?? 0);

/**
 * A bulk item's metadata: the call's, with its own `serial` when serials matter (a GTIN for its Digital Link, or an
 * RFID tag's SGTIN-96): the given numeric serial plus the item's index, else the item's number.
 */
function itemMetadata(kind: TrackableKind, base: Record<string, unknown>, index: number, count: number, number: number): Record<string, unknown> {
  if (count === 1 && base.serial !== undefined) return base;
  const serialized = kind === 'rfid' ? base.epc === undefined && (base.companyPrefix !== undefined || base.itemReference !== undefined) : base.gtin !== undefined;
  if (!serialized) return base;
  const given = metadataText(base, 'serial');
  const serial = given !== undefined && /^\d{1,15}$/.test(given) ? String(Number(given) + index) : given !== undefined ? `${given}-${number}` : String(number);
  return { ...base, serial };
}
