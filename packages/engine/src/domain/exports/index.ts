import { EXPORTS_MIGRATIONS } from '../../store/libsql/exports-migrations.js';
import { libsqlExportsRepo } from '../../store/libsql/exports.js';
import { exportsAliases, exportsTools } from '../../tools/exports/index.js';
import { defineDomain } from '../define-domain.js';
import type { DestinationKind } from './destination.js';
import { ExportsService } from './exports-service.js';

export { ExportsService, DEFAULT_RETRY, type RetryPolicy } from './exports-service.js';
export { exportOptionsFromEnv } from './options-from-env.js';

declare module '../../engine.js' {
  interface EngineOptions {
    /**
     * The directory file destinations write into (`HA_EXPORT_DIR`); a destination's `path` is resolved inside it and
     * may not leave it. Unset (and no HA_EXPORT_DIR): file exports are refused (UNAVAILABLE).
     */
    exportDir?: string;
    /**
     * Default endpoints of destination kinds whose config leaves `apiEndpoint` out, e.g. `{ bigquery: 'http://bq.internal:9050' }`
     * for an emulator or a private endpoint (`HA_EXPORT_BIGQUERY_ENDPOINT` sets the BigQuery one). Unset: the
     * environment variable, else the public endpoint.
     */
    exportEndpoints?: Partial<Record<DestinationKind, string>>;
  }
}

declare module '../../services.js' {
  interface Services {
    /** Destination exports: saved destinations with incremental cursors, pushes with retries, a receipt per push. */
    exports: ExportsService;
  }
}

export const exportsDomain = defineDomain({
  id: 'exports',
  toolsets: [
    {
      name: 'exports',
      default: false,
      description:
        'Destination exports: push events to a file, an HTTPS receiver (HMAC-signed), S3, BigQuery, Snowflake, Redshift or GraphNative, incrementally from a saved cursor, with retries and a receipt per push.',
    },
  ],
  tools: exportsTools,
  aliases: exportsAliases,
  migrations: EXPORTS_MIGRATIONS,
  services: ({ store, clock, options, services }) => {
    const service = new ExportsService(libsqlExportsRepo(store), services, clock);
    if (options.outboundAllow !== undefined) service.policy = { allow: options.outboundAllow };
    if (options.exportDir !== undefined) service.exportDir = options.exportDir;
    if (options.exportEndpoints !== undefined) service.endpoints = options.exportEndpoints;
    return service;
  },
});
