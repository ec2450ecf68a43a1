import type { Surface } from '../context.js';
import { EngineError } from '../errors/engine-error.js';
import type { AnyTool } from './define-tool.js';

/**
 * The most UTF-8 bytes of JSON an answer a model reads may have. Every token of a byte-level BPE tokenizer
 * (o200k_base, cl100k_base, Claude's) covers at least one byte, so an answer within this budget is at most 25,000
 * tokens whatever its content (random strings come close to a byte a token); typical rows of ids, names and
 * timestamps are 2.5-3 bytes a token, about 9,000 tokens at the budget. The engine needs no tokenizer for this.
 */
export const ANSWER_BUDGET_BYTES = 25_000;

/** Surfaces read by programs, which get the whole answer they asked for (REST clients, the SDK). */
const PROGRAM_SURFACES: ReadonlySet<Surface> = new Set(['rest', 'sdk']);

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * Bounds an answer to ANSWER_BUDGET_BYTES on the surfaces a model reads. A paged tool's answer is cut after the
 * most rows that fit, with `truncated: true` and the cursor after the last row kept, so the next call continues
 * exactly there. A read whose answer cannot be cut to fit (no rows, or one row alone is over) is refused with what
 * to ask for instead, rather than cut mid-value. A write's answer is never refused (its change is already made):
 * write answers are counts and ids, the largest being ingest_event's 1,000 ids with `returnIds` (about 18,000
 * tokens, checked by the tests with the tokenizer).
 */
export function boundAnswer(tool: AnyTool, input: unknown, output: unknown, surface: Surface, budget = ANSWER_BUDGET_BYTES): unknown {
  if (PROGRAM_SURFACES.has(surface)) return output;
  const size = bytesOf(output);
  if (size <= budget) return output;
  const page = tool.page;
  const record = output as Record<string, unknown>;
  // The paged arrays this answer has: the rows, and any paged row for row beside them.
  const lists = page ? [page.rows, ...(page.alongside ?? [])].filter((key) => Array.isArray(record[key])) : [];
  const arrays = lists.map((key) => record[key] as unknown[]);
  const length = Math.max(0, ...arrays.map((rows) => rows.length));
  if (page && length > 1) {
    const rows = Array.isArray(record[page.rows]) ? (record[page.rows] as unknown[]) : undefined;
    const longest = arrays.find((list) => list.length === length)!;
    const cut = (kept: number) => ({
      ...record,
      ...Object.fromEntries(lists.map((key, index) => [key, arrays[index]!.slice(0, kept)])),
      ...(rows ? page.recount?.(rows.slice(0, kept) as never) : undefined),
      [page.cursorKey]: page.cursorAfter((rows?.[kept - 1] ?? longest[kept - 1]) as never, kept - 1, input),
      truncated: true,
    });
    // Row sizes once (the index-th row of every paged array); then the most rows whose prefix fits, checked on the
    // exact serialization.
    const ends: number[] = [];
    let total = 0;
    for (let index = 0; index < length; index += 1) {
      for (const list of arrays) if (index < list.length) total += bytesOf(list[index]) + (index > 0 ? 1 : 0);
      ends.push(total);
    }
    const frame = bytesOf(cut(1)) - ends[0]!;
    let kept = 0;
    for (let low = 1, high = length - 1; low <= high; ) {
      const middle = (low + high) >>> 1;
      if (frame + ends[middle - 1]! <= budget) (kept = middle), (low = middle + 1);
      else high = middle - 1;
    }
    // The frame was measured with the first row's cursor; another row's may be longer.
    while (kept > 0 && bytesOf(cut(kept)) > budget) kept -= 1;
    if (kept > 0) return cut(kept);
  }
  if (tool.scope !== 'read') return output;
  throw new EngineError(
    'INVALID_INPUT',
    `The answer of ${tool.name} is ${size} bytes, over the ${budget}-byte budget of an answer a model reads` +
      (page ? ' even with a single row' : '') +
      '. Ask for less: a shorter time range, a coarser interval, fewer groups, a lower limit or concise rows.',
    { details: { issues: [], answerBytes: size, budgetBytes: budget } },
  );
}
