import { timeInput } from './time-input.js';
import type { ToolAnnotations } from '../tool/define-tool.js';

export const DAY_MS = 86_400_000;

export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

export const timeRangeFields = {
  from: timeInput('Start of the range (inclusive). Default: 30 days before `to`.').optional(),
  to: timeInput('End of the range (inclusive; a bare date means the end of that UTC day). Default: now.').optional(),
};

export { resolveRange } from './time-input.js';
