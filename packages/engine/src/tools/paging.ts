import { z } from 'zod';
import { invalidInput } from '../errors/engine-error.js';

/**
 * Paging shared by every list-shaped tool: `limit` + `cursor` in, `nextCursor` + `truncated` out (Agent Analytics
 * tools spell it `next_cursor`). A cursor is opaque to callers: base64url JSON that only this module writes and reads.
 * Event-like lists use keyset cursors (the last row's time and id, or the last name of a list in name order), so rows
 * added between two pages do not shift them; aggregates in a fixed order use an offset.
 */

export type CursorKey = 'nextCursor' | 'next_cursor';

/** `limit` (1..max, default `fallback`) and `cursor` (continuing from the answer's `cursorKey`). */
export function pageInput(fallback: number, max = 1000, cursorKey: CursorKey = 'nextCursor') {
  return {
    limit: z.number().int().min(1).max(max).default(fallback).describe(`Most rows returned (1-${max}, default ${fallback}).`),
    cursor: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe(`Opaque cursor: the \`${cursorKey}\` of the previous answer, with the same other arguments; omit it for the first page.`),
  };
}

/** The fields every paged answer carries beside its rows, spelled the tool's way. */
export function pageOutput<K extends CursorKey = 'nextCursor'>(key: K = 'nextCursor' as K) {
  return {
    [key]: z.string().nullable().describe('Cursor for the next page (pass it as `cursor`), or null on the last page.'),
    truncated: z
      .boolean()
      .default(false)
      .describe(`True when the answer was cut short of \`limit\` to stay within the answer size budget; \`${key}\` continues it.`),
  } as { [P in K]: z.ZodNullable<z.ZodString> } & { truncated: z.ZodDefault<z.ZodBoolean> };
}

/** `response_format` / `responseFormat`: concise rows drop the wide fields (properties, context…). */
export const RESPONSE_FORMATS = ['concise', 'detailed'] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];
export const responseFormatField = (fallback: ResponseFormat, concise: string) =>
  z.enum(RESPONSE_FORMATS).default(fallback).describe(`\`concise\` rows ${concise}; \`detailed\` rows have every field. Default: ${fallback}.`);

/** A row without the given fields (a concise row). */
export function omitFields<Row extends object, Key extends keyof Row>(row: Row, keys: readonly Key[]): Omit<Row, Key> {
  const kept = { ...row };
  for (const key of keys) delete kept[key];
  return kept;
}

type CursorValue = Record<string, string | number>;

export function encodeCursor(value: CursorValue): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Reads a cursor written by encodeCursor with the same shape; anything else is INVALID_INPUT naming `cursor`. */
export function decodeCursor<T extends CursorValue>(cursor: string, shape: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = shape.safeParse(value);
  if (!parsed.success) {
    throw invalidInput('`cursor` is not one this tool returned', [
      { path: 'cursor', message: 'is not a cursor this tool returned; pass the `nextCursor` (or `next_cursor`) of the previous answer unchanged, or omit it' },
    ]);
  }
  return parsed.data;
}

/** A keyset cursor: the time and id of the last row read (newest-first lists continue below it). */
const keyset = z.strictObject({ t: z.number().int(), id: z.string().min(1) });
export const keysetCursor = (t: number, id: string): string => encodeCursor({ t, id });
export const readKeysetCursor = (cursor: string | undefined): { t: number; id: string } | undefined =>
  cursor === undefined ? undefined : decodeCursor(cursor, keyset);

/** A name cursor, for lists in the order of a unique text key (event names, time-series bucket labels): the last key read. */
const named = z.strictObject({ n: z.string().min(1) });
export const nameCursor = (n: string): string => encodeCursor({ n });
export const readNameCursor = (cursor: string | undefined): string | undefined =>
  cursor === undefined ? undefined : decodeCursor(cursor, named).n;

/** An offset cursor, for aggregates in a deterministic order. */
const offset = z.strictObject({ o: z.number().int().min(0) });
export const offsetCursor = (o: number): string => encodeCursor({ o });
export const readOffsetCursor = (cursor: string | undefined): number => (cursor === undefined ? 0 : decodeCursor(cursor, offset).o);

/**
 * An offset page: rows [offset, offset + limit) of `found`, which was read as its first offset + limit + 1 rows, and
 * the cursor after them (null on the last page).
 */
export function offsetWindow<Row>(found: readonly Row[], offset: number, limit: number): { rows: Row[]; next: string | null } {
  const rows = found.slice(offset, offset + limit);
  return { rows, next: found.length > offset + limit ? offsetCursor(offset + rows.length) : null };
}

/** `cursorAfter` of an offset-paged tool: the offset of the row after the `index`-th row of this answer. */
export const afterOffset = (_row: unknown, index: number, input: { cursor?: string | undefined }): string =>
  offsetCursor(readOffsetCursor(input.cursor) + index + 1);
