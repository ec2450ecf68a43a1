import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { exportProofTrail } from './export-proof-trail.js';
import { getProofTrail } from './get-proof-trail.js';
import { getProofTrailPacket } from './get-proof-trail-packet.js';
import { listProofTrails } from './list-proof-trails.js';
import { verifyProofTrail } from './verify-proof-trail.js';

export const proofsTools: readonly AnyTool[] = [exportProofTrail, listProofTrails, getProofTrail, getProofTrailPacket, verifyProofTrail];

export const proofsAliases: AliasTable = {
  rest: [
    { tool: 'export_proof_trail', method: 'POST', path: '/api/proof-event-trails/export', status: 201 },
    { tool: 'list_proof_trails', method: 'GET', path: '/api/proof-event-trails' },
    { tool: 'get_proof_trail', method: 'GET', path: '/api/proof-event-trails/{id}' },
    { tool: 'get_proof_trail_packet', method: 'GET', path: '/api/proof-event-trails/{id}/packet' },
    { tool: 'verify_proof_trail', method: 'POST', path: '/api/proof-event-trails/verify' },
  ],
  cli: [
    { tool: 'export_proof_trail', command: 'proof-export', positionals: [{ json: true }] },
    { tool: 'list_proof_trails', command: 'proof-trails', positionals: [{ json: true }] },
    { tool: 'get_proof_trail', command: 'proof-trail', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'get_proof_trail_packet', command: 'proof-packet', positionals: [{ field: 'id', required: true }] },
    { tool: 'verify_proof_trail', command: 'proof-verify', positionals: [{ field: 'packet', file: true, required: true }], offline: true, failUnless: 'valid' },
  ],
};
