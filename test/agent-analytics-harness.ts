import type { Bridge, Reply } from './rest-harness.js';
import { NOW } from './rest-harness.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Agent Analytics style calls: `X-API-Key` header, query string for GET, JSON body otherwise. */
export function agentAnalytics(bridge: Bridge, key = bridge.adminKey) {
  return {
    get(path: string, query: Record<string, string | number> = {}): Promise<Reply> {
      const search = new URLSearchParams(Object.entries(query).map(([name, value]): [string, string] => [name, String(value)]));
      return bridge.request('GET', `${path}?${search}`, { key: null, headers: { 'x-api-key': key } });
    },
    post(path: string, body: unknown): Promise<Reply> {
      return bridge.request('POST', path, { key: null, headers: { 'x-api-key': key }, body });
    },
  };
}

export interface SeedEvent {
  event: string;
  user_id?: string;
  session_id?: string;
  properties?: Record<string, unknown>;
  timestamp: number;
}

/**
 * The shared data set (NOW = Wednesday 2026-04-15 12:00 UTC):
 * u1 converts fully on Sunday, u2 starts signup on Monday, u3 bounces on Tuesday, u4 has two sessions
 * 40 minutes apart today, an anonymous visitor has an explicit session, and u5 was first seen 10 days
 * ago (Sunday of the week of March 30) and came back yesterday.
 */
export const SEED: SeedEvent[] = [
  { event: 'page_view', user_id: 'u1', properties: { path: '/home', referrer: 'google', country: 'US' }, timestamp: NOW - 3 * DAY },
  { event: 'signup_start', user_id: 'u1', properties: { path: '/signup', country: 'US' }, timestamp: NOW - 3 * DAY + 5 * MINUTE },
  { event: 'signup_complete', user_id: 'u1', properties: { path: '/signup', country: 'US' }, timestamp: NOW - 3 * DAY + 10 * MINUTE },
  { event: 'page_view', user_id: 'u2', properties: { path: '/home', referrer: 'twitter', country: 'DE' }, timestamp: NOW - 2 * DAY },
  { event: 'signup_start', user_id: 'u2', properties: { path: '/signup', country: 'DE' }, timestamp: NOW - 2 * DAY + 2 * MINUTE },
  { event: 'page_view', user_id: 'u3', properties: { path: '/pricing', referrer: 'google', country: 'US' }, timestamp: NOW - DAY },
  { event: 'page_view', user_id: 'u4', properties: { path: '/home', referrer: 'google', country: 'US' }, timestamp: NOW - 2 * HOUR },
  { event: 'page_view', user_id: 'u4', properties: { path: '/pricing', referrer: 'google', country: 'US' }, timestamp: NOW - 80 * MINUTE },
  { event: 'page_view', session_id: 'anon-1', properties: { path: '/home' }, timestamp: NOW - HOUR },
  { event: 'page_view', user_id: 'u5', properties: { path: '/home', referrer: 'bing', country: 'FR' }, timestamp: NOW - 10 * DAY },
  { event: 'app_open', user_id: 'u5', timestamp: NOW - DAY + HOUR },
];

/** Creates a project over REST and returns its name and token. */
export async function createProject(bridge: Bridge, name: string): Promise<{ name: string; id: string; token: string }> {
  const reply = await agentAnalytics(bridge).post('/projects', { name });
  if (reply.status !== 201) throw new Error(`create project: ${reply.status} ${JSON.stringify(reply.body)}`);
  return { name, id: reply.body.id, token: reply.body.project_token };
}
