/** Error codes every surface understands. The mapping to transports lives in `error-table.ts`. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path into the input, e.g. `events[3].properties`. Empty for the whole input. */
  path: string;
  message: string;
}

export interface ErrorDetails {
  issues?: FieldIssue[];
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

export interface EngineErrorJSON {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
  requestId?: string;
}

const BRAND = Symbol.for('headlessanalytics.engine-error');

/** The one error type of the engine. `invoke()` lets nothing else out. */
export class EngineError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  requestId: string | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: ErrorDetails; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.code = code;
    this.details = options.details;
  }

  /** Brand check that survives duplicate installs of the package. */
  static isInstance(value: unknown): value is EngineError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  toJSON(): EngineErrorJSON {
    const json: EngineErrorJSON = { code: this.code, message: this.message };
    if (this.details !== undefined) json.details = this.details;
    if (this.requestId !== undefined) json.requestId = this.requestId;
    return json;
  }
}

export const invalidInput = (message: string, issues: FieldIssue[] = []): EngineError =>
  new EngineError('INVALID_INPUT', message, { details: { issues } });

/** NOT_FOUND naming what was missing and, in `next`, where to look: the tool that lists what exists. */
export const notFound = (what: string, id: string, next: string): EngineError =>
  new EngineError('NOT_FOUND', `${what.charAt(0).toUpperCase()}${what.slice(1)} '${id}' was not found in this workspace; ${next}.`, {
    details: { resource: what, id },
  });

export const conflict = (message: string, details: ErrorDetails = {}): EngineError =>
  new EngineError('CONFLICT', message, { details });

export const forbidden = (message: string): EngineError => new EngineError('FORBIDDEN', message);

export const unauthenticated = (message: string): EngineError => new EngineError('UNAUTHENTICATED', message);

export const rateLimited = (retryAfterSeconds: number, message?: string): EngineError =>
  new EngineError('RATE_LIMITED', message ?? `Rate limit exceeded; retry after ${retryAfterSeconds} s.`, {
    details: { retryAfterSeconds },
  });

/** Turns anything thrown into an EngineError; unknown errors become INTERNAL with no leaked text. */
export function toEngineError(value: unknown): EngineError {
  if (EngineError.isInstance(value)) return value;
  return new EngineError('INTERNAL', 'Internal error. Quote the request id when reporting it.', { cause: value });
}
