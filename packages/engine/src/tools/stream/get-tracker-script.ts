import { z } from 'zod';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';
import { TRACKER_SOURCE } from './tracker-source.js';

export const getTrackerScript = defineTool({
  name: 'get_tracker_script',
  title: 'Get tracker.js',
  description:
    'The browser tracker script (served as JavaScript at GET /tracker.js): page views with SPA navigation, sessions, ' +
    'custom events via ha.track(), experiment variants via ha.variant(), batching and sendBeacon on unload, no ' +
    'cookies. Install it with the `snippet` of create_project or get_project. Needs no credentials.',
  toolset: 'stream',
  input: z.object({}),
  output: z.object({ script: z.string().describe('JavaScript source.'), bytes: z.number().int() }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}],
  handler: async () => ({ script: TRACKER_SOURCE, bytes: Buffer.byteLength(TRACKER_SOURCE) }),
});
