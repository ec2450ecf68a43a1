import type { ErrorCode } from './engine-error.js';

interface SurfaceMapping {
  httpStatus: number;
  cliExitCode: number;
}

/** The one table mapping error codes to transports. Every surface reads it; none keeps its own. */
export const ERROR_TABLE: Readonly<Record<ErrorCode, SurfaceMapping>> = {
  INVALID_INPUT: { httpStatus: 400, cliExitCode: 2 },
  UNAUTHENTICATED: { httpStatus: 401, cliExitCode: 3 },
  FORBIDDEN: { httpStatus: 403, cliExitCode: 3 },
  NOT_FOUND: { httpStatus: 404, cliExitCode: 4 },
  CONFLICT: { httpStatus: 409, cliExitCode: 5 },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, cliExitCode: 2 },
  RATE_LIMITED: { httpStatus: 429, cliExitCode: 6 },
  UNAVAILABLE: { httpStatus: 503, cliExitCode: 7 },
  INTERNAL: { httpStatus: 500, cliExitCode: 1 },
};

export const httpStatusOf = (code: ErrorCode): number => ERROR_TABLE[code].httpStatus;
export const cliExitCodeOf = (code: ErrorCode): number => ERROR_TABLE[code].cliExitCode;
