import type { AliasTable } from '../../tool/aliases.js';
import type { AnyTool } from '../../tool/define-tool.js';
import { getTrackerScript } from './get-tracker-script.js';
import { streamEvents } from './stream-events.js';

/** Live event stream and the browser tracker. */
export const streamTools: readonly AnyTool[] = [streamEvents, getTrackerScript];

export const streamAliases: AliasTable = {
  rest: [
    { tool: 'stream_events', method: 'GET', path: '/stream', auth: 'agent-analytics', response: { kind: 'sse', lastEventIdField: 'last_event_id' } },
    {
      tool: 'get_tracker_script',
      method: 'GET',
      path: '/tracker.js',
      auth: 'none',
      response: { kind: 'raw', field: 'script', contentType: 'application/javascript; charset=utf-8', maxAgeSeconds: 300 },
    },
    { tool: 'get_runtime_health', method: 'GET', path: '/health', auth: 'none' },
  ],
  cli: [
    { tool: 'stream_events', command: 'stream', positionals: [{ field: 'project', required: true }, { json: true }] },
    { tool: 'get_tracker_script', command: 'tracker-script', positionals: [] },
  ],
};
