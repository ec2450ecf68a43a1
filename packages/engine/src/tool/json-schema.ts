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
  return json;
}
