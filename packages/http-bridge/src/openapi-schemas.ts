import type { JsonSchema, RestAlias } from '@headlessanalytics/engine';

const LOCAL_DEFINITIONS = '#/$defs/';
const COMPONENTS = '#/components/schemas/';

/**
 * Collects the named entity schemas (`$defs`, from zod `.meta({ id })`) of every tool into
 * `components.schemas` and points the tools' `$ref`s there, so each entity is described once.
 */
export class SchemaComponents {
  readonly #schemas: Record<string, JsonSchema>;

  constructor(initial: Record<string, JsonSchema> = {}) {
    this.#schemas = { ...initial };
  }

  /** A copy of `schema` without `$defs`, its references rewritten to components. */
  hoist(schema: JsonSchema): JsonSchema {
    const copy = rewriteRefs(structuredClone(schema)) as JsonSchema;
    const definitions = copy.$defs as Record<string, JsonSchema> | undefined;
    delete copy.$defs;
    for (const [name, definition] of Object.entries(definitions ?? {})) this.#schemas[name] ??= definition;
    return copy;
  }

  all(): Record<string, JsonSchema> {
    return this.#schemas;
  }
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(object)) {
    if (key === '$ref' && typeof child === 'string' && child.startsWith(LOCAL_DEFINITIONS)) {
      object[key] = COMPONENTS + child.slice(LOCAL_DEFINITIONS.length);
    } else object[key] = rewriteRefs(child);
  }
  return object;
}

/** The object schema without the given properties (they travel in the path instead). */
export function omitProperties(schema: JsonSchema, names: ReadonlySet<string>): JsonSchema {
  if (names.size === 0) return schema;
  const properties = { ...((schema.properties ?? {}) as Record<string, JsonSchema>) };
  for (const name of names) delete properties[name];
  const required = ((schema.required ?? []) as string[]).filter((name) => !names.has(name));
  const result: JsonSchema = { ...schema, properties };
  if (required.length > 0) result.required = required;
  else delete result.required;
  return result;
}

/** `{id}` names of a path template, in order. */
export function pathParamsOf(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
}

/** The tool input field a path parameter fills. */
export function pathFieldOf(alias: RestAlias, param: string): string {
  return alias.params?.[param] ?? param;
}
