import type { JsonSchema } from '@headlessanalytics/engine';

/**
 * How a command-line string becomes a JSON value, read from the field's JSON Schema:
 * `string` as-is, `number` and `boolean` parsed, `json` parsed as JSON, `auto` (a union of
 * several types) parsed as JSON and kept as a string when it is not JSON and strings are allowed.
 */
export type ValueKind = 'string' | 'number' | 'boolean' | 'json' | 'auto';

export interface FieldKind {
  kind: ValueKind;
  /** Strings the field accepts, when it is a string enum. */
  choices?: string[];
  /** True when `true` is among the accepted values, so a bare flag means `true`. */
  acceptsBoolean: boolean;
  acceptsString: boolean;
}

function collectTypes(schema: JsonSchema, types: Set<string>, enums: unknown[]): void {
  const type = schema.type;
  if (typeof type === 'string') types.add(type);
  if (Array.isArray(type)) for (const entry of type) types.add(String(entry));
  if (Array.isArray(schema.enum)) enums.push(...(schema.enum as unknown[]));
  if ('const' in schema) enums.push(schema.const);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const members = schema[key];
    if (Array.isArray(members)) for (const member of members) collectTypes(member as JsonSchema, types, enums);
  }
  if (types.size === 0 && enums.length === 0 && ('$ref' in schema || Object.keys(schema).length === 0)) types.add('any');
}

/** Reads the kind of one top-level input property from its JSON Schema. */
export function fieldKindOf(schema: JsonSchema): FieldKind {
  const types = new Set<string>();
  const enums: unknown[] = [];
  collectTypes(schema, types, enums);
  for (const value of enums) types.add(value === null ? 'null' : typeof value === 'object' ? 'object' : typeof value);
  if (types.has('integer')) types.add('number');
  types.delete('integer');
  types.delete('null');
  const acceptsBoolean = types.has('boolean');
  const acceptsString = types.has('string') || types.has('any');
  const only = types.size === 1 ? [...types][0] : undefined;
  const kind: ValueKind =
    only === 'string' ? 'string' : only === 'number' ? 'number' : only === 'boolean' ? 'boolean' : only === 'object' || only === 'array' ? 'json' : 'auto';
  const stringEnums = enums.filter((value): value is string => typeof value === 'string');
  const choices = kind === 'string' && stringEnums.length > 0 && stringEnums.length === enums.length ? stringEnums : undefined;
  return { kind, acceptsBoolean, acceptsString, ...(choices ? { choices } : {}) };
}

/** Thrown by `parseValue`; the caller names the option or argument. */
export class ValueError extends Error {}

/** Turns one command-line string into the JSON value its field expects. */
export function parseValue(raw: string, field: FieldKind): unknown {
  switch (field.kind) {
    case 'string':
      return raw;
    case 'number': {
      const value = raw.trim() === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(value)) throw new ValueError(`Expected a number, got '${raw}'.`);
      return value;
    }
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw new ValueError(`Expected true or false, got '${raw}'.`);
    case 'json':
      return parseJson(raw);
    case 'auto':
      try {
        return JSON.parse(raw) as unknown;
      } catch (error) {
        if (field.acceptsString) return raw;
        throw new ValueError(`Expected JSON: ${(error as Error).message}.`);
      }
  }
}

/** Parses JSON, describing a failure without a stack. */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new ValueError(`Expected JSON: ${(error as Error).message}.`);
  }
}

/** `eventName` → `event-name`, `key_id` → `key-id`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}
