import type { EngineOptions } from '../../engine.js';
import { outboundPolicyFromEnv } from '../outbound/index.js';
import { sovereignProofFromEnv } from '../proofs/sovereign-proof.js';

/**
 * The operator settings of outbound calls, destination exports and proof pushes, read from the environment:
 * `HA_OUTBOUND_ALLOW`, `HA_EXPORT_DIR`, `HA_EXPORT_BIGQUERY_ENDPOINT`, `HA_SOVEREIGNPROOF_URL` and
 * `HA_SOVEREIGNPROOF_TOKEN` (engineOptionsFromEnv merges them; a library user passes the options instead).
 */
export function exportOptionsFromEnv(env: NodeJS.ProcessEnv): Pick<EngineOptions, 'outboundAllow' | 'exportDir' | 'exportEndpoints' | 'sovereignProof'> {
  const options: Pick<EngineOptions, 'outboundAllow' | 'exportDir' | 'exportEndpoints' | 'sovereignProof'> = {};
  const allow = outboundPolicyFromEnv(env).allow;
  if (allow.length > 0) options.outboundAllow = allow;
  if (env.HA_EXPORT_DIR?.trim()) options.exportDir = env.HA_EXPORT_DIR.trim();
  if (env.HA_EXPORT_BIGQUERY_ENDPOINT?.trim()) options.exportEndpoints = { bigquery: env.HA_EXPORT_BIGQUERY_ENDPOINT.trim() };
  const sovereignProof = sovereignProofFromEnv(env);
  if (sovereignProof) options.sovereignProof = sovereignProof;
  return options;
}
