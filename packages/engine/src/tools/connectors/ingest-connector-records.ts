import { z } from 'zod';
import { MAX_RECORDS } from '../../domain/connectors/connectors-service.js';
import { defineTool } from '../../tool/define-tool.js';
import { ingestReport, providerField } from './schemas.js';

export const ingestConnectorRecords = defineTool({
  name: 'ingest_connector_records',
  title: 'Ingest connector records',
  description:
    'Normalize records exported from an enterprise system (Shopify orders, refunds, customers, ...) into canonical ' +
    'events: the tracking-plan vertical\'s event names, actor/object/entity for the graph, revenue and currency, ' +
    'source and attribution touchpoints, unknown fields kept in properties.raw. Each record\'s id and version make ' +
    'the messageId, so re-sending a record stores nothing new and a newer version is stored as an update. Answers one ' +
    'report per record (stored, updated, duplicate, failed with the reason naming the field); the others of the batch ' +
    'are stored. Use receive_connector_webhook instead for a provider\'s signed webhook delivery, and ingest_event for ' +
    'events already in the canonical envelope. list_connector_syncs shows past deliveries.',
  toolset: 'connectors',
  input: z.object({
    provider: providerField,
    records: z.array(z.unknown()).min(1).max(MAX_RECORDS).describe(`The provider's records as its API or export gives them (1-${MAX_RECORDS}).`),
    recordType: z.string().min(1).max(64).optional().describe('The type of every record (e.g. order); default: told from each record\'s shape.'),
    businessId: z.string().min(1).max(256).optional().describe('Business the records belong to; default: the workspace default business.'),
  }),
  output: ingestReport,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'write',
  examples: [{ provider: 'shopify', records: [{ id: 'order_1', total_price: 149, currency: 'USD' }] }],
  async handler(input, ctx) {
    return ctx.services.connectors.ingest.ingest(ctx.principal.workspaceId, input);
  },
});
