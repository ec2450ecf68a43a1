import type { z } from 'zod';

/**
 * A rule every tool's input follows, applied once in invoke's parse step (not by each tool, and not written
 * into the listed JSON Schemas, whose tokens every model pays for); stated to callers once, in the OpenAPI
 * description and the MCP server's instructions: `null` for an optional field means the field is absent (its
 * default applies). Clients, SDKs in other languages and LLM tool calls send `null` for "not set". A field
 * whose schema accepts `null` (clearing a value in an update) keeps it; `null` for a required field still
 * fails, naming the field.
 */

/**
 * How to strip one schema's optional nulls, compiled once per zod schema: which keys of an object drop a
 * `null`, and which children have something to strip themselves. `leaf`: nothing below to strip.
 */
type Plan =
  | { kind: 'leaf' }
  | { kind: 'object'; keys: ReadonlySet<string>; drop: Set<string>; nested: Map<string, Plan> }
  | { kind: 'array'; element: Plan }
  | { kind: 'record'; value: Plan }
  | { kind: 'union'; options: Plan[] };

const LEAF: Plan = { kind: 'leaf' };

/** The parts of zod v4's schema definitions this walk reads. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
  values?: unknown[];
}

const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;
const WRAPPERS = new Set(['optional', 'nonoptional', 'default', 'prefault', 'readonly', 'catch']);

function unwrapped(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let steps = 0; steps < 32; steps += 1) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) || def.type === 'nullable') current = def.innerType!;
    else if (def.type === 'pipe') current = def.in!;
    else if (def.type === 'lazy') current = def.getter!();
    else break;
  }
  return current;
}

function acceptsNull(schema: z.ZodType, seen = 0): boolean {
  const def = defOf(schema);
  switch (def.type) {
    case 'null':
    case 'nullable':
    case 'unknown':
    case 'any':
      return true;
    case 'literal':
      return def.values?.includes(null) ?? false;
    case 'union':
      return def.options!.some((option) => acceptsNull(option, seen + 1));
    case 'pipe':
      return acceptsNull(def.in!, seen + 1);
    case 'lazy':
      return seen < 32 && acceptsNull(def.getter!(), seen + 1);
    default:
      return WRAPPERS.has(def.type) ? acceptsNull(def.innerType!, seen + 1) : false;
  }
}

const plans = new WeakMap<z.ZodType, Plan>();

function planOf(schema: z.ZodType): Plan {
  const target = unwrapped(schema);
  const cached = plans.get(target);
  if (cached) return cached;
  const def = defOf(target);
  if (def.type === 'object') {
    // Cached before its fields are read, so a recursive (lazy) schema finds it.
    const plan = { kind: 'object' as const, keys: new Set(Object.keys(def.shape!)), drop: new Set<string>(), nested: new Map<string, Plan>() };
    plans.set(target, plan);
    for (const [key, field] of Object.entries(def.shape!)) {
      if (field._zod.optin !== undefined && !acceptsNull(field)) plan.drop.add(key);
      const child = planOf(field);
      if (child !== LEAF) plan.nested.set(key, child);
    }
    return plan;
  }
  let plan: Plan = LEAF;
  if (def.type === 'array') {
    const element = planOf(def.element!);
    if (element !== LEAF) plan = { kind: 'array', element };
  } else if (def.type === 'record') {
    const value = planOf(def.valueType!);
    if (value !== LEAF) plan = { kind: 'record', value };
  } else if (def.type === 'union') {
    const options = def.options!.map(planOf);
    if (options.some((option) => option !== LEAF)) plan = { kind: 'union', options };
  }
  plans.set(target, plan);
  return plan;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The option of a union a value is read by: the first object option declaring all its keys, else the first of its kind. */
function pick(options: Plan[], value: unknown): Plan | undefined {
  if (Array.isArray(value)) return options.find((option) => option.kind === 'array');
  if (!isPlainObject(value)) return undefined;
  const objects = options.filter((option) => option.kind === 'object');
  return objects.find((option) => Object.keys(value).every((key) => option.keys.has(key))) ?? objects[0] ?? options.find((option) => option.kind === 'record');
}

function apply(plan: Plan, value: unknown): unknown {
  switch (plan.kind) {
    case 'leaf':
      return value;
    case 'union': {
      const option = pick(plan.options, value);
      return option ? apply(option, value) : value;
    }
    case 'array': {
      if (!Array.isArray(value)) return value;
      let out: unknown[] | undefined;
      for (let index = 0; index < value.length; index += 1) {
        const next = apply(plan.element, value[index]);
        if (next !== value[index]) (out ??= [...value])[index] = next;
      }
      return out ?? value;
    }
    case 'record':
    case 'object': {
      if (!isPlainObject(value)) return value;
      let out: Record<string, unknown> | undefined;
      for (const key of Object.keys(value)) {
        const child = value[key];
        if (plan.kind === 'object' && child === null && plan.drop.has(key)) {
          out ??= { ...value };
          delete out[key];
          continue;
        }
        const nested = plan.kind === 'record' ? plan.value : plan.nested.get(key);
        if (nested === undefined || child === null || typeof child !== 'object') continue;
        const next = apply(nested, child);
        if (next !== child) {
          out ??= { ...value };
          Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
        }
      }
      return out ?? value;
    }
  }
}

/** `input` without the `null`s of optional fields that do not take `null`, at any depth; unchanged objects are reused. */
export function withoutOptionalNulls(schema: z.ZodType, input: unknown): unknown {
  return apply(planOf(schema), input);
}
