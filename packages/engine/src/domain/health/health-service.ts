import { PerformanceObserver } from 'node:perf_hooks';
import type { Store } from '../../store/store.js';
import { currentMigration } from '../../store/libsql/libsql-store.js';
import { LATEST_MIGRATION } from '../../store/libsql/migrations.js';
import { round } from '../analytics/period-summary.js';
import type { EventWriter, WriterStats } from '../events/event-writer.js';
import type { RateLimiter } from '../usage/rate-limiter.js';

export interface HealthCheck {
  name: string;
  ok: boolean;
  message: string;
}

export interface RuntimeHealth {
  status: 'ok' | 'degraded';
  ready: boolean;
  version: string;
  uptimeSeconds: number;
  store: { backend: string; mode: string; ok: boolean; latencyMs: number; schemaVersion: number; latestSchemaVersion: number };
  ingest: { pendingEvents: number; groupCommit: boolean } & WriterStats;
  rateLimiting: { enabled: boolean; perKeyPerMinute: number };
  usageMetering: { enabled: boolean };
  runtime: { rssMiB: number; heapUsedMiB: number; gcCount: number; gcPauseMs: number };
  checks: HealthCheck[];
}

/** Garbage collections of this process since the first health service was made, and their total pause. */
const gc = { count: 0, pauseMs: 0, observing: false };

function observeGarbageCollection(): void {
  if (gc.observing) return;
  gc.observing = true;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count += 1;
      gc.pauseMs += entry.duration;
    }
  }).observe({ entryTypes: ['gc'] });
}

const MIB = 1024 * 1024;

export const ENGINE_VERSION = '0.1.0';

/** Readiness without secrets: reports whether things are set, never their values. */
export class HealthService {
  readonly #started: number;

  constructor(
    private readonly store: Store,
    private readonly writer: EventWriter,
    private readonly limiter: RateLimiter,
    private readonly clock: () => number,
    /** The newest migration the engine runs (the core's and its domains'). */
    private readonly latestSchemaVersion: number = LATEST_MIGRATION,
  ) {
    this.#started = clock();
    observeGarbageCollection();
  }

  async check(): Promise<RuntimeHealth> {
    const started = performance.now();
    let storeOk = true;
    let schemaVersion = 0;
    try {
      schemaVersion = await currentMigration(this.store);
    } catch {
      storeOk = false;
    }
    const latencyMs = round(performance.now() - started, 2);
    const checks: HealthCheck[] = [
      { name: 'store.reachable', ok: storeOk, message: storeOk ? 'store answered' : 'store did not answer' },
      {
        name: 'store.migrations',
        ok: schemaVersion === this.latestSchemaVersion,
        message: `schema version ${schemaVersion} of ${this.latestSchemaVersion}`,
      },
      {
        name: 'store.durable',
        ok: this.store.mode !== 'memory',
        message: this.store.mode === 'memory' ? 'in-memory database: data is lost on exit' : `${this.store.mode} database`,
      },
    ];
    const writes = this.writer.stats;
    checks.push({
      name: 'ingest.commits',
      ok: writes.lastCommitOk,
      message: writes.lastCommitOk ? 'the latest commit went through' : `the latest commit failed (${writes.failedCommits} failed since start); events are refused`,
    });
    const memory = process.memoryUsage();
    const ready = checks.filter((check) => check.name !== 'store.durable').every((check) => check.ok);
    return {
      status: checks.every((check) => check.ok) ? 'ok' : 'degraded',
      ready,
      version: ENGINE_VERSION,
      uptimeSeconds: Math.round((this.clock() - this.#started) / 1000),
      store: { backend: this.store.backend, mode: this.store.mode, ok: storeOk, latencyMs, schemaVersion, latestSchemaVersion: this.latestSchemaVersion },
      ingest: { pendingEvents: this.writer.pendingEvents, groupCommit: true, ...writes },
      rateLimiting: { enabled: this.limiter.enabled, perKeyPerMinute: this.limiter.perMinute },
      usageMetering: { enabled: true },
      runtime: { rssMiB: round(memory.rss / MIB, 1), heapUsedMiB: round(memory.heapUsed / MIB, 1), gcCount: gc.count, gcPauseMs: round(gc.pauseMs, 1) },
      checks,
    };
  }
}
