/**
 * The spec's REST paths and CLI command names, mapped to tool names. Tool names are written once, in
 * their definitions; these tables only point at them, and a registry check rejects an alias whose tool
 * does not exist.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RestAlias {
  tool: string;
  method: HttpMethod;
  /** Path template with `{param}` segments, e.g. `/api/businesses/{id}/health`. */
  path: string;
  /** Path parameter → input field, when the names differ. */
  params?: Record<string, string>;
  /**
   * Wire name → input field, for a query or body field the route's API documents under another name than the tool's
   * (e.g. `groupBy` on the Agent Analytics /stats for get_stats' `group_by`). Both names are accepted; errors name
   * the field as the request did.
   */
  fields?: Record<string, string>;
  /**
   * A boolean body field that makes the route call another tool: with `field: true` the request runs `tool` (the
   * field itself is not passed on). For a documented route whose flag turns a read into a write, e.g.
   * `persistSnapshots` on POST /api/metrics/query, so each tool stays either a read or a write.
   */
  divert?: { field: string; tool: string };
  /** Success status; a function of the output when it depends on it (e.g. 200 vs 201). */
  status?: number | ((output: unknown) => number);
  /** Which credential styles the route accepts: our Bearer keys, or also the Agent Analytics styles. */
  auth?: 'bearer' | 'agent-analytics' | 'none';
  /** How the success response is sent; JSON of the output when absent. */
  response?: RestResponse;
  /**
   * Input fields filled from the request itself rather than from its query or body: a header's value (`header`,
   * lower case), the client's address (`clientAddress`: the socket's peer, or the first X-Forwarded-For entry when
   * the server trusts its proxy), every header (`headers`: an object of lower-case names to values, repeated headers
   * joined by `, `), the absolute URL called (`url`: the public base URL, else the request's, plus path and query),
   * or the body as received (`rawBody`: its UTF-8 text, which is then not parsed as JSON; the other input comes from
   * the query and path). For public routes that record who came (a scan's user agent, referrer, language) and for
   * webhooks, whose signatures cover the exact bytes and headers sent. Any other surface calls the tool with the same
   * fields filled by hand. These win over a query or body field of the same name; a header that is absent leaves the
   * field unset.
   */
  requestFields?: ReadonlyArray<RequestField>;
}

export type RequestField =
  | { field: string; header: string }
  | { field: string; clientAddress: true }
  | { field: string; headers: true }
  | { field: string; url: true }
  | { field: string; rawBody: true };

/**
 * Non-JSON responses. `sse`: the tool's live `stream` as Server-Sent Events (`id:` = item id, `data:` =
 * item JSON, heartbeats as comments); the `Last-Event-ID` header fills `lastEventIdField`. `raw`: the
 * output's `field` (a string) as the body with `contentType`, plus optional cache lifetime; with `encoding: 'base64'`
 * the field holds base64 and its decoded bytes are sent (a PDF, an image), `filename` adds a Content-Disposition.
 * With `optional: true` a raw response is sent only when the field is a string, the output as JSON otherwise; a
 * `contentTypeField` of the output, when set, overrides `contentType` (a webhook's handshake answered as text).
 * `redirect`: the output's `field` (an absolute URL) as the `Location` of a redirect whose status is the alias's
 * `status` (default 302), never cached; when that field is null the answer is sent with that status as the `body`
 * field's text (e.g. an HTML page for a retired code), or as JSON without one.
 */
export type RestResponse =
  | { kind: 'sse'; lastEventIdField?: string }
  | { kind: 'raw'; field: string; contentType: string; maxAgeSeconds?: number; encoding?: 'base64'; filename?: string; optional?: true; contentTypeField?: string }
  | { kind: 'redirect'; field: string; body?: { field: string; contentType: string } };

export interface CliPositional {
  /** Input field the argument fills; omit to merge a JSON object argument into the whole input. */
  field?: string;
  /** Parse the argument as JSON. */
  json?: boolean;
  /** The argument is the path of a JSON file whose contents fill the field (`-` reads standard input). */
  file?: boolean;
  required?: boolean;
}

export interface CliAlias {
  tool: string;
  command: string;
  positionals: CliPositional[];
  /** Input fields filled when absent, e.g. `{ businessId: 'default' }`. */
  defaults?: Record<string, unknown>;
  /**
   * The tool needs no server and no database (a pure check, e.g. verify_proof_trail): the CLI runs it in its own
   * process, opening no database, whether HA_API_URL is set or not.
   */
  offline?: boolean;
  /**
   * A boolean output field that tells whether a check passed: when it is false the command prints the answer and exits
   * 1, so scripts can test it (e.g. `valid` of verify_proof_trail).
   */
  failUnless?: string;
}

/** A method name the spec gives an SDK call (e.g. `getApiUsage`), besides the camelCase of the tool name. */
export interface SdkAlias {
  tool: string;
  method: string;
}

export interface AliasTable {
  rest: RestAlias[];
  cli: CliAlias[];
  sdk?: SdkAlias[];
}
