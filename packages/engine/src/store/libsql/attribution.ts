import type { SqlArg, SqlRow } from '../../domain/analytics/reader.js';
import { pathSetOf, type AttributionRepo, type PathEvent, type PathQuery, type PathRow, type PathSource } from '../../domain/attribution/attribution-repo.js';
import { PathIndex } from '../../domain/attribution/path-index.js';
import type { Store } from '../store.js';

type Rows = (sql: string, args: SqlArg[]) => Promise<SqlRow[]>;

const text = (...paths: string[]): string => `coalesce(${paths.map((path) => `CAST(json_extract(body, '${path}') AS TEXT)`).join(', ')})`;

/** Channel, campaign, medium, content, landing page: the envelope's `attribution`, then `source`, then UTM parameters in `properties`. */
export const CHANNEL = text('$.attribution.channel', '$.source.channel', '$.attribution.source', '$.source.source', '$.properties.utm_source', '$.source.utm_source', '$.properties.source');
export const CAMPAIGN = text('$.attribution.campaign', '$.source.campaign', '$.properties.utm_campaign', '$.source.utm_campaign', '$.properties.campaign');
const MEDIUM = text('$.attribution.medium', '$.source.medium', '$.properties.utm_medium', '$.source.utm_medium', '$.properties.medium');
/** A path's actor: the event's, else the event itself (a conversion recorded without an actor is its own path). */
const ACTOR = `coalesce(actor_id, '(event) ' || id)`;
const ENTITY = `coalesce('trackable:' || CAST(json_extract(body, '$.trackable.id') AS TEXT), object_type || ':' || object_id)`;
const REVENUE = `coalesce(json_extract(body, '$.properties.revenue'), json_extract(body, '$.outcome.revenue'))`;
const TOUCH = `(json_type(body, '$.attribution') = 'object' OR json_type(body, '$.source') = 'object' OR json_extract(body, '$.properties.utm_source') IS NOT NULL)`;

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(',');
const textOf = (value: unknown): string | null => (value == null ? null : String(value));
const revenueOf = (value: unknown): number => (Number.isFinite(Number(value)) ? Number(value) : 0);

/** What the path index is loaded and tailed from: touch and conversion rows by insertion order, their fields extracted in SQL. */
export function libsqlPathSource(store: Store): PathSource {
  const bySeq = async (sql: string, seqs: readonly number[]) => {
    const found: unknown[][] = [];
    for (let start = 0; start < seqs.length; start += 500) {
      const chunk = seqs.slice(start, start + 500);
      found.push(...(await store.rows(`${sql} (${placeholders(chunk.length)})`, [...chunk])));
    }
    return found;
  };
  return {
    async page(workspaceId, after, conversionEvents, limit) {
      const names = conversionEvents.length === 0 ? '' : `event IN (${placeholders(conversionEvents.length)}) OR `;
      // Conversions without an actor are kept (each its own path); touches without one credit nothing and are left out.
      const anonymous = conversionEvents.length === 0 ? '' : ` OR actor_id IS NULL AND event IN (${placeholders(conversionEvents.length)})`;
      const found = await store.rows(
        // NOT INDEXED: walk the rowid range from `after` (a tail read costs nothing when nothing was added).
        `SELECT seq, business_id, ${ACTOR}, event, ts, ${TOUCH} AS touch, ${REVENUE} AS revenue, ${CHANNEL} AS channel, ${CAMPAIGN} AS campaign,
                ${MEDIUM} AS medium, ${ENTITY} AS entity
           FROM events NOT INDEXED
          WHERE seq > ? AND workspace_id = ? AND (actor_id IS NOT NULL AND (${names}${TOUCH})${anonymous})
          ORDER BY seq LIMIT ?`,
        [after, workspaceId, ...conversionEvents, ...conversionEvents, limit],
      );
      return found.map((row): PathRow => ({
        seq: Number(row[0]),
        businessId: String(row[1]),
        actorId: String(row[2]),
        event: String(row[3]),
        ts: Number(row[4]),
        touch: Number(row[5]) === 1,
        revenue: revenueOf(row[6]),
        channel: textOf(row[7]),
        campaign: textOf(row[8]),
        medium: textOf(row[9]),
        entity: textOf(row[10]),
      }));
    },
    async existing(seqs) {
      return new Set((await bySeq('SELECT seq FROM events WHERE seq IN', seqs)).map((row) => Number(row[0])));
    },
    async ids(seqs) {
      return new Map((await bySeq('SELECT seq, id FROM events WHERE seq IN', seqs)).map((row) => [Number(row[0]), String(row[1])]));
    },
  };
}

/** Attribution paths from the in-memory index (loaded and tailed from `store`). */
export function libsqlAttributionRepo(store: Store): AttributionRepo & { index: PathIndex } {
  const index = new PathIndex(libsqlPathSource(store));
  return { index, paths: (query) => index.paths(query) };
}

/**
 * The actors' paths in one read: conversion events and touch events of the window (the lookback before `from`
 * included), ordered by actor then time, so the service walks each actor's path once. A conversion without an actor
 * is its own path; touches without one are left out. The same answer as the path index, read by SQL alone (tests cross-check the two).
 */
export function libsqlAttributionSqlRepo(rows: Rows): AttributionRepo {
  return {
    async paths(query: PathQuery) {
      const args: SqlArg[] = [query.conversionEvent, query.workspaceId, query.from - query.lookbackMs, query.to];
      let business = '';
      if (query.businessId !== undefined) (business = ' AND business_id = ?'), args.push(query.businessId);
      args.push(query.conversionEvent, query.conversionEvent);
      const found = await rows(
        `SELECT id, ${ACTOR} AS actor_id, ts, event = ? AS conversion, ${REVENUE} AS revenue, ${CHANNEL} AS channel, ${CAMPAIGN} AS campaign,
                ${MEDIUM} AS medium, ${ENTITY} AS entity
           FROM events
          WHERE workspace_id = ? AND ts >= ? AND ts <= ?${business} AND (actor_id IS NOT NULL AND (event = ? OR ${TOUCH}) OR actor_id IS NULL AND event = ?)
          ORDER BY 2, ts, seq`,
        args,
      );
      return pathSetOf(found.map((row): PathEvent => ({
        id: String(row.id),
        actorId: String(row.actor_id),
        ts: Number(row.ts),
        conversion: Number(row.conversion) === 1,
        revenue: Number.isFinite(Number(row.revenue)) ? Number(row.revenue) : 0,
        channel: row.channel == null ? null : String(row.channel),
        campaign: row.campaign == null ? null : String(row.campaign),
        medium: row.medium == null ? null : String(row.medium),
        entity: row.entity == null ? null : String(row.entity),
      })));
    },
  };
}
