import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;
export type JsonSchemaTarget = 'draft-2020-12' | 'draft-07' | 'openapi-3.0';

export interface JsonSchemaOptions {
  /** `input` describes what callers may send (defaults optional); `output` what they get back. */
  io: 'input' | 'output';
  target?: JsonSchemaTarget;
}

/** The one zod → JSON Schema conversion used by every surface. */
export function toJsonSchema(schema: z.ZodType, options: JsonSchemaOptions): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: options.io,
    target: options.target ?? 'draft-2020-12',
    unrepresentable: 'any',
    reused: 'inline',
  }) as JsonSchema;
  delete json.$schema;
  return inlineRootRef(json);
}

/**
 * A tool whose whole input or output is a named entity converts to a bare root `$ref`; MCP and function
 * calling need `type: 'object'` at the root, so the root definition is inlined (kept in `$defs` only if
 * something still points at it).
 */
function inlineRootRef(json: JsonSchema): JsonSchema {
  const ref = json.$ref;
  const definitions = json.$defs as Record<string, JsonSchema> | undefined;
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/') || !definitions) return json;
  const name = ref.slice('#/$defs/'.length);
  const target = definitions[name];
  if (!target) return json;
  const { $ref: _ref, $defs: _defs, ...rest } = json;
  const inlined: JsonSchema = { ...target, ...rest };
  const others = Object.fromEntries(Object.entries(definitions).filter(([key]) => key !== name));
  if (JSON.stringify([inlined, others]).includes(`"${ref}"`)) others[name] = target;
  if (Object.keys(others).length > 0) inlined.$defs = others;
  return inlined;
}
