import { z } from 'zod';

/** Destination kinds this build pushes to. */
export const DESTINATION_KINDS = ['file', 'https', 's3', 'bigquery', 'snowflake', 'redshift', 'graphnative', 'sovereignproof', 'gcs'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/** A secret: the value itself (stored sealed, never echoed), or the name of an environment variable read at push time. */
export const secretValue = z
  .union([z.string().min(1).max(4096), z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]{0,127}$/).describe('Environment variable holding the secret.') })])
  .describe('The secret (stored sealed, never answered back), or {"env":"NAME"} to read it from the server environment at push time.');
export type SecretValue = z.infer<typeof secretValue>;

const endpoint = z.url().max(2048);

/** Config fields per kind; secret fields are listed in SECRET_FIELDS and kept apart from the stored config. */
export const CONFIG_SCHEMAS = {
  file: z.strictObject({
    path: z.string().min(1).max(255).regex(/^[A-Za-z0-9._\-/]+$/).describe('File name inside the operator export directory (HA_EXPORT_DIR); appended to.'),
    format: z.enum(['ndjson', 'csv']).default('ndjson').describe('ndjson (one event per line) or csv (id, event, ts, businessId, actor, properties as JSON).'),
  }),
  https: z.strictObject({
    url: endpoint.describe('Receiver URL (POST, JSON body {"events":[...]}).'),
    secret: secretValue.optional().describe('HMAC-SHA256 key: the X-HA-Signature header is t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">.'),
  }),
  s3: z.strictObject({
    bucket: z.string().min(3).max(63).describe('Bucket name.'),
    prefix: z.string().max(512).default('headlessanalytics/').describe('Key prefix; each batch is <prefix><first seq>-<last seq>.ndjson.'),
    region: z.string().max(64).default('us-east-1').describe('AWS region.'),
    endpoint: endpoint.optional().describe('Endpoint override (S3-compatible stores); path-style addressing is used.'),
    accessKeyId: secretValue.describe('Access key id.'),
    secretAccessKey: secretValue.describe('Secret access key.'),
  }),
  gcs: z.strictObject({
    bucket: z.string().min(3).max(222).describe('Bucket name.'),
    prefix: z.string().max(512).default('headlessanalytics/').describe('Object name prefix; each batch is <prefix><first seq>-<last seq>.ndjson.'),
    projectId: z.string().max(128).optional().describe('Project id.'),
    apiEndpoint: endpoint.optional().describe('API endpoint override (an emulator or private endpoint; sent without credentials). Default: Google Cloud Storage with the server\'s Application Default Credentials.'),
  }),
  bigquery: z.strictObject({
    projectId: z.string().min(1).max(128).describe('Google Cloud project id.'),
    datasetId: z.string().min(1).max(1024).describe('Dataset id.'),
    tableId: z.string().min(1).max(1024).describe('Table id.'),
    apiEndpoint: endpoint.optional().describe('API endpoint override; default the operator\'s HA_EXPORT_BIGQUERY_ENDPOINT, else https://bigquery.googleapis.com.'),
    token: secretValue.optional().describe('OAuth 2 access token (Bearer).'),
  }),
  snowflake: z.strictObject({
    account: z.string().min(1).max(255).describe('Account identifier; the endpoint is https://<account>.snowflakecomputing.com unless `url` is given.'),
    url: endpoint.optional().describe('SQL API base URL override.'),
    database: z.string().min(1).max(255).describe('Database.'),
    schema: z.string().min(1).max(255).describe('Schema.'),
    table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]{0,254}$/).describe('Table with columns ID, EVENT, TS, BODY.'),
    warehouse: z.string().max(255).optional().describe('Warehouse.'),
    token: secretValue.describe('OAuth or key-pair JWT bearer token.'),
  }),
  redshift: z.strictObject({
    database: z.string().min(1).max(127).describe('Database.'),
    table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]{0,254}$/).describe('Table with columns id, event, ts, body.'),
    workgroupName: z.string().max(128).optional().describe('Redshift Serverless workgroup (or clusterIdentifier).'),
    clusterIdentifier: z.string().max(128).optional().describe('Provisioned cluster (or workgroupName).'),
    region: z.string().max(64).default('us-east-1').describe('AWS region.'),
    endpoint: endpoint.optional().describe('Data API endpoint override.'),
    accessKeyId: secretValue.describe('Access key id.'),
    secretAccessKey: secretValue.describe('Secret access key.'),
  }),
  sovereignproof: z.strictObject({
    url: endpoint.describe('SovereignProof ingest URL: each batch is sent as a signed proof packet (POST, the packet JSON).'),
    token: secretValue.optional().describe('Bearer token.'),
  }),
  graphnative: z.strictObject({
    url: endpoint.describe('GraphNative ingest URL (POST {"nodes":[...],"edges":[...]}).'),
    token: secretValue.optional().describe('Bearer token.'),
  }),
} as const;

export const SECRET_FIELDS: Record<DestinationKind, readonly string[]> = {
  file: [],
  https: ['secret'],
  s3: ['accessKeyId', 'secretAccessKey'],
  bigquery: ['token'],
  snowflake: ['token'],
  redshift: ['accessKeyId', 'secretAccessKey'],
  graphnative: ['token'],
  sovereignproof: ['token'],
  gcs: [],
};

export interface Destination {
  id: string;
  name: string;
  kind: DestinationKind;
  /** Config without secrets. */
  config: Record<string, unknown>;
  /** Sealed JSON of the secrets (values or env references). */
  sealedSecrets: string | null;
  /** Names of the secret fields set (answered instead of the values). */
  secretFields: string[];
  /** The last event order key (seq) a peer acknowledged. */
  cursor: number;
  createdAt: number;
  updatedAt: number;
}

export interface Receipt {
  id: string;
  exportId: string;
  destinationId: string | null;
  kind: DestinationKind;
  status: 'delivered' | 'failed';
  requestId: string;
  responseStatus: number | null;
  externalId: string | null;
  error: string | null;
  payloadHash: string;
  rowCount: number;
  cursorFrom: number;
  cursorTo: number;
  attempts: number;
  createdAt: number;
}

export const destinationView = z
  .object({
    id: z.string().describe('Destination id.'),
    name: z.string().describe('Name.'),
    kind: z.enum(DESTINATION_KINDS).describe('Destination kind.'),
    config: z.record(z.string(), z.unknown()).describe('Config without secrets.'),
    secretFields: z.array(z.string()).describe('Secret fields that are set (values are never answered).'),
    cursor: z.number().int().describe('Event order key of the last event a peer acknowledged; the next export starts after it.'),
    createdAt: z.string().describe('ISO 8601.'),
    updatedAt: z.string().describe('ISO 8601.'),
  })
  .meta({ id: 'ExportDestination' });

export const viewOf = (destination: Destination) => ({
  id: destination.id,
  name: destination.name,
  kind: destination.kind,
  config: destination.config,
  secretFields: destination.secretFields,
  cursor: destination.cursor,
  createdAt: new Date(destination.createdAt).toISOString(),
  updatedAt: new Date(destination.updatedAt).toISOString(),
});

export const receiptView = z
  .object({
    id: z.string().describe('Receipt id.'),
    exportId: z.string().describe('The export run this push belonged to.'),
    destinationId: z.string().nullable().describe('Saved destination, or null for an inline config.'),
    kind: z.enum(DESTINATION_KINDS).describe('Destination kind.'),
    status: z.enum(['delivered', 'failed']).describe('delivered: the peer acknowledged the batch; failed: retries ran out or it refused.'),
    requestId: z.string().describe('Our request id (also the Idempotency-Key / insertId prefix, stable across retries of the batch).'),
    responseStatus: z.number().int().nullable().describe('HTTP status of the last attempt, null when no answer came.'),
    externalId: z.string().nullable().describe('The peer id for the push (statement handle, object key, request id), when it gave one.'),
    error: z.string().nullable().describe('Why it failed.'),
    payloadHash: z.string().describe('sha-256 (hex) of the body sent.'),
    rowCount: z.number().int().describe('Events in the batch.'),
    cursorFrom: z.number().int().describe('First event order key in the batch.'),
    cursorTo: z.number().int().describe('Last event order key in the batch.'),
    attempts: z.number().int().describe('Attempts made.'),
    createdAt: z.string().describe('ISO 8601.'),
  })
  .meta({ id: 'ExportReceipt' });

export const receiptOf = (receipt: Receipt) => ({ ...receipt, createdAt: new Date(receipt.createdAt).toISOString() });
