import { z } from 'zod';

export const ENFORCEMENTS = ['off', 'warn', 'block'] as const;
export type Enforcement = (typeof ENFORCEMENTS)[number];

/** A JSON Schema (draft-07 as ajv reads it): types, required, enum, pattern, minimum/maximum, formats. */
export type JsonSchema = Record<string, unknown>;

/** One planned event: its name, what it means, the JSON Schema of its `properties`, and the actor/object types it expects. */
export interface PlanEvent {
  name: string;
  description: string;
  properties: JsonSchema;
  actorType?: string | undefined;
  objectType?: string | undefined;
}

/** What a version holds: everything enforcement reads. Immutable once written. */
export interface PlanBody {
  enforcement: Enforcement;
  allowUnplannedEvents: boolean;
  events: PlanEvent[];
}

export interface PlanVersion extends PlanBody {
  version: number;
  createdAt: number;
}

export interface Plan {
  id: string;
  name: string;
  vertical: string | null;
  businessId: string | null;
  currentVersion: number;
  createdAt: number;
  updatedAt: number;
}

export const planEventSchema = z.object({
  name: z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:$-]+$/).describe('Event name, as ingested (e.g. order.created).'),
  description: z.string().max(2000).default('').describe('What the event means and when it is sent.'),
  properties: z
    .record(z.string(), z.unknown())
    .default({ type: 'object' })
    .describe('JSON Schema of the event\'s `properties` object: `type`, `properties`, `required`, `enum`, `pattern`, `minimum`/`maximum`, `format`, `additionalProperties`.'),
  actorType: z.string().min(1).max(100).optional().describe('The actor type this event must carry (e.g. customer), when it has one.'),
  objectType: z.string().min(1).max(100).optional().describe('The object type this event must carry (e.g. order), when it has one.'),
});

export const planEventOutput = z.object({
  name: z.string().describe('Event name.'),
  description: z.string().describe('What the event means.'),
  properties: z.record(z.string(), z.unknown()).describe('JSON Schema of the event\'s properties.'),
  actorType: z.string().optional().describe('Expected actor type.'),
  objectType: z.string().optional().describe('Expected object type.'),
});

export const planOutput = z.object({
  id: z.string().describe('Plan id (a slug of the name, unique in the workspace).'),
  name: z.string().describe('Plan name.'),
  vertical: z.string().nullable().describe('The template it was created from, if any.'),
  businessId: z.string().nullable().describe('The business whose events it checks, or null for every business.'),
  version: z.number().int().describe('The version shown.'),
  currentVersion: z.number().int().describe('The version enforced now (the newest).'),
  enforcement: z.enum(ENFORCEMENTS).describe('off: not checked; warn: stored with violations attached; block: refused.'),
  allowUnplannedEvents: z.boolean().describe('Whether events the plan does not list pass (false: they are violations).'),
  events: z.array(planEventOutput).describe('The planned events, in name order.'),
  createdAt: z.string().describe('When the plan was created (ISO 8601).'),
  updatedAt: z.string().describe('When its newest version was written (ISO 8601).'),
  versionCreatedAt: z.string().describe('When the version shown was written (ISO 8601).'),
});
export type PlanOutput = z.output<typeof planOutput>;

export function planView(plan: Plan, version: PlanVersion): PlanOutput {
  return {
    id: plan.id,
    name: plan.name,
    vertical: plan.vertical,
    businessId: plan.businessId,
    version: version.version,
    currentVersion: plan.currentVersion,
    enforcement: version.enforcement,
    allowUnplannedEvents: version.allowUnplannedEvents,
    events: version.events.map((event) => ({
      name: event.name,
      description: event.description,
      properties: event.properties,
      ...(event.actorType ? { actorType: event.actorType } : {}),
      ...(event.objectType ? { objectType: event.objectType } : {}),
    })),
    createdAt: new Date(plan.createdAt).toISOString(),
    updatedAt: new Date(plan.updatedAt).toISOString(),
    versionCreatedAt: new Date(version.createdAt).toISOString(),
  };
}

/** A readable id from a name: lower case, ASCII letters and digits joined by hyphens ("Roast & Origin" → roast-origin). */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || 'plan';
}
