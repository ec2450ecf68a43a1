import { z } from 'zod';
import { invalidInput } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { pageInput, pageOutput } from '../paging.js';
import { READ_ONLY } from '../shared.js';
import { trailSchema, trailView } from './trail.js';

const cursorOf = (trail: { createdAt: string; id: string }) => Buffer.from(JSON.stringify({ t: Date.parse(trail.createdAt), id: trail.id })).toString('base64url');

function readCursor(cursor: string | undefined): { createdAt: number; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { t?: unknown; id?: unknown };
    if (typeof parsed.t === 'number' && typeof parsed.id === 'string') return { createdAt: parsed.t, id: parsed.id };
  } catch {
    // falls through
  }
  throw invalidInput('Invalid cursor', [{ path: 'cursor', message: 'is not a nextCursor of list_proof_trails' }]);
}

export const listProofTrails = defineTool({
  name: 'list_proof_trails',
  title: 'List proof trails',
  description:
    'The proof trails (signed packets) of the workspace, newest first: id, title, signed root, item count and the ' +
    'SovereignProof push receipt. A summary: get_proof_trail pages the items of one packet, get_proof_trail_packet answers it whole. Pass `nextCursor` as `cursor` for the next page.',
  toolset: 'proofs',
  input: z.object({ ...pageInput(50, 200) }),
  output: z.object({ proofTrails: z.array(trailSchema).describe('Trails, newest first.'), ...pageOutput() }),
  page: { rows: 'proofTrails', cursorKey: 'nextCursor', cursorAfter: (row) => cursorOf(row) },
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}],
  async handler(input, ctx) {
    const found = await ctx.services.proofs.list(ctx.principal.workspaceId, { after: readCursor(input.cursor), limit: input.limit + 1 });
    const proofTrails = found.slice(0, input.limit).map(trailView);
    const last = proofTrails.at(-1);
    return { proofTrails, nextCursor: found.length > input.limit && last ? cursorOf(last) : null };
  },
});
