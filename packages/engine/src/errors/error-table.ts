import type { EngineError, ErrorCode } from './engine-error.js';

/** The Agent Analytics API's error codes (its `{"error": "<CODE>", "message": …}` bodies), plus RATE_LIMITED and CONFLICT for its 429 and 409. */
export const AGENT_ANALYTICS_CODES = [
  'AUTH_REQUIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'PROJECT_REQUIRED',
  'MISSING_FIELDS',
  'INVALID_BODY',
  'BATCH_TOO_LARGE',
  'INVALID_METRIC',
  'INVALID_GROUP_BY',
  'INVALID_FILTER_OP',
  'INVALID_FILTER_FIELD',
  'INVALID_PROPERTY_KEY',
  'QUERY_FAILED',
  'INTERNAL_ERROR',
  'RATE_LIMITED',
  'CONFLICT',
] as const;
export type AgentAnalyticsCode = (typeof AGENT_ANALYTICS_CODES)[number];

interface SurfaceMapping {
  httpStatus: number;
  cliExitCode: number;
  /** The code on the Agent Analytics routes (same HTTP status, except as `agentAnalyticsErrorOf` says). */
  agentAnalytics: AgentAnalyticsCode;
}

/** The one table mapping error codes to transports. Every surface reads it; none keeps its own. */
export const ERROR_TABLE: Readonly<Record<ErrorCode, SurfaceMapping>> = {
  INVALID_INPUT: { httpStatus: 400, cliExitCode: 2, agentAnalytics: 'INVALID_BODY' },
  UNAUTHENTICATED: { httpStatus: 401, cliExitCode: 3, agentAnalytics: 'AUTH_REQUIRED' },
  FORBIDDEN: { httpStatus: 403, cliExitCode: 3, agentAnalytics: 'FORBIDDEN' },
  NOT_FOUND: { httpStatus: 404, cliExitCode: 4, agentAnalytics: 'NOT_FOUND' },
  CONFLICT: { httpStatus: 409, cliExitCode: 5, agentAnalytics: 'CONFLICT' },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, cliExitCode: 2, agentAnalytics: 'INVALID_BODY' },
  RATE_LIMITED: { httpStatus: 429, cliExitCode: 6, agentAnalytics: 'RATE_LIMITED' },
  UNAVAILABLE: { httpStatus: 503, cliExitCode: 7, agentAnalytics: 'INTERNAL_ERROR' },
  INTERNAL: { httpStatus: 500, cliExitCode: 1, agentAnalytics: 'INTERNAL_ERROR' },
};

export const httpStatusOf = (code: ErrorCode): number => ERROR_TABLE[code].httpStatus;
export const cliExitCodeOf = (code: ErrorCode): number => ERROR_TABLE[code].cliExitCode;

/**
 * INVALID_INPUT on the Agent Analytics routes, told apart by the first issue's field path (that API's wire
 * names) and reason: a missing `project`, a missing field, too many events, a bad metric, group, filter or
 * property key. Anything else is INVALID_BODY.
 */
const INPUT_CODES: ReadonlyArray<{ path: RegExp; message?: RegExp; code: AgentAnalyticsCode }> = [
  { path: /^project$/, message: /is required/, code: 'PROJECT_REQUIRED' },
  { path: /./, message: /is required/, code: 'MISSING_FIELDS' },
  { path: /^events$/, message: /^Too big/, code: 'BATCH_TOO_LARGE' },
  { path: /^metrics(\[\d+\])?$/, code: 'INVALID_METRIC' },
  { path: /^(group_by(\[\d+\])?|groupBy)$/, code: 'INVALID_GROUP_BY' },
  { path: /(^|\.)filters\[\d+\]\.op$/, code: 'INVALID_FILTER_OP' },
  { path: /^filters\[\d+\]\.field$/, code: 'INVALID_FILTER_FIELD' },
  { path: /^(property|breakdown)$|\.filters\[\d+\]\.property$/, code: 'INVALID_PROPERTY_KEY' },
];

/** What an Agent Analytics route is, as far as its error codes and statuses depend on it. */
export interface AgentAnalyticsRoute {
  /** An event write that takes a project token (POST /track, /track/batch): any credential failure is 403 FORBIDDEN. */
  tokenWrite: boolean;
  /** A read: a store that cannot answer now is QUERY_FAILED (503). */
  readOnly: boolean;
}

/**
 * The code and status an engine error answers with on an Agent Analytics route, as that API uses them: a read
 * without a (valid) key 401 AUTH_REQUIRED, a write with a bad or missing token 403 FORBIDDEN, a missing
 * project 400 PROJECT_REQUIRED.
 */
export function agentAnalyticsErrorOf(error: EngineError, route: AgentAnalyticsRoute): { code: AgentAnalyticsCode; httpStatus: number } {
  const httpStatus = httpStatusOf(error.code);
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return route.tokenWrite ? { code: 'FORBIDDEN', httpStatus: 403 } : { code: 'AUTH_REQUIRED', httpStatus };
    case 'UNAVAILABLE':
      return { code: route.readOnly ? 'QUERY_FAILED' : 'INTERNAL_ERROR', httpStatus };
    case 'INVALID_INPUT': {
      const issue = error.details?.issues?.[0];
      const rule = issue && INPUT_CODES.find((entry) => entry.path.test(issue.path) && (!entry.message || entry.message.test(issue.message)));
      return { code: rule?.code ?? 'INVALID_BODY', httpStatus };
    }
    default:
      return { code: ERROR_TABLE[error.code].agentAnalytics, httpStatus };
  }
}

/** Every Agent Analytics code an HTTP status can carry (for the OpenAPI document). */
export function agentAnalyticsCodesByStatus(): Map<number, AgentAnalyticsCode[]> {
  const byStatus = new Map<number, Set<AgentAnalyticsCode>>();
  const add = (status: number, code: AgentAnalyticsCode) => (byStatus.get(status) ?? byStatus.set(status, new Set()).get(status)!).add(code);
  for (const mapping of Object.values(ERROR_TABLE)) add(mapping.httpStatus, mapping.agentAnalytics);
  for (const rule of INPUT_CODES) add(ERROR_TABLE.INVALID_INPUT.httpStatus, rule.code);
  add(ERROR_TABLE.UNAVAILABLE.httpStatus, 'QUERY_FAILED');
  return new Map([...byStatus].sort(([a], [b]) => a - b).map(([status, codes]) => [status, [...codes]]));
}
