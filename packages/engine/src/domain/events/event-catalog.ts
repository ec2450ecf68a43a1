import { invalidInput } from '../../errors/engine-error.js';

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

export function encodeCatalogCursor(event: string): string {
  return Buffer.from(`n:${event}`).toString('base64url');
}

export function decodeCatalogCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  if (!decoded.startsWith('n:')) {
    throw invalidInput('cursor is not one this API returned', [{ path: 'cursor', message: 'is not a cursor this API returned' }]);
  }
  return decoded.slice(2);
}
