/**
 * JSON Schema → OpenAI strict mode (Structured Outputs): every property required, optional ones
 * nullable, `additionalProperties: false`, only supported keywords. Free-form values (open objects,
 * `unknown`) cannot be strict, so they become JSON-encoded strings; `decodeStrictArguments` undoes
 * both changes against the original schema. Pure and browser-safe.
 */
import type { JsonSchema } from '../catalog-types.js';

export type { JsonSchema };

const KEPT = ['type', 'description', 'enum', 'const', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems'];
const FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);
const SAFE = Number.MAX_SAFE_INTEGER;

const isObject = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);
const typesOf = (node: JsonSchema): string[] => (Array.isArray(node.type) ? (node.type as string[]) : typeof node.type === 'string' ? [node.type] : []);

export function resolveRef(node: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return node;
  const target = (root.$defs as Record<string, JsonSchema> | undefined)?.[ref.slice('#/$defs/'.length)];
  return target ?? node;
}

/** True for schemas strict mode cannot express: anything-goes values and objects without declared properties. */
export function isFreeForm(node: unknown): boolean {
  if (node === true || (isObject(node) && Object.keys(node).every((key) => key === 'description' || key === 'default'))) return true;
  if (!isObject(node) || node.$ref !== undefined || node.anyOf !== undefined || node.oneOf !== undefined) return false;
  if ('prefixItems' in node) return true;
  return typesOf(node).includes('object') && !isObject(node.properties);
}

export function allowsNull(node: JsonSchema, root: JsonSchema): boolean {
  const resolved = resolveRef(node, root);
  if (typesOf(resolved).includes('null') || resolved.const === null) return true;
  if (Array.isArray(resolved.enum) && resolved.enum.includes(null)) return true;
  const union = (resolved.anyOf ?? resolved.oneOf) as JsonSchema[] | undefined;
  return Array.isArray(union) && union.some((branch) => allowsNull(branch, root));
}

function describe(node: JsonSchema, suffix?: string): string | undefined {
  const parts = [node.description, node.default === undefined ? undefined : `Default: ${JSON.stringify(node.default)}.`, suffix];
  const text = parts.filter((part) => typeof part === 'string' && part !== '').join(' ');
  return text === '' ? undefined : text;
}

function nullable(node: JsonSchema): JsonSchema {
  if (typesOf(node).includes('null') || (Array.isArray(node.anyOf) && node.anyOf.some((branch) => isObject(branch) && branch.type === 'null'))) return node;
  if (Array.isArray(node.anyOf)) return { ...node, anyOf: [...node.anyOf, { type: 'null' }] };
  if (node.$ref !== undefined || node.const !== undefined || node.type === undefined) {
    const { description, ...rest } = node;
    return { anyOf: [rest, { type: 'null' }], ...(description === undefined ? {} : { description }) };
  }
  const result: JsonSchema = { ...node, type: [...typesOf(node), 'null'] };
  if (Array.isArray(node.enum)) result.enum = [...node.enum, null];
  return result;
}

function strictNode(node: unknown, required: boolean): JsonSchema {
  const source: JsonSchema = isObject(node) ? node : {};
  let result: JsonSchema;
  if (isFreeForm(node)) {
    const open = typesOf(source).includes('object') ? 'JSON-encoded object.' : 'JSON-encoded value.';
    result = { type: 'string', description: describe(source, open) };
  } else if (typeof source.$ref === 'string') {
    result = { $ref: source.$ref };
    const description = describe(source);
    if (description) result.description = description;
  } else if (Array.isArray(source.anyOf ?? source.oneOf)) {
    result = { anyOf: ((source.anyOf ?? source.oneOf) as unknown[]).map((branch) => strictNode(branch, true)) };
    const description = describe(source);
    if (description) result.description = description;
  } else {
    result = {};
    for (const key of KEPT) {
      if (source[key] === undefined) continue;
      if ((key === 'maximum' && source[key] === SAFE) || (key === 'minimum' && source[key] === -SAFE)) continue;
      result[key] = source[key];
    }
    if (typeof source.format === 'string' && FORMATS.has(source.format)) result.format = source.format;
    const description = describe(source);
    if (description) result.description = description;
    else delete result.description;
    if (typesOf(source).includes('object')) {
      const properties = (source.properties ?? {}) as Record<string, unknown>;
      const requiredKeys = new Set((source.required as string[] | undefined) ?? []);
      result.properties = Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, strictNode(child, requiredKeys.has(key))]));
      result.required = Object.keys(properties);
      result.additionalProperties = false;
    }
    if (typesOf(source).includes('array')) result.items = strictNode(source.items ?? {}, true);
  }
  return required ? result : nullable(result);
}

/** Converts a tool's input schema; `strict` is false only when the root is not an object (kept as is). */
export function toStrictSchema(schema: JsonSchema): { parameters: JsonSchema; strict: boolean } {
  if (!typesOf(schema).includes('object') || isFreeForm(schema) || schema.anyOf !== undefined) return { parameters: schema, strict: false };
  const parameters = strictNode(schema, true);
  if (isObject(schema.$defs)) {
    parameters.$defs = Object.fromEntries(Object.entries(schema.$defs).map(([key, child]) => [key, strictNode(child, true)]));
  }
  return { parameters, strict: true };
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function matches(node: JsonSchema, value: unknown): boolean {
  const types = typesOf(node);
  if (types.length === 0) return true;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return types.some((type) => type === actual || (actual === 'number' && type === 'integer'));
}

/** Maps strict-mode arguments back to what the tool's original schema expects. */
export function decodeStrictArguments(schema: JsonSchema, value: unknown, root: JsonSchema = schema): unknown {
  const node = resolveRef(schema, root);
  if (isFreeForm(node)) return typeof value === 'string' ? parseJson(value) : value;
  const union = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union)) {
    const branch = union.find((candidate) => !isFreeForm(candidate) && matches(resolveRef(candidate, root), value)) ?? union.find(isFreeForm);
    return branch ? decodeStrictArguments(branch, value, root) : value;
  }
  if (Array.isArray(value) && isObject(node.items)) return value.map((item) => decodeStrictArguments(node.items as JsonSchema, item, root));
  if (!isObject(value) || !isObject(node.properties)) return value;
  const properties = node.properties as Record<string, JsonSchema>;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const property = properties[key];
    if (property === undefined) result[key] = child;
    else if (child === null && !allowsNull(property, root)) continue;
    else result[key] = decodeStrictArguments(property, child, root);
  }
  return result;
}
