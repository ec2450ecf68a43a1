import type { AgentAnalyticsRoute, HttpMethod, RestAlias, ToolRegistry } from '@headlessanalytics/engine';

export type AuthMode = NonNullable<RestAlias['auth']>;

/** What a request resolved to. Every tool route names its tool; only the two catalogue routes do not. */
export type RouteMatch =
  | { kind: 'alias'; alias: RestAlias; tool: string; auth: AuthMode; pathParams: Record<string, string> }
  | { kind: 'tool'; tool: string; auth: AuthMode }
  | { kind: 'list-tools' }
  | { kind: 'openapi' }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

export const TOOLS_PATH = '/api/tools';
export const OPENAPI_PATH = '/api/openapi';

interface Template {
  segments: string[];
  byMethod: Map<string, RestAlias>;
}

const isParam = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');

/** The auth a tool takes on its generic route: the most open of its aliases' modes. */
function toolAuthModes(aliases: readonly RestAlias[]): Map<string, AuthMode> {
  const rank: Record<AuthMode, number> = { bearer: 0, 'agent-analytics': 1, none: 2 };
  const modes = new Map<string, AuthMode>();
  for (const alias of aliases) {
    const mode = alias.auth ?? 'bearer';
    const current = modes.get(alias.tool);
    if (!current || rank[mode] > rank[current]) modes.set(alias.tool, mode);
  }
  return modes;
}

/** Routes derived from the registry's REST alias table plus the generic tool routes. Static paths are one map lookup. */
export class RestRouter {
  readonly #static = new Map<string, Map<string, RestAlias>>();
  readonly #templates: Template[] = [];
  readonly #toolAuth: Map<string, AuthMode>;
  readonly #agentAnalytics = new Map<RestAlias, AgentAnalyticsRoute>();

  constructor(registry: ToolRegistry) {
    const aliases = registry.restAliases();
    this.#toolAuth = toolAuthModes(aliases);
    for (const alias of aliases) {
      const tool = registry.get(alias.tool)!;
      if (alias.auth === 'agent-analytics') {
        this.#agentAnalytics.set(alias, { tokenWrite: tool.allowProjectToken === true && tool.scope === 'write', readOnly: tool.annotations.readOnlyHint });
      }
      const segments = alias.path.split('/');
      if (segments.some(isParam)) {
        let template = this.#templates.find((entry) => entry.segments.join('/') === segments.join('/'));
        if (!template) this.#templates.push((template = { segments, byMethod: new Map() }));
        template.byMethod.set(alias.method, alias);
      } else {
        let methods = this.#static.get(alias.path);
        if (!methods) this.#static.set(alias.path, (methods = new Map()));
        methods.set(alias.method, alias);
      }
    }
  }

  match(method: string, pathname: string): RouteMatch {
    const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
    const exact = this.#static.get(path);
    if (exact) return this.#pick(exact, method, {});
    if (path === TOOLS_PATH) return method === 'GET' ? { kind: 'list-tools' } : notAllowed(['GET']);
    if (path === OPENAPI_PATH) return method === 'GET' ? { kind: 'openapi' } : notAllowed(['GET']);
    if (path.startsWith(`${TOOLS_PATH}/`)) {
      const tool = safeDecode(path.slice(TOOLS_PATH.length + 1));
      if (tool === undefined || tool.includes('/')) return { kind: 'not-found' };
      return method === 'POST' ? { kind: 'tool', tool, auth: this.#toolAuth.get(tool) ?? 'bearer' } : notAllowed(['POST']);
    }
    const segments = path.split('/');
    for (const template of this.#templates) {
      const params = matchTemplate(template.segments, segments);
      if (params) return this.#pick(template.byMethod, method, params);
    }
    return { kind: 'not-found' };
  }

  #pick(methods: Map<string, RestAlias>, method: string, pathParams: Record<string, string>): RouteMatch {
    const alias = methods.get(method);
    if (!alias) return notAllowed([...methods.keys()]);
    return { kind: 'alias', alias, tool: alias.tool, auth: alias.auth ?? 'bearer', pathParams };
  }

  /**
   * Whether a request's errors take the Agent Analytics shape, and for which kind of route: on that API's alias
   * routes, and on a path outside /api that no route (or not this method) answers. `match` undefined: not matched yet.
   */
  agentAnalyticsRoute(match: RouteMatch | undefined, pathname: string): AgentAnalyticsRoute | undefined {
    if (match?.kind === 'alias') return this.#agentAnalytics.get(match.alias);
    if (match && match.kind !== 'not-found' && match.kind !== 'method-not-allowed') return undefined;
    return pathname === '/api' || pathname.startsWith('/api/') ? undefined : UNMATCHED;
  }

  /** Methods a path answers to (for CORS preflight); empty when the path is unknown. */
  allowedMethods(pathname: string): string[] {
    const probe = this.match('\u0000', pathname);
    return probe.kind === 'method-not-allowed' ? probe.allow : [];
  }
}

const UNMATCHED: AgentAnalyticsRoute = { tokenWrite: false, readOnly: false };

function notAllowed(allow: string[]): RouteMatch {
  return { kind: 'method-not-allowed', allow };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function matchTemplate(template: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < template.length; index += 1) {
    const expected = template[index]!;
    const actual = segments[index]!;
    if (isParam(expected)) {
      const value = safeDecode(actual);
      if (value === undefined || value === '') return undefined;
      params[expected.slice(1, -1)] = value;
    } else if (expected !== actual) return undefined;
  }
  return params;
}

export const BODY_METHODS: ReadonlySet<HttpMethod | string> = new Set(['POST', 'PUT', 'PATCH']);
