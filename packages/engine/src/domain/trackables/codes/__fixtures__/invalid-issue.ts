import { expect } from 'vitest';
import { EngineError } from '../../../../errors/engine-error.js';

/** Runs `run`, expects it to throw INVALID_INPUT, and answers the error's first issue (its field path and reason). */
export function invalidIssue(run: () => unknown): { path: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(EngineError.isInstance(error) && error.code).toBe('INVALID_INPUT');
    return (error as EngineError).details!.issues![0]!;
  }
  throw new Error('expected INVALID_INPUT');
}
