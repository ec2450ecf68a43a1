import { CorsPolicy } from './cors.js';
import { DEFAULT_BODY_LIMIT_BYTES } from './http-io.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './server.js';

export interface ServerSettings {
  port: number;
  host: string;
  bodyLimitBytes: number;
  corsOrigins: string[];
  publicUrl?: string;
  trustProxy?: boolean;
}

function integerSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new Error(`${name} must be an integer from 0 to ${max}; got '${raw}'.`);
  return value;
}

/** HA_PORT, HA_HOST, HA_BODY_LIMIT_BYTES, HA_CORS_ORIGINS, HA_PUBLIC_URL, HA_TRUST_PROXY. */
export function serverSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  const settings: ServerSettings = {
    port: integerSetting(env, 'HA_PORT', DEFAULT_PORT, 65_535),
    host: env.HA_HOST?.trim() || DEFAULT_HOST,
    bodyLimitBytes: integerSetting(env, 'HA_BODY_LIMIT_BYTES', DEFAULT_BODY_LIMIT_BYTES, 1024 * 1024 * 1024),
    corsOrigins: CorsPolicy.parse(env.HA_CORS_ORIGINS),
  };
  if (['1', 'true', 'yes'].includes(env.HA_TRUST_PROXY?.trim().toLowerCase() ?? '')) settings.trustProxy = true;
  if (env.HA_PUBLIC_URL?.trim()) settings.publicUrl = env.HA_PUBLIC_URL.trim().replace(/\/+$/, '');
  return settings;
}
