import { z } from 'zod';
import { normalizeOriginPattern, originEntries } from '../../domain/projects/origins.js';
import type { ProjectRef } from '../../domain/projects/project-lookup.js';

export const projectName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._ -]*$/, 'must start with a letter or digit and use letters, digits, dots, dashes, underscores or spaces')
  .describe('Project name, unique in the account, e.g. `my-site.com`.');

export const allowedOrigins = z
  .union([z.array(z.string().max(300)).max(50), z.string().max(15_000)])
  .transform((value, ctx) => {
    const normalized: string[] = [];
    for (const [index, entry] of originEntries(value).entries()) {
      const origin = normalizeOriginPattern(entry);
      if (origin === null) {
        ctx.addIssue({ code: 'custom', path: [index], message: 'must be `*`, an origin like https://example.com, or https://*.example.com' });
      } else if (!normalized.includes(origin)) normalized.push(origin);
    }
    if (normalized.length > 50) ctx.addIssue({ code: 'custom', path: [], message: 'must list at most 50 origins' });
    return normalized;
  })
  .describe(
    'Origins allowed to send browser events with the project token (`*`, https://example.com, https://*.example.com): a list, ' +
      'or one comma-separated string. Stored and returned as a list. Empty: any origin.',
  );

export const projectIdentifier = z.string().min(1).max(200).describe('Project id (`proj_…`) or name.');

export const project = z
  .object({
    id: z.string().describe('Project id; also the `businessId` of its events in the HeadlessAnalytics tools.'),
    name: z.string(),
    project_token: z.string().describe('Public, write-only token for tracker.js and POST /track. Not a secret; limit it with allowed_origins.'),
    allowed_origins: z.array(z.string()),
    created_at: z.number().int().describe('ms since epoch'),
    snippet: z.string().describe('Script tag to paste before </body> on every page.'),
  })
  .meta({ id: 'Project' });

export function projectOutput(value: ProjectRef, trackerUrl: string): z.input<typeof project> {
  return {
    id: value.id,
    name: value.name,
    project_token: value.token,
    allowed_origins: value.allowedOrigins,
    created_at: value.createdAt,
    snippet: `<script defer src="${trackerUrl}" data-project="${value.name}" data-token="${value.token}"></script>`,
  };
}
