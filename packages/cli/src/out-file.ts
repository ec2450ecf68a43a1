import type { JsonSchema } from '@headlessanalytics/engine';

/** The top-level output field holding binary data as base64 (JSON Schema `contentEncoding: base64`), if any. */
export function binaryFieldOf(outputSchema: JsonSchema | undefined): { field: string; contentType: string | undefined } | undefined {
  const properties = (outputSchema?.properties ?? {}) as Record<string, JsonSchema>;
  for (const [field, schema] of Object.entries(properties)) {
    if (schema.contentEncoding === 'base64') return { field, contentType: typeof schema.contentMediaType === 'string' ? schema.contentMediaType : undefined };
  }
  return undefined;
}

/**
 * `ha … --out <file>`: writes the answer to a file. An answer with a binary field (a PDF, a PNG) writes that field's
 * bytes and prints the rest of the answer with `out` (path, bytes, field); any other answer is written as JSON and
 * `{ out }` is printed.
 */
export function writeAnswer(
  path: string,
  output: unknown,
  outputSchema: JsonSchema | undefined,
  writeFile: (path: string, data: Uint8Array) => void,
): Record<string, unknown> {
  const binary = binaryFieldOf(outputSchema);
  const record = output !== null && typeof output === 'object' && !Array.isArray(output) ? (output as Record<string, unknown>) : undefined;
  const value = binary && record ? record[binary.field] : undefined;
  if (binary && typeof value === 'string') {
    const bytes = Buffer.from(value, 'base64');
    writeFile(path, bytes);
    const { [binary.field]: _written, ...rest } = record!;
    return { ...rest, out: { path, bytes: bytes.byteLength, field: binary.field, ...(binary.contentType ? { contentType: binary.contentType } : {}) } };
  }
  const text = Buffer.from(`${JSON.stringify(output, null, 2)}\n`);
  writeFile(path, text);
  return { out: { path, bytes: text.byteLength } };
}
