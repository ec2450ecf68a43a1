import { z } from 'zod';
import type { IngestRejection } from '../../domain/events/ingest-guard.js';

/** The refused events of a batch, as ingest_event and track_batch answer them. */
export const rejectedOutput = z.array(
  z.object({
    index: z.number().int().describe('Position of the event in the batch (0-based).'),
    event: z.string().describe('Its event name.'),
    code: z.string().describe('Why: INVALID_INPUT for a block tracking plan.'),
    message: z.string().describe('What was wrong, naming the plan and the first field.'),
    issues: z.array(z.object({ path: z.string().describe('Field path in the event, e.g. properties.sku.'), message: z.string().describe('What is wrong with it.') })).describe('Every field issue.'),
  }),
);

export const rejectionsOf = (rejected: readonly IngestRejection[], events: ReadonlyArray<{ event: string }>): z.output<typeof rejectedOutput> =>
  rejected.map((rejection) => ({ index: rejection.index, event: events[rejection.index]!.event, code: rejection.code, message: rejection.message, issues: rejection.issues }));
