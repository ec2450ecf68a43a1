import { z } from 'zod';
import { EngineError } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';

export const getRuntimeHealth = defineTool({
  name: 'get_runtime_health',
  title: 'Get runtime health',
  description:
    'Deployment readiness: store reachability, schema version, durability, ingest queue, rate limiting and usage ' +
    'metering, without any secret values. Without `strict` it always answers (HTTP 200), with `status: degraded` ' +
    'and the failed `checks` when one fails: a liveness probe. `strict: true` adds no fields: it turns a failed check ' +
    'into an UNAVAILABLE error (HTTP 503) naming the checks, a readiness probe; while every check passes both answer ' +
    'alike. Needs no workspace data.',
  toolset: 'health',
  input: z.object({
    strict: z
      .union([z.boolean(), z.enum(['1', '0', 'true', 'false'])])
      .optional()
      .describe('Readiness mode: fail with UNAVAILABLE (HTTP 503) naming the failed checks, instead of answering `degraded`.'),
  }),
  output: z.object({
    status: z.enum(['ok', 'degraded']),
    ready: z.boolean(),
    version: z.string(),
    uptimeSeconds: z.number(),
    store: z.object({
      backend: z.string(),
      mode: z.string(),
      ok: z.boolean(),
      latencyMs: z.number(),
      schemaVersion: z.number().int(),
      latestSchemaVersion: z.number().int(),
    }),
    ingest: z.object({
      pendingEvents: z.number().int(),
      groupCommit: z.boolean(),
      commits: z.number().int().describe('Write transactions since start.'),
      committedEvents: z.number().int(),
      failedCommits: z.number().int().describe('Write transactions that failed since start (their events were refused, not acknowledged).'),
      lastCommitOk: z.boolean().describe('Whether the latest write transaction went through; false makes the engine not ready.'),
      meanQueueMs: z.number().describe('Mean time an ingest call waited for its write transaction to start, since start (ms).'),
      meanCommitMs: z.number().describe('Mean time of a write transaction from its preparation until durable, since start (ms).'),
    }),
    rateLimiting: z.object({ enabled: z.boolean(), perKeyPerMinute: z.number() }),
    usageMetering: z.object({ enabled: z.boolean() }),
    runtime: z
      .object({
        rssMiB: z.number(),
        heapUsedMiB: z.number(),
        gcCount: z.number().int().describe('Garbage collections since the process started serving.'),
        gcPauseMs: z.number().describe('Their total pause of the main thread (ms).'),
      })
      .describe('The serving process: memory, and garbage collection since start.'),
    checks: z.array(z.object({ name: z.string(), ok: z.boolean(), message: z.string() })),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{}],
  async handler(input, ctx) {
    const health = await ctx.services.health.check();
    const strict = input.strict === true || input.strict === '1' || input.strict === 'true';
    if (strict && health.status !== 'ok') {
      const failed = health.checks.filter((check) => !check.ok);
      throw new EngineError('UNAVAILABLE', `Not ready: ${failed.map((check) => `${check.name} (${check.message})`).join('; ')}`, {
        details: { checks: failed },
      });
    }
    return health;
  },
});
