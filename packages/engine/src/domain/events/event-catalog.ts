/** One event name of a workspace (or of one project): how many are kept, when the latest arrived, its property keys. */
export interface CatalogEntry {
  event: string;
  count: number;
  lastSeen: number;
  propertyKeys: string[];
}

export interface CatalogQuery {
  workspaceId: string;
  /** Only this business's (project's) events; the whole workspace when absent. */
  businessId?: string | undefined;
  /** Only names that start with this (case-sensitive). */
  prefix?: string | undefined;
  /** Names after this one, in name order. */
  after?: string | undefined;
  limit: number;
}

/** The event store's catalog of names, in name order; `limit + 1` rows tell the caller another page exists. */
export interface EventCatalogRepo {
  names(query: CatalogQuery): Promise<CatalogEntry[]>;
}

/** How many of a name's latest events its property keys are read from. */
export const PROPERTY_KEY_SAMPLE = 20;
