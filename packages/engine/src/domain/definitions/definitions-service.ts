import { monotonicFactory } from 'ulid';
import { conflict, EngineError, invalidInput, notFound } from '../../errors/engine-error.js';
import { HOUR_MS, splitByWholeUnits } from '../analytics/event-fields.js';
import type { Interval } from '../metrics/buckets.js';
import { bucketStarts } from './bucket-starts.js';
import type { DefinitionListQuery, DefinitionsRepo, EventCounts, MeasureRow, MetricSnapshot, SnapshotListQuery } from './definitions-repo.js';
import {
  fieldLocation, ROLLUP_FIELD, type DefinitionVersion, type MeasureRule, type MetricDefinition, type MetricRule, type MetricValue, type RatioPart,
  type ValuePoint,
} from './rule.js';

/** A ratio part as sent: another definition (its latest version unless `version` is given), or an inline measure. */
export type PartInput = { metricId: string; version?: number | undefined } | MeasureRule;

/** A rule as sent: ratio parts not resolved yet. */
export type RuleInput = Omit<MetricRule, 'numerator' | 'denominator'> & { numerator: PartInput | null; denominator: PartInput | null };

export interface CreateInput extends RuleInput {
  id: string;
  name: string;
  description: string | null;
}

/** The fields an update sets; absent ones keep the latest version's. */
export type UpdateInput = Partial<Omit<CreateInput, 'id'>>;

/** What to compute: a stored definition (its latest version unless `version` is given) or an inline rule (`path` names it in errors). */
export type Target = { metricId: string; version?: number | undefined } | { rule: RuleInput; path: string };

export interface Evaluated {
  /** The definition computed (an inline rule has no id, version, name). */
  definition: Omit<DefinitionVersion, 'id' | 'version' | 'versionCreatedAt' | 'name'> & { id: string | null; version: number | null; name: string | null };
  value: MetricValue;
}

/** Snapshot ids of one millisecond still sort in the order they were saved. */
const ulid = monotonicFactory();

/** Most buckets one query may span (an hourly year is 8,784). */
export const MAX_BUCKETS = 20_000;

const FIELDS_BY_KIND = {
  count: ['eventNames', 'businessId', 'filters'],
  sum: ['eventNames', 'businessId', 'filters', 'property'],
  unique_actors: ['eventNames', 'businessId', 'filters'],
  ratio: ['numerator', 'denominator'],
} as const;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Metric definitions: every change a new immutable version; a ratio's parts pinned to the versions they had when
 * it was saved. Values are computed from the hourly rollups where they answer exactly (counts, and sums of a
 * top-level numeric field, without filters: whole hours from the rollups, the partial hours at the range's ends from
 * the raw events) and from the raw events otherwise.
 */
export class DefinitionsService {
  constructor(
    readonly repo: DefinitionsRepo,
    private readonly clock: () => number,
  ) {}

  async create(workspaceId: string, input: CreateInput, createdBy: string | null): Promise<MetricDefinition> {
    const existing = await this.repo.get(workspaceId, input.id);
    if (existing) {
      throw conflict(`Metric definition '${input.id}' already exists (version ${existing.latestVersion}); change it with update_metric_definition.`, {
        resource: 'metric definition', id: input.id,
      });
    }
    checkRuleFields(input, '');
    const rule = await this.#resolve(workspaceId, input, '');
    const now = this.clock();
    await this.repo.insertVersion(
      workspaceId, { id: input.id, version: 1, name: input.name, description: input.description, ...rule, versionCreatedAt: now }, createdBy,
    );
    return (await this.repo.get(workspaceId, input.id, 1))!;
  }

  /** Saves the latest version with `changes` as the next version; an update that changes nothing saves none. */
  async update(
    workspaceId: string, id: string, changes: UpdateInput, expectedVersion: number | undefined, createdBy: string | null,
  ): Promise<{ definition: MetricDefinition; changed: boolean }> {
    const latest = await this.get(workspaceId, id);
    if (expectedVersion !== undefined && expectedVersion !== latest.latestVersion) {
      throw new EngineError('CONFLICT', `Metric definition '${id}' is at version ${latest.latestVersion}, not ${expectedVersion}; read it again with get_metric_definition.`, {
        details: { resource: 'metric definition', id, latestVersion: latest.latestVersion },
      });
    }
    const kind = changes.kind ?? latest.kind;
    // A kind change drops the fields the old kind had and the new one does not.
    const kept: Record<string, unknown> = {};
    for (const field of FIELDS_BY_KIND[kind]) kept[field] = (latest as unknown as Record<string, unknown>)[field];
    const merged = {
      eventNames: [], businessId: null, filters: [], property: null, numerator: null, denominator: null,
      ...kept, unit: latest.unit, currency: latest.currency, kind,
      ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
    } as RuleInput & { name?: string; description?: string | null };
    const name = merged.name ?? latest.name;
    const description = merged.description === undefined ? latest.description : merged.description;
    checkRuleFields(merged, '');
    const rule = await this.#resolve(workspaceId, merged, '');
    const unchanged = name === latest.name && description === latest.description && same(rule, ruleOf(latest));
    if (unchanged) return { definition: latest, changed: false };
    const version = latest.latestVersion + 1;
    await this.repo.insertVersion(workspaceId, { id, version, name, description, ...rule, versionCreatedAt: this.clock() }, createdBy);
    return { definition: (await this.repo.get(workspaceId, id, version))!, changed: true };
  }

  /** A version of a definition (default the latest); NOT_FOUND names the id, or the version when the id exists. */
  async get(workspaceId: string, id: string, version?: number): Promise<MetricDefinition> {
    const found = await this.repo.get(workspaceId, id, version);
    if (found) return found;
    if (version !== undefined) {
      const latest = await this.repo.get(workspaceId, id);
      if (latest) {
        throw new EngineError('NOT_FOUND', `Metric definition '${id}' has no version ${version}; its versions are 1 to ${latest.latestVersion}.`, {
          details: { resource: 'metric definition version', id, version, latestVersion: latest.latestVersion },
        });
      }
    }
    throw notFound('metric definition', id, 'list_metric_definitions lists them');
  }

  list(workspaceId: string, query: DefinitionListQuery): Promise<MetricDefinition[]> {
    return this.repo.list(workspaceId, query);
  }

  async evaluate(workspaceId: string, target: Target, range: { from: number; to: number }, interval: Interval | undefined): Promise<Evaluated> {
    let definition: Evaluated['definition'];
    if ('metricId' in target) {
      const { versionCreatedAt: _saved, createdAt: _created, latestVersion: _latest, ...stored } = await this.get(workspaceId, target.metricId, target.version);
      definition = stored;
    } else {
      checkRuleFields(target.rule, target.path);
      definition = { id: null, version: null, name: null, description: null, ...(await this.#resolve(workspaceId, target.rule, target.path)) };
    }
    const starts = interval ? bucketStarts(range.from, range.to, interval, MAX_BUCKETS) : [];
    if (!starts) throw invalidInput(`\`interval\` ${interval} gives more than ${MAX_BUCKETS} buckets over this range`, [
      { path: 'interval', message: `gives more than ${MAX_BUCKETS} buckets over this range; use a coarser interval or a shorter range` },
    ]);
    const value: MetricValue = { ...range, interval: interval ?? null, value: null, numerator: null, denominator: null, buckets: [] };
    if (definition.kind === 'ratio') {
      const [top, bottom] = await Promise.all([
        this.#measure(workspaceId, definition.numerator!, range, interval),
        this.#measure(workspaceId, definition.denominator!, range, interval),
      ]);
      Object.assign(value, { numerator: top.total, denominator: bottom.total, value: divide(top.total, bottom.total) });
      value.buckets = starts.map((start): ValuePoint => {
        const numerator = top.byBucket.get(start) ?? 0;
        const denominator = bottom.byBucket.get(start) ?? 0;
        return { start, value: divide(numerator, denominator), numerator, denominator };
      });
    } else {
      const measured = await this.#measure(workspaceId, definition as MeasureRule, range, interval);
      value.value = measured.total;
      value.buckets = starts.map((start) => ({ start, value: measured.byBucket.get(start) ?? 0, numerator: null, denominator: null }));
    }
    return { definition, value };
  }

  /** Stores a computed value (and the event counts of query_metrics, when it came from there) as a snapshot. */
  async saveSnapshot(workspaceId: string, evaluated: Evaluated, eventCounts: EventCounts | null = null): Promise<MetricSnapshot> {
    const now = this.clock();
    const snapshot: MetricSnapshot = {
      id: `snap_${ulid(now).toLowerCase()}`,
      source: 'definition',
      createdAt: now,
      from: evaluated.value.from,
      to: evaluated.value.to,
      interval: evaluated.value.interval,
      metricId: evaluated.definition.id,
      version: evaluated.definition.version,
      definition: { ...evaluated.definition, name: evaluated.definition.name ?? '' },
      result: evaluated.value,
      eventCounts,
    };
    await this.repo.insertSnapshot(workspaceId, snapshot);
    return snapshot;
  }

  /** A snapshot by id, or the newest of a definition. */
  async snapshot(workspaceId: string, by: { id: string } | { metricId: string }): Promise<MetricSnapshot> {
    if ('id' in by) return (await this.repo.snapshot(workspaceId, by.id)) ?? throwNotFound('metric snapshot', by.id);
    const found = await this.repo.latestSnapshot(workspaceId, by.metricId);
    if (found) return found;
    throw new EngineError('NOT_FOUND', `Metric definition '${by.metricId}' has no snapshot in this workspace; save one with save_metric_definition_snapshot.`, {
      details: { resource: 'metric snapshot', metricId: by.metricId },
    });
  }

  snapshots(workspaceId: string, query: SnapshotListQuery): Promise<MetricSnapshot[]> {
    return this.repo.snapshots(workspaceId, query);
  }

  /** The rule with its ratio parts resolved: another definition's version pinned with its rule copied in. */
  async #resolve(workspaceId: string, input: RuleInput, path: string): Promise<MetricRule> {
    const part = async (side: 'numerator' | 'denominator'): Promise<RatioPart | null> => {
      const sent = input[side];
      if (!sent) return null;
      if (typeof (sent as { metricId?: unknown }).metricId !== 'string') {
        const { kind, eventNames, businessId, filters, property } = sent as MeasureRule;
        return { metricId: null, version: null, kind, eventNames, businessId, filters, property };
      }
      const ref = sent as { metricId: string; version?: number | undefined };
      const at = `${path}${side}`;
      // A kept part of an update is its pinned version again; a new reference takes the latest unless it names one.
      const found = await this.repo.get(workspaceId, ref.metricId, ref.version ?? undefined);
      if (!found) {
        const exists = ref.version != null && (await this.repo.get(workspaceId, ref.metricId));
        throw exists
          ? invalidInput(`${at}.version: metric definition '${ref.metricId}' has no version ${ref.version}`, [
            { path: `${at}.version`, message: `'${ref.metricId}' has versions 1 to ${exists.latestVersion}` },
          ])
          : invalidInput(`${at}.metricId: no metric definition '${ref.metricId}' in this workspace`, [
            { path: `${at}.metricId`, message: `no metric definition '${ref.metricId}' in this workspace; create it first or list them with list_metric_definitions` },
          ]);
      }
      if (found.kind === 'ratio') {
        throw invalidInput(`${at}.metricId: '${ref.metricId}' is a ratio`, [
          { path: `${at}.metricId`, message: `'${ref.metricId}' is a ratio; a ratio's parts are count, sum or unique_actors definitions` },
        ]);
      }
      const { eventNames, businessId, filters, property } = found;
      return { metricId: found.id, version: found.version, kind: found.kind, eventNames, businessId, filters, property };
    };
    const [numerator, denominator] = await Promise.all([part('numerator'), part('denominator')]);
    return {
      kind: input.kind, eventNames: input.eventNames, businessId: input.businessId, filters: input.filters, property: input.property,
      numerator, denominator, unit: input.unit, currency: input.currency,
    };
  }

  async #measure(workspaceId: string, rule: MeasureRule, range: { from: number; to: number }, interval: Interval | undefined) {
    const rows: MeasureRow[] = [];
    const selection = { eventNames: rule.eventNames, businessId: rule.businessId, filters: rule.filters };
    const sumPath = rule.property ? (fieldLocation(rule.property) as { jsonPath: string }).jsonPath : undefined;
    const measure = rule.kind;
    const rollupField = rule.kind === 'count' ? '' : rule.kind === 'sum' && ROLLUP_FIELD.test(rule.property ?? '') ? rule.property! : undefined;
    let total: number | undefined;
    if (rollupField !== undefined && rule.filters.length === 0) {
      const { whole, partial } = splitByWholeUnits(range.from, range.to, HOUR_MS);
      const reads: Array<Promise<MeasureRow[]>> = [];
      if (whole) reads.push(this.repo.measureRollups(workspaceId, { ...selection, field: rollupField, from: whole[0], to: whole[1], interval }));
      for (const [from, to] of partial) reads.push(this.repo.measureEvents(workspaceId, { selection, measure, sumPath, from, to, interval }));
      for (const found of await Promise.all(reads)) rows.push(...found);
    } else {
      rows.push(...(await this.repo.measureEvents(workspaceId, { selection, measure, sumPath, ...range, interval })));
      // Distinct actors do not add up over buckets: the whole range is counted on its own.
      if (measure === 'unique_actors' && interval) {
        total = (await this.repo.measureEvents(workspaceId, { selection, measure, ...range }))[0]?.value ?? 0;
      }
    }
    const byBucket = new Map<number, number>();
    for (const row of rows) byBucket.set(row.bucket, (byBucket.get(row.bucket) ?? 0) + row.value);
    return { total: total ?? rows.reduce((sum, row) => sum + row.value, 0), byBucket };
  }
}

/** numerator / denominator; null when the denominator is 0 (a ratio of nothing is undefined, not 0). */
const divide = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

function throwNotFound(what: string, id: string): never {
  throw notFound(what, id, 'list_metric_snapshots lists them');
}

function ruleOf(definition: MetricDefinition): MetricRule {
  const { kind, eventNames, businessId, filters, property, numerator, denominator, unit, currency } = definition;
  return { kind, eventNames, businessId, filters, property, numerator, denominator, unit, currency };
}

/** The fields a kind needs and refuses, named at `path` (a merged update is checked again here). */
export function checkRuleFields(rule: RuleInput, path: string): void {
  const issues: Array<{ path: string; message: string }> = [];
  const at = (field: string) => `${path}${field}`;
  if (rule.kind === 'sum' && !rule.property) issues.push({ path: at('property'), message: 'is required for a sum (e.g. properties.revenue)' });
  if (rule.kind !== 'sum' && rule.property) issues.push({ path: at('property'), message: `is only for kind sum (this is ${rule.kind})` });
  if (rule.kind === 'ratio') {
    for (const side of ['numerator', 'denominator'] as const) if (!rule[side]) issues.push({ path: at(side), message: 'is required for a ratio' });
    if (rule.eventNames.length > 0 || rule.businessId || rule.filters.length > 0) {
      issues.push({ path: at(rule.eventNames.length > 0 ? 'eventNames' : rule.businessId ? 'businessId' : 'filters'), message: "is not for a ratio: set it on the numerator and denominator" });
    }
  } else {
    for (const side of ['numerator', 'denominator'] as const) if (rule[side]) issues.push({ path: at(side), message: 'is only for kind ratio' });
  }
  if (issues.length > 0) throw invalidInput(`${issues[0]!.path}: ${issues[0]!.message}`, issues);
}
