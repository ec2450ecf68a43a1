import type { IncomingMessage } from 'node:http';
import { EngineError, type Credentials, type Engine, type Principal } from '@headlessanalytics/engine';
import type { AuthMode } from './router.js';

/** Query/body fields that carry credentials on Agent Analytics routes; never passed to a tool that does not declare them. */
export const CREDENTIAL_FIELDS = { apiKey: 'key', projectToken: 'token' } as const;

function bearerOf(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match) {
    throw new EngineError('UNAUTHENTICATED', 'The Authorization header must be `Bearer <API key>`.');
  }
  return match[1];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Collects what the caller sent. Every route takes `Authorization: Bearer`; routes with
 * `auth: 'agent-analytics'` also take `X-API-Key`, `?key=`, a project `token` (body or query) and `Origin`.
 */
export function collectCredentials(request: IncomingMessage, mode: AuthMode, query: URLSearchParams | undefined, body: unknown): Credentials {
  const bearer = bearerOf(request);
  if (mode !== 'agent-analytics') return bearer === undefined ? {} : { apiKey: bearer };
  const bodyFields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const credentials: Credentials = {};
  const apiKey = bearer ?? text(request.headers['x-api-key']) ?? text(query?.get(CREDENTIAL_FIELDS.apiKey));
  const projectToken = text(bodyFields[CREDENTIAL_FIELDS.projectToken]) ?? text(query?.get(CREDENTIAL_FIELDS.projectToken));
  const origin = text(request.headers.origin);
  if (apiKey !== undefined) credentials.apiKey = apiKey;
  if (projectToken !== undefined) credentials.projectToken = projectToken;
  if (origin !== undefined) credentials.origin = origin;
  return credentials;
}

/**
 * The engine decides; `auth: 'none'` routes run anonymously unless a key was sent, which is then checked.
 * Without a promise when the engine has the key's principal cached.
 */
export function resolvePrincipal(engine: Engine, mode: AuthMode, credentials: Credentials): Principal | Promise<Principal> {
  if (mode === 'none' && credentials.apiKey === undefined) return engine.anonymousPrincipal();
  if (mode === 'agent-analytics' && credentials.apiKey === undefined && credentials.projectToken === undefined) {
    throw new EngineError(
      'UNAUTHENTICATED',
      'Missing API key. Send it as `X-API-Key: <key>`, `?key=<key>` or `Authorization: Bearer <key>`; the tracking routes also take the project\'s `token`.',
    );
  }
  return engine.resolvePrincipal(credentials);
}
