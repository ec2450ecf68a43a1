import type { JsonSchema } from '@headlessanalytics/engine';

/**
 * Query strings carry only text; a tool's input JSON Schema says what each field should be. These
 * functions turn `?limit=10&eventNames=a,b&strict=true` into `{ limit: 10, eventNames: ['a','b'], strict: true }`.
 * A value that does not fit is passed on unchanged so the tool's validation names the field and the reason.
 */

/** Follows a local `#/$defs/...` reference of the root schema. */
function resolve(schema: JsonSchema | undefined, root: JsonSchema): JsonSchema | undefined {
  const ref = schema?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return schema;
  const definitions = root.$defs as Record<string, JsonSchema> | undefined;
  return definitions?.[ref.slice('#/$defs/'.length)];
}

function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((entry): entry is string => typeof entry === 'string');
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map((value) => (value === null ? 'null' : typeof value)))];
  if ('const' in schema) return [schema.const === null ? 'null' : typeof schema.const];
  return [];
}

function branchesOf(schema: JsonSchema): JsonSchema[] {
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return Array.isArray(union) ? union : [schema];
}

/** True when the raw text already satisfies a string-typed branch (so it should stay text). */
function acceptsText(schema: JsonSchema): boolean {
  if (Array.isArray(schema.enum)) return false;
  return typesOf(schema).includes('string');
}

const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function coerceScalar(text: string, schema: JsonSchema): unknown {
  if (Array.isArray(schema.enum) && schema.enum.includes(text)) return text;
  for (const type of typesOf(schema)) {
    if ((type === 'integer' || type === 'number') && NUMBER_TEXT.test(text)) return Number(text);
    if (type === 'boolean' && (text === 'true' || text === '1')) return true;
    if (type === 'boolean' && (text === 'false' || text === '0')) return false;
    if (type === 'null' && text === 'null') return null;
    if (type === 'object') {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    }
  }
  return text;
}

/** Coerces the text value(s) of one field by its JSON Schema. */
export function coerceField(values: readonly string[], schema: JsonSchema | undefined, root: JsonSchema): unknown {
  const resolved = resolve(schema, root);
  if (!resolved) return values.length === 1 ? values[0] : [...values];
  const branches = branchesOf(resolved).map((branch) => resolve(branch, root) ?? {});
  const arrayBranch = branches.find((branch) => typesOf(branch).includes('array'));
  if (arrayBranch && (values.length > 1 || !branches.some(acceptsText))) {
    const items = resolve(arrayBranch.items as JsonSchema | undefined, root);
    const parts = values.flatMap((value) => (value.startsWith('[') ? parseArray(value) : value === '' ? [] : value.split(',')));
    return parts.map((part) => (typeof part === 'string' && items ? coerceField([part], items, root) : part));
  }
  const coerced = values.map((value) => {
    if (branches.some((branch) => acceptsText(branch) || (Array.isArray(branch.enum) && branch.enum.includes(value)))) return value;
    for (const branch of branches) {
      const result = coerceScalar(value, branch);
      if (result !== value) return result;
    }
    return value;
  });
  return coerced.length === 1 ? coerced[0] : coerced;
}

function parseArray(text: string): unknown[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed : [text];
  } catch {
    return [text];
  }
}

/** All query parameters coerced by the input schema's properties; unknown names stay text. */
export function coerceQuery(params: URLSearchParams, inputSchema: JsonSchema, omit: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const properties = (inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const input: Record<string, unknown> = {};
  for (const name of new Set(params.keys())) {
    if (omit.has(name) || name === '__proto__') continue;
    input[name] = coerceField(params.getAll(name), Object.hasOwn(properties, name) ? properties[name] : undefined, inputSchema);
  }
  return input;
}
