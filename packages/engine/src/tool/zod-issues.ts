import type { z } from 'zod';
import type { FieldIssue } from '../errors/engine-error.js';

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Zod issues as field paths and reasons a model or a person can act on. */
export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    let message = issue.message.replace(/^Invalid input: /, '');
    if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = 'is required';
    // Optional fields lost their nulls before parsing (input-rules.ts): a null left on a field is a required one.
    else if (issue.code === 'invalid_type' && /received null/.test(message) && typeof issue.path.at(-1) === 'string') {
      message = `is required (null means not set); ${message}`;
    }
    else if (issue.code === 'unrecognized_keys') message = `unknown field(s): ${issue.keys.join(', ')}`;
    return { path, message };
  });
}

export function summarizeIssues(issues: readonly FieldIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : '';
  return `Invalid input: ${shown.join('; ')}${more}`;
}
