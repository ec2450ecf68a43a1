import { z } from 'zod';
import { DESTINATION_KINDS, destinationView, viewOf } from '../../domain/exports/destination.js';
import { defineTool } from '../../tool/define-tool.js';

export const createExportDestination = defineTool({
  name: 'create_export_destination',
  title: 'Save an export destination',
  description:
    'Save a destination for export_to_destination: a kind (file, https, s3, gcs, bigquery, snowflake, redshift, ' +
    'graphnative, sovereignproof) and its config. Secret fields (tokens, keys, the HMAC secret) are stored sealed and never ' +
    'answered back; give a value or {"env":"NAME"} to read it from the server environment. A saved destination ' +
    'remembers its cursor, so each export sends only events it has not acknowledged. The id is dst_<slug of name>. ' +
    'For a one-off push, call export_to_destination with an inline config instead.',
  toolset: 'exports',
  input: z.object({
    name: z.string().min(1).max(120).describe('Name; its slug makes the id (e.g. "Warehouse" → dst_warehouse).'),
    kind: z.enum(DESTINATION_KINDS).describe('Destination kind.'),
    config: z
      .record(z.string(), z.unknown())
      .describe(
        'Kind config. file: path, format (ndjson|csv). https: url, secret. s3: bucket, prefix, region, endpoint, accessKeyId, secretAccessKey. gcs: bucket, prefix, projectId, apiEndpoint. ' +
          'bigquery: projectId, datasetId, tableId, apiEndpoint, token. snowflake: account, url, database, schema, table, warehouse, token. ' +
          'redshift: database, table, workgroupName|clusterIdentifier, region, endpoint, accessKeyId, secretAccessKey. graphnative: url, token. sovereignproof: url, token.',
      ),
  }),
  output: destinationView,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'admin',
  examples: [
    { name: 'Nightly file', kind: 'file', config: { path: 'nightly.ndjson', format: 'ndjson' } },
    { name: 'Warehouse receiver', kind: 'https', config: { url: 'https://hooks.example.com/ha', secret: { env: 'HA_RECEIVER_SECRET' } } },
  ],
  async handler(input, ctx) {
    return viewOf(await ctx.services.exports.create(ctx.principal.workspaceId, input));
  },
});
