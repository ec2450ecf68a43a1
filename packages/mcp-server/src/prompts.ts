import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  McpError,
  type CompleteResult,
  type GetPromptResult,
  type Prompt,
} from '@modelcontextprotocol/sdk/types.js';
import type { ToolClient } from '@headlessanalytics/engine';
import type { DiscoveryToolName } from './discovery.js';
import type { ReferencedTool } from './referenced-tools.js';
import type { Reach } from './session-client.js';

type Arguments = Record<string, string | undefined>;

/**
 * A playbook as an MCP prompt: its arguments and the steps it asks the model to take. Its text names each tool
 * through `tool(name)`, which writes the name in backticks and records it: the tools a rendering names are known,
 * for the note on reaching those the session does not list yet, and for the check that each exists.
 */
interface Playbook extends Prompt {
  text(args: Arguments, tool: (name: ReferencedTool) => string): string;
}

const steps = (lines: string[]): string => lines.map((line, index) => `${index + 1}. ${line}`).join('\n');

export const PLAYBOOKS: readonly Playbook[] = [
  {
    name: 'set_up_project',
    title: 'Set up a project and start tracking',
    description: 'Create a project, send a test event and check that it arrived.',
    arguments: [
      { name: 'name', description: 'Name of the new project, e.g. my-site.', required: true },
      { name: 'allowed_origins', description: 'Comma-separated origins allowed to send events from a browser (optional).' },
    ],
    text: ({ name, allowed_origins }, tool) =>
      `Set up the HeadlessAnalytics project "${name}" and start tracking.\n` +
      steps([
        `Call ${tool('get_account')} to confirm the tier and that a project slot is left (projects_count below projects_limit).`,
        `Call ${tool('create_project')} with name "${name}"${allowed_origins ? ` and allowed_origins "${allowed_origins}"` : ''}; keep the returned project_token and tracking snippet (an existing project answers existing: true).`,
        `Call ${tool('get_project')} with id "${name}" to verify it exists and note usage_today as the baseline.`,
        `Call ${tool('track_event')} with project "${name}", event "page_view" and properties {"path": "/"}: it answers queued: true.`,
        `Call ${tool('list_events')} with project "${name}" to see the test event (allow a few seconds), then ${tool('get_event_catalog')} with project "${name}" to see its names and property keys.`,
        'Report the project id, its token and the snippet to paste into the site.',
      ]),
  },
  {
    name: 'weekly_growth_review',
    title: 'Weekly growth review',
    description: "Compare a project's last 7 days with the 7 before and explain what changed.",
    arguments: [{ name: 'project', description: 'Project id or name.', required: true }],
    text: ({ project }, tool) =>
      `Review the last week of project "${project}" against the week before.\n` +
      steps([
        `Call ${tool('get_insights')} with project "${project}" and period "7d": read change_pct of total_events, unique_users, total_sessions, bounce_rate and avg_duration (change_pct is null when the previous week was 0).`,
        `Call ${tool('get_stats')} with project "${project}", since "7d" and group_by "day" for the daily series and the top events.`,
        `Call ${tool('get_breakdown')} with project "${project}", property "referrer" and since "7d" to see which sources grew or shrank.`,
        `Call ${tool('get_retention')} with project "${project}" to check whether new users come back (average_rates[1] below 10% is a retention problem).`,
        `Use ${tool('get_event_catalog')} with project "${project}" if an event name or property key is unclear.`,
        'Summarise: the headline numbers, what moved and why, anomalies (bounce_rate change_pct above +20%, unique_users 0 with events), and one or two next steps.',
      ]),
  },
  {
    name: 'investigate_funnel_drop',
    title: 'Investigate a funnel drop',
    description: 'Find the step of a conversion funnel where users drop off, and whether a traffic source explains it.',
    arguments: [
      { name: 'project', description: 'Project id or name.', required: true },
      { name: 'steps', description: 'Comma-separated event names in funnel order, e.g. page_view,signup_start,signup_complete (optional: chosen from the catalog).' },
    ],
    text: ({ project, steps: funnel }, tool) =>
      `Investigate the conversion funnel of project "${project}".\n` +
      steps([
        `Call ${tool('get_event_catalog')} with project "${project}" to confirm the exact event names${funnel ? ` of the steps ${funnel}` : ' and pick the funnel steps'}.`,
        `Call ${tool('analyze_funnel')} with project "${project}" and steps ${funnel ? `[${funnel.split(',').map((step) => `{"event": ${JSON.stringify(step.trim())}}`).join(', ')}]` : 'as [{"event": …}, …] in order'}, with a conversion_window_hours that suits the flow.`,
        'Find the step with the lowest conversion_rate (rates are decimals 0-1; multiply by 100 for percent).',
        `Call ${tool('analyze_funnel')} again with breakdown "referrer" to see whether the drop differs by traffic source.`,
        `Call ${tool('get_insights')} with project "${project}" and period "30d" to compare with overall engagement.`,
        'Report where users drop off, since when if visible, the likely cause and what to change or measure next.',
      ]),
  },
  {
    name: 'run_experiment',
    title: 'Run an experiment',
    description: 'Create an A/B experiment on a goal event, wire its variants and read the result.',
    arguments: [
      { name: 'project', description: 'Project id or name.', required: true },
      { name: 'goal_event', description: 'The event that counts as a conversion, e.g. signup_complete.', required: true },
      { name: 'name', description: 'Experiment name (optional), e.g. signup_cta.' },
      { name: 'variants', description: 'Comma-separated variant names (optional; default control,variant_b).' },
    ],
    text: ({ project, goal_event, name, variants }, tool) => {
      const variantList = (variants ?? 'control,variant_b').split(',').map((variant) => JSON.stringify(variant.trim())).join(', ');
      return (
        `Run an A/B experiment in project "${project}" with goal event "${goal_event}".\n` +
        steps([
          `Call ${tool('get_event_catalog')} with project "${project}" and prefix "${goal_event}" to check that the goal event is tracked.`,
          `Call ${tool('create_experiment')} with project "${project}", name "${name ?? 'experiment'}", variants [${variantList}] and goal_event "${goal_event}".`,
          `Call ${tool('get_experiment_config')} with project "${project}" (or the public project token, as tracker.js does): it gives the variants and weights the client assigns from.`,
          `Send events with ${tool('track_event')} that carry properties experiment (the experiment name) and variant, so conversions tie back to a variant.`,
          `Call ${tool('get_experiment')} periodically to read per-variant conversions and significance (all zeros after 48 hours suggests a misconfigured goal event).`,
          `When one variant clearly wins, call ${tool('update_experiment')} with status "completed" and the winner.`,
        ])
      );
    },
  },
  {
    name: 'check_account_limits',
    title: 'Check account limits',
    description: 'Review the tier, limits and usage of the account, and the keys and origins of its projects.',
    arguments: [],
    text: (_args, tool) =>
      'Audit the account limits and usage.\n' +
      steps([
        `Call ${tool('get_account')}: review tier, projects_count against projects_limit and tier_limits (max_events_lifetime, retention_days, rate_limit_rpm).`,
        `Call ${tool('get_usage')} to see API calls and errors per day, tool and surface.`,
        `Call ${tool('list_projects')} to check each project and has_api_key.`,
        `If a key is compromised, ${tool('rotate_api_key')} issues a new one (shown once: save it immediately); ${tool('update_project')} tightens allowed_origins of a project that should be locked to its domains.`,
        'Flag anything near a limit (projects_count near projects_limit, events near max_events_lifetime, recent 429s) before it blocks work.',
      ]),
  },
];

/** The text of `playbook` for `args`, and the tools it names (in order of first mention). */
export function renderText(playbook: Playbook, args: Arguments): { text: string; tools: ReferencedTool[] } {
  const tools: ReferencedTool[] = [];
  const text = playbook.text(args, (name) => {
    if (!tools.includes(name)) tools.push(name);
    return `\`${name}\``;
  });
  return { text, tools };
}

const ENABLE: DiscoveryToolName = 'enable_toolset';
const LIST: DiscoveryToolName = 'list_toolsets';
const names = (tools: readonly string[]): string => tools.map((name) => `\`${name}\``).join(', ');

/**
 * What the model needs before the steps when they name tools this session does not list: which toolset to enable
 * for which tools, and which tools it cannot call at all (so it skips those steps instead of failing on them).
 */
async function reachNote(tools: readonly ReferencedTool[], reach: (name: string) => Promise<Reach>): Promise<string> {
  const toEnable = new Map<string, string[]>();
  const unavailable: string[] = [];
  for (const name of tools) {
    let reached: Reach;
    try {
      reached = await reach(name);
    } catch {
      return ''; // no catalog to tell from: the steps as they are
    }
    if (reached === undefined) unavailable.push(name);
    else if (!reached.offered) toEnable.set(reached.toolset, [...(toEnable.get(reached.toolset) ?? []), name]);
  }
  const lines: string[] = [];
  if (toEnable.size > 0) {
    const each = [...toEnable].map(([toolset, named]) => `toolset "${toolset}" (for ${names(named)})`).join(', then with ');
    lines.push(
      `Some of these tools are not in this session's tool list yet: first call \`${ENABLE}\` with ${each}, or call them by name, ` +
        `which adds their toolset; \`${LIST}\` names every toolset.`,
    );
  }
  if (unavailable.length > 0) {
    lines.push(`This session cannot call ${names(unavailable)} (the key's scopes or the server's tool selection leave them out): skip the steps that need them.`);
  }
  return lines.map((line) => `${line}\n`).join('');
}

async function render(playbook: Playbook, args: Arguments, reach: ((name: string) => Promise<Reach>) | undefined): Promise<GetPromptResult> {
  const missing = (playbook.arguments ?? []).filter((argument) => argument.required && !args[argument.name]).map((argument) => argument.name);
  if (missing.length > 0) throw new McpError(ErrorCode.InvalidParams, `Prompt '${playbook.name}' needs argument ${missing.join(', ')}.`);
  const { text, tools } = renderText(playbook, args);
  const note = reach ? await reachNote(tools, reach) : '';
  // The note goes after the task's first line, before the numbered steps.
  const cut = text.indexOf('\n') + 1;
  return {
    description: playbook.description,
    messages: [{ role: 'user', content: { type: 'text', text: `${text.slice(0, cut)}${note}${text.slice(cut)}` } }],
  };
}

/** Most values one completion answers (the MCP limit). */
const MAX_VALUES = 100;

type Completion = CompleteResult['completion'];

/** The tools completions read names from. */
const PROJECT_NAMES_TOOL: ReferencedTool = 'list_projects';
const EVENT_NAMES_TOOL: ReferencedTool = 'get_event_catalog';

/** Every tool the prompts name (each playbook rendered with all its arguments) or complete from. */
export function promptTools(): ReferencedTool[] {
  const named = PLAYBOOKS.flatMap((playbook) => renderText(playbook, Object.fromEntries((playbook.arguments ?? []).map((argument) => [argument.name, 'x']))).tools);
  return [...new Set([...named, PROJECT_NAMES_TOOL, EVENT_NAMES_TOOL])];
}

async function projectNames(client: ToolClient, prefix: string): Promise<Completion> {
  const result = await client.callTool(PROJECT_NAMES_TOOL, {});
  if (!result.ok) return { values: [] };
  const lower = prefix.toLowerCase();
  const names = (result.output as { projects: Array<{ name: string }> }).projects
    .map((project) => project.name)
    .filter((name) => name.toLowerCase().startsWith(lower))
    .sort();
  return { values: names.slice(0, MAX_VALUES), total: names.length, hasMore: names.length > MAX_VALUES };
}

async function eventNames(client: ToolClient, prefix: string, project: string | undefined): Promise<Completion> {
  const input = { limit: MAX_VALUES, ...(prefix ? { prefix } : {}), ...(project ? { project } : {}) };
  let result = await client.callTool(EVENT_NAMES_TOOL, input);
  // A project not (yet) known: the workspace's names still help.
  if (!result.ok && project) result = await client.callTool(EVENT_NAMES_TOOL, { ...input, project: undefined });
  if (!result.ok) return { values: [] };
  const { events, nextCursor } = result.output as { events: Array<{ event: string }>; nextCursor: string | null };
  return { values: events.map((entry) => entry.event), hasMore: nextCursor !== null };
}

/** Completes a comma-separated list of event names on its last item. */
async function eventListNames(client: ToolClient, value: string, project: string | undefined): Promise<Completion> {
  const cut = value.lastIndexOf(',') + 1;
  const head = value.slice(0, cut);
  const completion = await eventNames(client, value.slice(cut).trimStart(), project);
  return { ...completion, values: completion.values.map((name) => head + name) };
}

/** Which names an argument or template variable takes, by its name. */
export function complete(client: ToolClient, name: string, value: string, context: Arguments): Promise<Completion> {
  if (name === 'project') return projectNames(client, value);
  if (name === 'event' || name === 'goal_event') return eventNames(client, value, context.project);
  if (name === 'steps') return eventListNames(client, value, context.project);
  return Promise.resolve({ values: [] });
}

/**
 * prompts/list and prompts/get for the playbooks, and completion/complete for their arguments and resource template
 * variables. With `reach` (how the session reaches a tool), a rendered playbook says how to reach the tools it names
 * that the session does not list yet.
 */
export function installPrompts(server: Server, client: ToolClient, reach?: (name: string) => Promise<Reach>): void {
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: PLAYBOOKS.map(({ text: _text, ...prompt }) => prompt),
  }));
  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const playbook = PLAYBOOKS.find((candidate) => candidate.name === request.params.name);
    if (!playbook) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown prompt '${request.params.name}'; prompts/list names them: ${PLAYBOOKS.map((p) => p.name).join(', ')}.`);
    }
    return render(playbook, request.params.arguments ?? {}, reach);
  });
  server.setRequestHandler(CompleteRequestSchema, async (request) => {
    const { ref, argument, context } = request.params;
    if (ref.type === 'ref/prompt' && !PLAYBOOKS.some((playbook) => playbook.name === ref.name)) return { completion: { values: [] } };
    return { completion: await complete(client, argument.name, argument.value, context?.arguments ?? {}) };
  });
}
