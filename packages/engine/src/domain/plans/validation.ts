import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { invalidInput, type FieldIssue } from '../../errors/engine-error.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { Plan, PlanEvent, PlanVersion } from './plan.js';

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

/** One ajv for every plan: schemas compile to code once per plan version (see PlansService's cache). */
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));

export interface PlanIssue {
  path: string;
  message: string;
}

/** A plan version compiled for ingest: checks one envelope in microseconds, no storage read. */
export interface CompiledPlan {
  plan: Plan;
  version: PlanVersion;
  check(envelope: EventEnvelope): PlanIssue[];
}

function typeOf(reference: EventEnvelope['actor']): string | undefined {
  return reference === undefined || typeof reference === 'string' ? undefined : (reference.type ?? undefined);
}

/** `properties.sku` from ajv's `/sku` (and the missing property of a `required` error). */
function issueOf(error: ErrorObject): PlanIssue {
  const segments = error.instancePath.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty: string }).missingProperty);
    return { path: ['properties', ...segments, missing].join('.'), message: 'is required by the tracking plan' };
  }
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    return { path: ['properties', ...segments, extra].join('.'), message: 'is not in the tracking plan (additionalProperties: false)' };
  }
  const allowed = error.keyword === 'enum' ? `: one of ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}` : '';
  return { path: ['properties', ...segments].join('.'), message: `${error.message ?? 'is invalid'}${allowed}` };
}

/** Compiles a planned event's property schema; INVALID_INPUT naming `path` when it is not a usable JSON Schema. */
export function compileEventSchema(event: PlanEvent, path: string): ValidateFunction {
  try {
    return ajv.compile({ type: 'object', ...event.properties });
  } catch (error) {
    throw invalidInput(`The property schema of '${event.name}' is not a valid JSON Schema`, [
      { path, message: error instanceof Error ? error.message : String(error) },
    ]);
  }
}

export function compilePlan(plan: Plan, version: PlanVersion): CompiledPlan {
  const byName = new Map<string, { event: PlanEvent; validate: ValidateFunction }>();
  version.events.forEach((event, index) => byName.set(event.name, { event, validate: compileEventSchema(event, `events[${index}].properties`) }));
  return {
    plan,
    version,
    check(envelope) {
      const planned = byName.get(envelope.event);
      if (!planned) {
        return version.allowUnplannedEvents ? [] : [{ path: 'event', message: `'${envelope.event}' is not in tracking plan '${plan.id}'` }];
      }
      const issues: PlanIssue[] = [];
      const { actorType, objectType } = planned.event;
      if (actorType !== undefined && typeOf(envelope.actor) !== actorType) {
        issues.push({ path: 'actor.type', message: `must be '${actorType}' for '${envelope.event}'` });
      }
      if (objectType !== undefined && typeOf(envelope.object) !== objectType) {
        issues.push({ path: 'object.type', message: `must be '${objectType}' for '${envelope.event}'` });
      }
      if (!planned.validate(envelope.properties ?? {})) for (const error of planned.validate.errors ?? []) issues.push(issueOf(error));
      return issues;
    },
  };
}

/** Checks a plan's events before it is stored: unique names, compilable schemas. */
export function checkPlanEvents(events: readonly PlanEvent[], field = 'events'): void {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  events.forEach((event, index) => {
    if (seen.has(event.name)) issues.push({ path: `${field}[${index}].name`, message: `'${event.name}' is listed twice` });
    seen.add(event.name);
    compileEventSchema(event, `${field}[${index}].properties`);
  });
  if (issues.length > 0) throw invalidInput(issues[0]!.message, issues);
}
