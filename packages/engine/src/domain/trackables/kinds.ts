/** The kinds of trackable, the event each records by default, and the `source.channel` of its events. */
export const TRACKABLE_KINDS = ['qr_code', 'barcode', 'rfid', 'sensor', 'robot', 'agent', 'mcp_server', 'cli_workflow', 'custom'] as const;
export type TrackableKind = (typeof TRACKABLE_KINDS)[number];

export const TRACKABLE_STATUSES = ['active', 'paused', 'retired'] as const;
export type TrackableStatus = (typeof TRACKABLE_STATUSES)[number];

export const DEFAULT_EVENT_NAMES: Readonly<Record<TrackableKind, string>> = {
  qr_code: 'qr.scanned',
  barcode: 'barcode.scanned',
  rfid: 'rfid.read',
  sensor: 'sensor.reading',
  robot: 'robot.action',
  agent: 'agent.action',
  mcp_server: 'mcp.tool_called',
  cli_workflow: 'cli.command_run',
  custom: 'trackable.used',
};

export const CHANNELS: Readonly<Record<TrackableKind, string>> = {
  qr_code: 'qr',
  barcode: 'barcode',
  rfid: 'rfid',
  sensor: 'sensor',
  robot: 'robot',
  agent: 'agent',
  mcp_server: 'mcp',
  cli_workflow: 'cli',
  custom: 'custom',
};

/**
 * Kinds that act (a sensor reads, a robot moves, an agent or workflow runs): their usage events have the trackable as
 * the `actor`. The others are scanned or read by someone: the trackable is the `object`.
 */
export const ACTING_KINDS: ReadonlySet<TrackableKind> = new Set(['sensor', 'robot', 'agent', 'mcp_server', 'cli_workflow']);

/** Bulk creation: the most trackables one call makes. */
export const MAX_BULK_COUNT = 10_000;

/** A scan from the same client within this window is marked `repeat: true`. */
export const REPEAT_WINDOW_MS = 30 * 60_000;
