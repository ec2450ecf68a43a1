import * as crypto from 'node:crypto';
import { conflict, EngineError, notFound } from '../../errors/engine-error.js';
import { issuesFromZod, summarizeIssues } from '../../tool/zod-issues.js';
import { eventEnvelope, type EventEnvelope } from '../events/envelope.js';
import type { EventsService } from '../events/events-service.js';
import { isBotUserAgent } from './bots.js';
import { toGtin14 } from './codes/index.js';
import { ACTING_KINDS, CHANNELS, REPEAT_WINDOW_MS } from './kinds.js';
import { metadataText } from './trackable-codes.js';
import type { Trackable, TrackableRepo } from './trackable-repo.js';

export interface ScanRequest {
  /** The `/t/{code}` scan code, or a Digital Link's GTIN (with its lot and serial). */
  code?: string | undefined;
  gtin?: string | undefined;
  lot?: string | undefined;
  serial?: string | undefined;
  userAgent?: string | undefined;
  referrer?: string | undefined;
  language?: string | undefined;
  clientAddress?: string | undefined;
}

/** `refused`: an ingest guard (a tracking plan in block mode) refused the scan event; the scanner is redirected all the same. */
export type ScanOutcome = 'recorded' | 'paused' | 'retired' | 'refused';

export interface ScanResult {
  trackable: Trackable;
  outcome: ScanOutcome;
  eventId: string | null;
  bot: boolean;
  repeat: boolean;
  /** Where the scanner goes next: the target URL with UTM parameters; null when retired or without a target. */
  location: string | null;
}

export interface UsageRequest {
  usage: string;
  properties?: Record<string, unknown> | undefined;
  actor?: EventEnvelope['actor'];
  object?: EventEnvelope['object'];
  traceId?: string | undefined;
  businessId?: string | undefined;
  timestamp?: number | undefined;
  messageId?: string | undefined;
}

/** Metadata keys copied into each event's `trackable` bag (short identifying facts; the rest stays on the trackable). */
const BAG_KEYS = ['sku', 'lot', 'serial', 'gtin', 'campaign', 'location'];
const MAX_REMEMBERED_CLIENTS = 100_000;
/** Scan codes resolved in the last few seconds are not read again (a status change elsewhere applies within this). */
const RESOLVED_CACHE_MS = 5_000;
const MAX_RESOLVED = 10_000;
const MAX_HEADER_LENGTH = 512;

/** The `trackable` bag of its events: id, kind, name and the identifying metadata. */
export function trackableBag(trackable: Trackable): Record<string, unknown> {
  const bag: Record<string, unknown> = { id: trackable.id, kind: trackable.kind, name: trackable.name };
  for (const key of BAG_KEYS) {
    const value = metadataText(trackable.metadata, key);
    if (value !== undefined) bag[key] = value;
  }
  return bag;
}

/**
 * The target URL with the campaign's UTM parameters appended (existing query parameters kept, never overwritten):
 * utm_source = metadata.utmSource ?? metadata.source ?? the channel (`qr`, `barcode`…), utm_medium =
 * metadata.utmMedium ?? metadata.medium ?? `trackable`, utm_campaign = metadata.utmCampaign ?? metadata.campaign
 * (when there is one), utm_content = the trackable's id.
 */
export function withUtm(trackable: Trackable): string | null {
  if (trackable.targetUrl === null) return null;
  const url = new URL(trackable.targetUrl);
  const { metadata } = trackable;
  const utm: Array<[string, string | undefined]> = [
    ['utm_source', metadataText(metadata, 'utmSource') ?? metadataText(metadata, 'source') ?? CHANNELS[trackable.kind]],
    ['utm_medium', metadataText(metadata, 'utmMedium') ?? metadataText(metadata, 'medium') ?? 'trackable'],
    ['utm_campaign', metadataText(metadata, 'utmCampaign') ?? metadataText(metadata, 'campaign')],
    ['utm_content', trackable.id],
  ];
  for (const [key, value] of utm) if (value !== undefined && !url.searchParams.has(key)) url.searchParams.append(key, value);
  return url.toString();
}

const clip = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value.slice(0, MAX_HEADER_LENGTH));

/**
 * Records scans and usage of trackables as events through the normal durable ingest path (events.ingest). A scan's
 * actor is a scanner id: a salted hash of the client's address and user agent (no address is stored), so repeats and
 * unique scanners are counted without keeping who scanned.
 */
export class ScanRecorder {
  readonly #salts = new Map<string, Promise<string>>();
  /** workspace/trackable/scanner → last scan time: repeats within the window without a read, and scans still being written. */
  readonly #recent = new Map<string, number>();
  /** scan code → its trackable, read in the last RESOLVED_CACHE_MS: a hot code costs no read per scan. */
  readonly #resolved = new Map<string, { trackable: Trackable; expires: number }>();

  constructor(
    private readonly repo: TrackableRepo,
    private readonly events: EventsService,
    private readonly clock: () => number,
  ) {}

  /** Finds the trackable a scan names: by its scan code or its Digital Link, server-wide unless `workspaceId` is given. */
  async resolve(request: ScanRequest, workspaceId: string | undefined): Promise<Trackable> {
    let found: Trackable | undefined;
    if (request.code !== undefined) {
      found = await this.#byScanCode(request.code);
      if (found && workspaceId !== undefined && found.workspaceId !== workspaceId) found = undefined;
    } else if (request.gtin !== undefined) {
      const gtin = toGtin14(request.gtin, 'gtin');
      found = await this.repo.byDigitalLink({ gtin, lot: request.lot, serial: request.serial }, workspaceId);
    }
    if (!found) throw notFound('trackable', request.code ?? `01/${request.gtin ?? ''}`, 'check the scanned code; list_trackables lists a workspace\'s trackables');
    return found;
  }

  async #byScanCode(code: string): Promise<Trackable | undefined> {
    const now = this.clock();
    const cached = this.#resolved.get(code);
    if (cached && cached.expires > now) return cached.trackable;
    const found = await this.repo.byScanCode(code);
    if (!found) return undefined;
    if (this.#resolved.size >= MAX_RESOLVED) this.#resolved.delete(this.#resolved.keys().next().value!);
    this.#resolved.set(code, { trackable: found, expires: now + RESOLVED_CACHE_MS });
    return found;
  }

  /** Drops a changed trackable from the scan-code cache, so this process applies the change at once. */
  forget(trackable: Pick<Trackable, 'scanCode'>): void {
    this.#resolved.delete(trackable.scanCode);
  }

  async scan(request: ScanRequest, workspaceId: string | undefined): Promise<ScanResult> {
    const trackable = await this.resolve(request, workspaceId);
    const base = { trackable, eventId: null, bot: false, repeat: false };
    if (trackable.status === 'retired') return { ...base, outcome: 'retired', location: null };
    const location = withUtm(trackable);
    if (trackable.status === 'paused') return { ...base, outcome: 'paused', location };
    const now = this.clock();
    const userAgent = clip(request.userAgent);
    const bot = isBotUserAgent(userAgent);
    const scanner = await this.#scannerId(trackable.workspaceId, request.clientAddress ?? '', userAgent ?? '');
    const repeat = !bot && (await this.#isRepeat(trackable, scanner, now));
    const referrer = clip(request.referrer);
    const language = clip(request.language)?.split(',')[0]?.trim();
    const campaign = metadataText(trackable.metadata, 'campaign');
    const envelope: EventEnvelope = {
      event: trackable.eventName,
      actor: { type: 'scanner', id: scanner },
      object: { type: trackable.kind, id: trackable.id },
      source: { channel: CHANNELS[trackable.kind], ...(campaign ? { campaign } : {}), ...(referrer ? { referrer } : {}) },
      trackable: trackableBag(trackable),
      properties: { usage: 'scan', bot, repeat, ...(userAgent ? { userAgent } : {}), ...(referrer ? { referrer } : {}), ...(language ? { language } : {}) },
      timestamp: now,
    };
    let written;
    try {
      [written] = await this.events.ingest(trackable.workspaceId, [envelope], now);
    } catch (error) {
      // A person scanning a code still reaches its target when the workspace's plan refuses the event.
      if (EngineError.isInstance(error) && error.code === 'INVALID_INPUT') return { ...base, outcome: 'refused', bot, repeat, location };
      throw error;
    }
    return { ...base, outcome: 'recorded', eventId: written!.id, bot, repeat, location };
  }

  /** Records one usage (a device reading, a run, a manual scan) of a trackable as its event. Retired: CONFLICT; paused: not recorded. */
  async use(trackable: Trackable, request: UsageRequest): Promise<{ eventId: string | null; duplicate: boolean; outcome: ScanOutcome }> {
    if (trackable.status === 'retired') {
      throw conflict(`Trackable '${trackable.id}' is retired: it records no more usage. update_trackable with status active brings it back.`, { id: trackable.id, status: 'retired' });
    }
    if (trackable.status === 'paused') return { eventId: null, duplicate: false, outcome: 'paused' };
    const now = this.clock();
    const properties: Record<string, unknown> = { ...request.properties, usage: request.usage };
    const campaignOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
    const campaign = campaignOf(properties.campaign) ?? metadataText(trackable.metadata, 'campaign');
    const self = { type: trackable.kind, id: trackable.id };
    const acting = ACTING_KINDS.has(trackable.kind);
    const candidate: Record<string, unknown> = {
      event: trackable.eventName,
      ...(request.businessId ? { businessId: request.businessId } : {}),
      ...(request.actor !== undefined ? { actor: request.actor } : acting ? { actor: self } : {}),
      ...(request.object !== undefined ? { object: request.object } : acting ? {} : { object: self }),
      ...(request.traceId ? { traceId: request.traceId } : {}),
      source: { channel: CHANNELS[trackable.kind], ...(campaign ? { campaign } : {}) },
      trackable: trackableBag(trackable),
      properties,
      ...(request.timestamp !== undefined ? { timestamp: request.timestamp } : {}),
      ...(request.messageId ? { messageId: request.messageId } : {}),
    };
    // The event as ingest_event would take it: its size and nesting limits, issues named under `properties`.
    const parsed = eventEnvelope.safeParse(candidate);
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error).map((issue) => ({ ...issue, path: issue.path === '' ? 'properties' : issue.path }));
      throw new EngineError('INVALID_INPUT', summarizeIssues(issues), { details: { issues } });
    }
    const [written] = await this.events.ingest(trackable.workspaceId, [parsed.data], now);
    return { eventId: written!.id, duplicate: written!.duplicate, outcome: 'recorded' };
  }

  /** `scn_` and 22 characters of sha256(workspace salt, address, user agent): stable per client, not reversible without the salt. */
  async #scannerId(workspaceId: string, address: string, userAgent: string): Promise<string> {
    let salt = this.#salts.get(workspaceId);
    if (!salt) {
      salt = this.repo.salt(workspaceId, crypto.randomBytes(24).toString('base64url'));
      this.#salts.set(workspaceId, salt);
      salt.catch(() => this.#salts.delete(workspaceId));
    }
    const digest = crypto.createHash('sha256').update(`${await salt}\u0000${address}\u0000${userAgent}`).digest('base64url');
    return `scn_${digest.slice(0, 22)}`;
  }

  /** Scanned by the same client within REPEAT_WINDOW_MS: remembered here, else read from its events. */
  async #isRepeat(trackable: Trackable, scanner: string, now: number): Promise<boolean> {
    const key = `${trackable.workspaceId}\u0000${trackable.id}\u0000${scanner}`;
    const last = this.#recent.get(key);
    this.#recent.delete(key);
    this.#recent.set(key, now);
    if (this.#recent.size > MAX_REMEMBERED_CLIENTS) this.#recent.delete(this.#recent.keys().next().value!);
    if (last !== undefined) return now - last <= REPEAT_WINDOW_MS;
    return this.repo.usedSince(trackable.workspaceId, trackable.id, scanner, now - REPEAT_WINDOW_MS);
  }
}
