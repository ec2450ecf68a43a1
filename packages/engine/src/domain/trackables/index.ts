import { defineDomain } from '../define-domain.js';
import { LibsqlTrackableRepo } from '../../store/libsql/trackables.js';
import { TRACKABLE_MIGRATIONS } from '../../store/libsql/trackables-migrations.js';
import { trackableAliases, trackableTools, trackableToolsets } from '../../tools/trackables/index.js';
import { TrackableCounterHook } from './counter-hook.js';
import { ScanRecorder } from './scans.js';
import { TrackablesService } from './trackables-service.js';

/** The trackables' services: the trackables themselves (ids, codes, tokens, stats) and the scan/usage recorder. */
export interface TrackablesServices {
  service: TrackablesService;
  scans: ScanRecorder;
}

declare module '../../services.js' {
  interface Services {
    trackables: TrackablesServices;
  }
}

/**
 * Trackables: QR codes, barcodes, RFID tags, sensors, robots, agents, MCP servers and CLI workflows as identifiers
 * whose scans and usage are events. The commit hook keeps per-trackable counters in the event commit; device tokens
 * (`ha_dev_…`) resolve to principals that may only record their trackable's usage.
 */
export const trackablesDomain = defineDomain({
  id: 'trackables',
  toolsets: trackableToolsets,
  tools: trackableTools,
  aliases: trackableAliases,
  migrations: TRACKABLE_MIGRATIONS,
  services(deps): TrackablesServices {
    const repo = new LibsqlTrackableRepo(deps.store, (sql, args) => deps.reader.all(sql, args));
    const service = new TrackablesService(repo, deps.clock, deps.publicUrl);
    const scans = new ScanRecorder(repo, deps.services.events, deps.clock);
    service.onChange((trackable) => scans.forget(trackable));
    return { service, scans };
  },
  commitHooks: (services) => [new TrackableCounterHook(services.service.repo)],
  credentials: (services) => [{ prefix: TrackablesService.TOKEN_PREFIX, authenticate: (secret) => services.service.authenticateToken(secret) }],
});
