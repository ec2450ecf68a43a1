import type { SqlArg, SqlRow } from '../../domain/analytics/reader.js';
import type { AttributionRepo, PathEvent, PathQuery } from '../../domain/attribution/attribution-repo.js';

type Rows = (sql: string, args: SqlArg[]) => Promise<SqlRow[]>;

const text = (...paths: string[]): string => `coalesce(${paths.map((path) => `CAST(json_extract(body, '${path}') AS TEXT)`).join(', ')})`;

/** Channel, campaign, medium, content, landing page: the envelope's `attribution`, then `source`, then UTM parameters in `properties`. */
export const CHANNEL = text('$.attribution.channel', '$.source.channel', '$.attribution.source', '$.source.source', '$.properties.utm_source', '$.source.utm_source');
export const CAMPAIGN = text('$.attribution.campaign', '$.source.campaign', '$.properties.utm_campaign', '$.source.utm_campaign');
const MEDIUM = text('$.attribution.medium', '$.source.medium', '$.properties.utm_medium', '$.source.utm_medium');
const ENTITY = `coalesce('trackable:' || CAST(json_extract(body, '$.trackable.id') AS TEXT), object_type || ':' || object_id)`;
const REVENUE = `coalesce(json_extract(body, '$.properties.revenue'), json_extract(body, '$.outcome.revenue'))`;
const TOUCH = `(json_type(body, '$.attribution') = 'object' OR json_type(body, '$.source') = 'object' OR json_extract(body, '$.properties.utm_source') IS NOT NULL)`;

/**
 * The actors' paths in one read: conversion events and touch events of the window (the lookback before `from`
 * included), ordered by actor then time, so the service walks each actor's path once. Rows without an actor are
 * left out (a path needs an actor).
 */
export function libsqlAttributionRepo(rows: Rows): AttributionRepo {
  return {
    async paths(query: PathQuery): Promise<PathEvent[]> {
      const args: SqlArg[] = [query.conversionEvent, query.workspaceId, query.from - query.lookbackMs, query.to];
      let business = '';
      if (query.businessId !== undefined) (business = ' AND business_id = ?'), args.push(query.businessId);
      args.push(query.conversionEvent);
      const found = await rows(
        `SELECT id, actor_id, ts, event = ? AS conversion, ${REVENUE} AS revenue, ${CHANNEL} AS channel, ${CAMPAIGN} AS campaign,
                ${MEDIUM} AS medium, ${ENTITY} AS entity
           FROM events
          WHERE workspace_id = ? AND ts >= ? AND ts <= ? AND actor_id IS NOT NULL${business} AND (event = ? OR ${TOUCH})
          ORDER BY actor_id, ts, seq`,
        args,
      );
      return found.map((row) => ({
        id: String(row.id),
        actorId: String(row.actor_id),
        ts: Number(row.ts),
        conversion: Number(row.conversion) === 1,
        revenue: Number.isFinite(Number(row.revenue)) ? Number(row.revenue) : 0,
        channel: row.channel == null ? null : String(row.channel),
        campaign: row.campaign == null ? null : String(row.campaign),
        medium: row.medium == null ? null : String(row.medium),
        entity: row.entity == null ? null : String(row.entity),
      }));
    },
  };
}
