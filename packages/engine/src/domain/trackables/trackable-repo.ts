import type { InStatement } from '../../store/store.js';
import type { TrackableKind, TrackableStatus } from './kinds.js';

/** The code a barcode or RFID trackable carries, fixed at creation (a QR code's content is its scan URL). */
export type TrackableCode =
  | { type: 'barcode'; symbology: string; text: string }
  | { type: 'sgtin96'; hex: string; pureIdentityUri: string; tagUri: string };

export interface Trackable {
  workspaceId: string;
  /** Readable id, unique in the workspace. */
  id: string;
  /** Unique on the server: the `/t/{scanCode}` path (the id itself unless another workspace holds it). */
  scanCode: string;
  kind: TrackableKind;
  name: string;
  eventName: string;
  targetUrl: string | null;
  metadata: Record<string, unknown>;
  status: TrackableStatus;
  /** The bulk call that made it, if any. */
  batchId: string | null;
  code: TrackableCode | null;
  /** From metadata, for GS1 Digital Link resolution: the GTIN as 14 digits, lot and serial as text. */
  gtin: string | null;
  lot: string | null;
  serial: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface TrackableListQuery {
  kind?: TrackableKind | undefined;
  status?: TrackableStatus | undefined;
  /** Ids starting with this. */
  prefix?: string | undefined;
  batchId?: string | undefined;
  ids?: readonly string[] | undefined;
  /** Continue after this id (id order). */
  after?: string | undefined;
  limit: number;
}

export type TrackablePatch = Partial<Pick<Trackable, 'name' | 'targetUrl' | 'metadata' | 'status' | 'gtin' | 'lot' | 'serial'>>;

export interface TrackableToken {
  id: string;
  workspaceId: string;
  trackableId: string;
  /** The first characters of the secret, to recognise it. */
  prefix: string;
  createdAt: number;
  revokedAt: number | null;
}

/** Counters kept by the commit hook, per trackable: every event naming it in `trackable.id`. */
export interface TrackableCounters {
  uses: number;
  bots: number;
  repeats: number;
  firstSeen: number | null;
  lastSeen: number | null;
  /** Distinct actors of its non-bot events. */
  actors: number;
  /** Its non-bot events without an actor (each counted as its own scanner). */
  anonymous: number;
}

export interface Conversions {
  events: number;
  actors: number;
  revenue: number;
}

/** What one commit adds to the counters; rows are arrays in column order (see TrackableRepo.countStatements). */
export interface CounterDelta {
  /** [workspaceId, trackableId, uses, bots, repeats, anonymous, firstSeen, lastSeen] */
  counters: unknown[][];
  /** [workspaceId, trackableId, actorId, uses, firstSeen, lastSeen] (non-bot events with an actor) */
  actors: unknown[][];
}

/** The trackables' storage; every read and write is scoped by workspace except the server-wide scan-code lookups. */
export interface TrackableRepo {
  /** Inserts in one transaction; a taken id or scan code fails it whole with CONFLICT. */
  insert(trackables: readonly Trackable[]): Promise<void>;
  /** Removes the trackables a bulk call stored (when a later chunk of it failed). */
  deleteBatch(workspaceId: string, batchId: string): Promise<void>;
  /** The highest number `n` of an id `{stem}-{n}` in the workspace, 0 when none. */
  highestNumber(workspaceId: string, stem: string): Promise<number>;
  /** Which of these scan codes the server already has. */
  takenScanCodes(codes: readonly string[]): Promise<Set<string>>;
  get(workspaceId: string, id: string): Promise<Trackable | undefined>;
  /** Server-wide, for the public scan route. */
  byScanCode(scanCode: string): Promise<Trackable | undefined>;
  /**
   * The trackable a GS1 Digital Link names (GTIN as 14 digits, lot and serial when the link has them), in any
   * workspace unless one is given: the same GTIN, no lot or serial other than the link's; the one matching the link's
   * serial, then lot, first, then the one with fewer qualifiers the link lacks, then the oldest.
   */
  byDigitalLink(link: { gtin: string; lot?: string | undefined; serial?: string | undefined }, workspaceId?: string): Promise<Trackable | undefined>;
  /** Id order, `limit` rows after `after`. */
  list(workspaceId: string, query: TrackableListQuery): Promise<Trackable[]>;
  update(workspaceId: string, id: string, patch: TrackablePatch, updatedAt: number): Promise<Trackable | undefined>;

  insertToken(token: TrackableToken, hash: string): Promise<void>;
  /** Revokes every live token of the trackable; answers how many. */
  revokeTokens(workspaceId: string, trackableId: string, at: number): Promise<number>;
  tokenByHash(hash: string): Promise<TrackableToken | undefined>;
  liveTokens(workspaceId: string, trackableId: string): Promise<TrackableToken[]>;

  /** The workspace's secret salt of scanner ids (made on first use). */
  salt(workspaceId: string, fresh: string): Promise<string>;
  /** Whether `actorId` used the trackable (an event naming it) at or after `since`. */
  usedSince(workspaceId: string, trackableId: string, actorId: string, since: number): Promise<boolean>;
  counters(workspaceId: string, trackableId: string): Promise<TrackableCounters>;
  /** Events with revenue or `order.created` by an actor of the trackable, each within `windowMs` after one of its uses. */
  conversions(workspaceId: string, trackableId: string, windowMs: number): Promise<Conversions>;
  /** The statements adding a commit's delta to the counters (run inside the event commit). */
  countStatements(delta: CounterDelta): InStatement[];
}
