import { z } from 'zod';
import { invalidInput } from '../errors/engine-error.js';
import type { ToolAnnotations } from '../tool/define-tool.js';

export const DAY_MS = 86_400_000;

export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

export const timeRangeFields = {
  from: z.number().int().min(0).optional().describe('Start of the range, ms since epoch (inclusive). Default: 30 days before `to`.'),
  to: z.number().int().min(0).optional().describe('End of the range, ms since epoch (inclusive). Default: now.'),
};

/** Resolves a from/to pair with defaults; rejects an inverted range naming the field. */
export function resolveRange(input: { from?: number | undefined; to?: number | undefined }, now: number, defaultDays = 30): { from: number; to: number } {
  const to = input.to ?? now;
  const from = input.from ?? to - defaultDays * DAY_MS;
  if (from > to) throw invalidInput('`from` is after `to`', [{ path: 'from', message: 'must not be after `to`' }]);
  return { from, to };
}
