import { PROPERTY_KEY_SAMPLE, type CatalogEntry, type CatalogQuery, type EventCatalogRepo } from '../../domain/events/event-catalog.js';

type Rows = (sql: string, args: Array<string | number>) => Promise<Array<Record<string, unknown>>>;

/**
 * The catalog on libSQL: names and counts from the hourly rollups (field `''` counts every event), then for each
 * name of the page its latest events through the name index, for the exact last timestamp and the property keys.
 * Those start at the name's latest rollup hour, so a name shared by many projects reads at most one hour of it.
 * `rows` is where reads run (the analytics read pool on an embedded file).
 */
export function libsqlEventCatalog(rows: Rows): EventCatalogRepo {
  return {
    async names(query: CatalogQuery): Promise<CatalogEntry[]> {
      const where = ['workspace_id = ?', "field = ''"];
      const args: Array<string | number> = [query.workspaceId];
      if (query.businessId !== undefined) (where.push('business_id = ?'), args.push(query.businessId));
      if (query.prefix !== undefined) (where.push('instr(event, ?) = 1'), args.push(query.prefix));
      if (query.after !== undefined) (where.push('event > ?'), args.push(query.after));
      const names = await rows(
        `SELECT event, sum(count) AS n, max(hour) AS last_hour FROM event_rollups WHERE ${where.join(' AND ')}
         GROUP BY event ORDER BY event LIMIT ?`,
        [...args, query.limit + 1],
      );
      const business = query.businessId === undefined ? '' : ' AND business_id = ?';
      return Promise.all(
        names.map(async (row): Promise<CatalogEntry> => {
          const event = String(row.event);
          const latest = await rows(
            `SELECT ts, (SELECT json_group_array(key) FROM json_each(body, '$.properties')) AS keys
             FROM events INDEXED BY events_by_name WHERE workspace_id = ? AND event = ? AND ts >= ?${business} ORDER BY ts DESC LIMIT ?`,
            [query.workspaceId, event, Number(row.last_hour), ...(query.businessId === undefined ? [] : [query.businessId]), PROPERTY_KEY_SAMPLE],
          );
          const keys = new Set<string>();
          for (const sample of latest) for (const key of JSON.parse(String(sample.keys ?? '[]')) as string[]) keys.add(key);
          return {
            event,
            count: Number(row.n),
            lastSeen: latest[0] ? Number(latest[0].ts) : Number(row.last_hour),
            propertyKeys: [...keys].sort(),
          };
        }),
      );
    },
  };
}
