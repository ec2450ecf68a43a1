import { z } from 'zod';
import { EngineError, toJsonSchema, type ToolCallResult, type ToolDescriptor, type ToolsetDescriptor } from '@headlessanalytics/engine';
import type { SessionTools } from './tool-selection.js';

/**
 * The discovery tools of an MCP session: how a model reaches the toolsets it was not given at the start. They
 * exist only here, because the tool list of a session exists only in MCP (REST lists everything at GET /api/tools).
 */
export const DISCOVERY_TOOLSET = 'discovery';

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

const toolsetName = z.string().min(1).describe('A toolset name from list_toolsets, e.g. `analytics`.');

const definitions = {
  list_toolsets: {
    title: 'List toolsets',
    description:
      'The toolsets this server has, one line each, and whether each is enabled in this session. Call it when no listed ' +
      'tool fits the task; then get_toolset_tools to see one toolset, enable_toolset to use it.',
    input: z.object({}),
    output: z.object({
      toolsets: z.array(z.object({ name: z.string(), description: z.string(), enabled: z.boolean(), tools: z.number().int() })),
    }),
  },
  get_toolset_tools: {
    title: 'Get toolset tools',
    description: "The tools of one toolset, with a line on each, without enabling it. Use list_toolsets for the toolsets' names.",
    input: z.object({ toolset: toolsetName }),
    output: z.object({
      toolset: z.string(),
      enabled: z.boolean(),
      tools: z.array(z.object({ name: z.string(), summary: z.string(), readOnly: z.boolean() })),
    }),
  },
  enable_toolset: {
    title: 'Enable toolset',
    description:
      "Adds a toolset's tools to this session's tool list (the server sends notifications/tools/list_changed); call " +
      'them next. Use get_toolset_tools first to check a toolset holds what you need.',
    input: z.object({ toolset: toolsetName }),
    output: z.object({ toolset: z.string(), enabled: z.boolean(), added: z.array(z.string()) }),
  },
} as const;

export type DiscoveryToolName = keyof typeof definitions;

/** The discovery tools as registry-shaped descriptors (their JSON Schemas made by the engine's one conversion). */
export const DISCOVERY_TOOLS: readonly ToolDescriptor[] = Object.entries(definitions).map(([name, definition]) => ({
  name,
  title: definition.title,
  description: definition.description,
  toolset: DISCOVERY_TOOLSET,
  scope: 'read',
  annotations: { ...READ_ONLY },
  inputSchema: toJsonSchema(definition.input, { io: 'input' }),
  outputSchema: toJsonSchema(definition.output, { io: 'output' }),
}));

export const isDiscoveryTool = (name: string): name is DiscoveryToolName => Object.hasOwn(definitions, name);

const SUMMARY_MAX_CHARS = 200;

/**
 * First sentence of a description (a stop followed by a capital, or the end: `e.g.` does not end one), cut at a word
 * within 200 characters: what a model needs to decide whether to look closer.
 */
function summaryOf(description: string): string {
  const match = /^.*?[.!?](?=\s+[A-Z]|\s*$)/s.exec(description);
  const sentence = (match ? match[0] : description).trim();
  if (sentence.length <= SUMMARY_MAX_CHARS) return sentence;
  const cut = sentence.slice(0, SUMMARY_MAX_CHARS - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SUMMARY_MAX_CHARS / 2))}…`;
}

export interface DiscoveryContext {
  session: SessionTools;
  /** The tools and toolsets the caller may call (already filtered by its key's scopes). */
  catalog(): Promise<{ tools: ToolDescriptor[]; toolsets: ToolsetDescriptor[] }>;
  /** False when this server cannot keep a session's state (stateless HTTP): enable_toolset explains instead. */
  canEnable: boolean;
  /** Tells the client the tool list changed. */
  listChanged(): Promise<void>;
}

const invalid = (field: string, message: string): ToolCallResult => ({
  ok: false,
  error: new EngineError('INVALID_INPUT', `${field}: ${message}`, { details: { issues: [{ path: field, message }] } }),
});

/** Runs a discovery tool. Bad input is an INVALID_INPUT result naming the field, as for every other tool. */
export async function callDiscoveryTool(name: DiscoveryToolName, args: unknown, context: DiscoveryContext): Promise<ToolCallResult> {
  const parsed = definitions[name].input.safeParse(args ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return invalid(issue.path.join('.') || 'toolset', issue.message);
  }
  const { tools, toolsets } = await context.catalog();
  const { session } = context;
  const offeredIn = (toolset: ToolsetDescriptor): ToolDescriptor[] =>
    tools.filter((tool) => tool.toolset === toolset.name && !(session.readOnly && !tool.annotations.readOnlyHint));
  // Toolsets with nothing this caller may call (scopes, read-only) are not shown.
  const reachable = toolsets.filter((toolset) => offeredIn(toolset).length > 0);
  if (name === 'list_toolsets') {
    return {
      ok: true,
      output: {
        toolsets: reachable.map((toolset) => ({ name: toolset.name, description: toolset.description, enabled: session.isEnabled(toolset), tools: offeredIn(toolset).length })),
      },
    };
  }
  const requested = (parsed.data as { toolset: string }).toolset;
  const toolset = reachable.find((candidate) => candidate.name === requested);
  if (!toolset) {
    return invalid('toolset', `unknown toolset '${requested}'; list_toolsets names them: ${reachable.map((candidate) => candidate.name).join(', ')}`);
  }
  if (name === 'get_toolset_tools') {
    return {
      ok: true,
      output: {
        toolset: toolset.name,
        enabled: session.isEnabled(toolset),
        tools: offeredIn(toolset).map((tool) => ({ name: tool.name, summary: summaryOf(tool.description), readOnly: tool.annotations.readOnlyHint })),
      },
    };
  }
  if (!context.canEnable) {
    return {
      ok: false,
      error: new EngineError(
        'INVALID_INPUT',
        `This server is stateless, so a session cannot enable toolsets: connect with the header x-mcp-toolsets: ${toolset.name} (or ?toolsets=${toolset.name}) instead.`,
        { details: { issues: [{ path: 'toolset', message: 'stateless server; choose toolsets per request' }] } },
      ),
    };
  }
  const wasEnabled = session.isEnabled(toolset);
  session.enable([toolset.name]);
  if (!wasEnabled) await context.listChanged();
  return { ok: true, output: { toolset: toolset.name, enabled: true, added: wasEnabled ? [] : offeredIn(toolset).map((tool) => tool.name) } };
}
