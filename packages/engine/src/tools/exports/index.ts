import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { createExportDestination } from './create-export-destination.js';
import { deleteExportDestination } from './delete-export-destination.js';
import { exportToDestination } from './export-to-destination.js';
import { getExportDestination } from './get-export-destination.js';
import { getExportReceipt } from './get-export-receipt.js';
import { listExportDestinations } from './list-export-destinations.js';
import { listExportReceipts } from './list-export-receipts.js';

export const exportsTools: readonly AnyTool[] = [
  exportToDestination,
  createExportDestination,
  listExportDestinations,
  getExportDestination,
  deleteExportDestination,
  listExportReceipts,
  getExportReceipt,
];

export const exportsAliases: AliasTable = {
  rest: [
    { tool: 'export_to_destination', method: 'POST', path: '/api/exports/destinations' },
    { tool: 'create_export_destination', method: 'POST', path: '/api/export-destinations' },
    { tool: 'list_export_destinations', method: 'GET', path: '/api/export-destinations' },
    { tool: 'get_export_destination', method: 'GET', path: '/api/export-destinations/{id}' },
    { tool: 'delete_export_destination', method: 'DELETE', path: '/api/export-destinations/{id}' },
    { tool: 'list_export_receipts', method: 'GET', path: '/api/export-receipts' },
    { tool: 'get_export_receipt', method: 'GET', path: '/api/export-receipts/{id}' },
  ],
  cli: [
    { tool: 'export_to_destination', command: 'destination-export', positionals: [{ field: 'destination', required: true }, { json: true }] },
    { tool: 'create_export_destination', command: 'destination-create', positionals: [{ json: true }] },
    { tool: 'list_export_destinations', command: 'destinations', positionals: [{ json: true }] },
    { tool: 'get_export_destination', command: 'destination', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'delete_export_destination', command: 'destination-delete', positionals: [{ field: 'id', required: true }, { json: true }] },
    { tool: 'list_export_receipts', command: 'export-receipts', positionals: [{ json: true }] },
    { tool: 'get_export_receipt', command: 'export-receipt', positionals: [{ field: 'id', required: true }, { json: true }] },
  ],
};
