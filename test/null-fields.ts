import type { JsonSchema } from '@headlessanalytics/engine';

/** Inputs as clients that send `null` for "not set" write them, built from a tool's input JSON Schema. */

const isSchema = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);

function resolved(node: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = node.$ref;
  return typeof ref === 'string' && ref.startsWith('#/$defs/') ? ((root.$defs as Record<string, JsonSchema>)[ref.slice(8)] ?? node) : node;
}

function takesNull(node: JsonSchema, root: JsonSchema): boolean {
  const schema = resolved(node, root);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('null') || Object.keys(schema).every((key) => key === 'description')) return true;
  return ((schema.anyOf ?? schema.oneOf ?? []) as JsonSchema[]).some((branch) => takesNull(branch, root));
}

/**
 * `value` with `null` in every optional field, at every depth of its objects (as clients and LLM tool calls send
 * "not set"), except fields whose schema takes `null` as a value.
 */
export function withNulls(node: JsonSchema, value: unknown, root: JsonSchema = node): unknown {
  const schema = resolved(node, root);
  if (Array.isArray(value)) return isSchema(schema.items) ? value.map((item) => withNulls(schema.items as JsonSchema, item, root)) : value;
  if (!isSchema(value)) return value;
  const branch = ((schema.anyOf ?? []) as JsonSchema[]).map((option) => resolved(option, root)).find((option) => isSchema(option.properties));
  const object = isSchema(schema.properties) ? schema : branch;
  if (!object) return value;
  const properties = object.properties as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  const out: Record<string, unknown> = { ...value };
  for (const [name, property] of Object.entries(properties)) {
    if (name in out) out[name] = withNulls(property, out[name], root);
    else if (!required.has(name) && !takesNull(property, root)) out[name] = null;
  }
  return out;
}

