import type { API_ERROR_CODES } from './generated/tool-catalog.js';

/** A code the API answers with (the engine's error table). */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
/** API codes plus the SDK's own: the queue was full, or the client was shut down. */
export type ErrorCode = ApiErrorCode | 'QUEUE_FULL' | 'CLIENT_CLOSED';

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface ErrorDetails {
  issues?: ErrorIssue[];
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

const BRAND = Symbol.for('headlessanalytics.sdk-error');

/** The one error the SDK throws or reports: the API's `{ code, message, details, requestId }` plus the HTTP status. */
export class HeadlessAnalyticsError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  readonly requestId: string | undefined;
  /** HTTP status of the answer; undefined when the request never got one (network error, queue full). */
  readonly status: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: ErrorDetails; requestId?: string; status?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HeadlessAnalyticsError';
    this.code = code;
    this.details = options.details;
    this.requestId = options.requestId;
    this.status = options.status;
  }

  /** The API's error JSON, as REST, MCP and the CLI answer it: `{ code, message, details?, requestId? }`. */
  toJSON(): { code: ErrorCode; message: string; details?: ErrorDetails; requestId?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
    };
  }

  /** Brand check that survives duplicate installs of the package. */
  static isInstance(value: unknown): value is HeadlessAnalyticsError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
