import { EXPORTS_MIGRATIONS } from '../../store/libsql/exports-migrations.js';
import { libsqlExportsRepo } from '../../store/libsql/exports.js';
import { exportsAliases, exportsTools } from '../../tools/exports/index.js';
import { defineDomain } from '../define-domain.js';
import { ExportsService } from './exports-service.js';

export { ExportsService, DEFAULT_RETRY, type RetryPolicy } from './exports-service.js';

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
  services: ({ store, clock, services }) => new ExportsService(libsqlExportsRepo(store), services, clock),
});
