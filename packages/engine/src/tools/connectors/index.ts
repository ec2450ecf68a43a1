import type { AliasTable, RestAlias } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { createConnector } from './create-connector.js';
import { deleteConnector } from './delete-connector.js';
import { getConnectorSync } from './get-connector-sync.js';
import { getConnector } from './get-connector.js';
import { ingestConnectorRecords } from './ingest-connector-records.js';
import { listConnectorSyncs } from './list-connector-syncs.js';
import { listConnectors } from './list-connectors.js';
import { receiveConnectorWebhook } from './receive-connector-webhook.js';
import { updateConnector } from './update-connector.js';

export const connectorsTools: readonly AnyTool[] = [
  ingestConnectorRecords, receiveConnectorWebhook, createConnector, listConnectors, getConnector, updateConnector, deleteConnector, listConnectorSyncs, getConnectorSync,
];

/**
 * The webhook route: no credentials (the connector id in the query names the workspace, the signature proves the
 * sender), the raw body, every header and the URL filled into the tool's input; a handshake's reply sent as its text.
 */
const webhookRoute: RestAlias = {
  tool: 'receive_connector_webhook',
  method: 'POST',
  path: '/api/connectors/{provider}/webhook',
  auth: 'none',
  requestFields: [
    { field: 'rawBody', rawBody: true },
    { field: 'headers', headers: true },
    { field: 'url', url: true },
  ],
  response: { kind: 'raw', field: 'reply', contentType: 'text/plain; charset=utf-8', contentTypeField: 'replyContentType', optional: true },
};

export const connectorsAliases: AliasTable = {
  rest: [
    { tool: 'ingest_connector_records', method: 'POST', path: '/api/connectors/ingest' },
    webhookRoute,
    { tool: 'create_connector', method: 'POST', path: '/api/connectors', status: 201 },
    { tool: 'list_connectors', method: 'GET', path: '/api/connectors' },
    { tool: 'get_connector', method: 'GET', path: '/api/connectors/{id}' },
    { tool: 'update_connector', method: 'PATCH', path: '/api/connectors/{id}' },
    { tool: 'delete_connector', method: 'DELETE', path: '/api/connectors/{id}' },
    { tool: 'list_connector_syncs', method: 'GET', path: '/api/connector-syncs' },
    { tool: 'get_connector_sync', method: 'GET', path: '/api/connector-syncs/{id}' },
  ],
  cli: [
    { tool: 'ingest_connector_records', command: 'connector-ingest', positionals: [{ field: 'provider', required: true }, { field: 'records', json: true, required: true }, { json: true }] },
    { tool: 'create_connector', command: 'connector-create', positionals: [{ field: 'provider', required: true }, { json: true }] },
    { tool: 'list_connectors', command: 'connectors', positionals: [{ json: true }] },
    { tool: 'get_connector', command: 'connector', positionals: [{ field: 'id', required: true }] },
    { tool: 'update_connector', command: 'connector-update', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'delete_connector', command: 'connector-delete', positionals: [{ field: 'id', required: true }] },
    { tool: 'list_connector_syncs', command: 'connector-syncs', positionals: [{ json: true }] },
    { tool: 'get_connector_sync', command: 'connector-sync', positionals: [{ field: 'id', required: true }] },
  ],
};
