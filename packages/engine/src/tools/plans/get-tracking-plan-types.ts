import { z } from 'zod';
import { TYPE_FORMATS, jsonSchemaOf, typescriptOf } from '../../domain/plans/codegen.js';
import { invalidInput } from '../../errors/engine-error.js';
import { defineTool } from '../../tool/define-tool.js';
import { READ_ONLY } from '../shared.js';

export const getTrackingPlanTypes = defineTool({
  name: 'get_tracking_plan_types',
  title: 'Generate types for a tracking plan',
  description:
    "Code generated from a tracking plan's events, so SDK users get compile errors for a misspelled event or a wrong " +
    'property type: `typescript` (default) is a module with `TrackingPlanEvents` (event name → properties type), ' +
    '`TrackingPlanEventName` and a typed `TrackFunction`; `json_schema` is one draft-07 document validating ' +
    '`{ event, properties }`. Save `code` as `fileName`. Use get_tracking_plan to read the plan as data instead; ' +
    'pass `events` to generate part of a large plan.',
  toolset: 'plans',
  input: z.object({
    id: z.string().min(1).max(200).describe('Plan id (from create_tracking_plan or list_tracking_plans).'),
    version: z.number().int().min(1).optional().describe('Plan version to generate from; omit for the current one.'),
    format: z.enum(TYPE_FORMATS).default('typescript').describe('typescript: a .ts module of types; json_schema: a JSON Schema document. Default: typescript.'),
    events: z.array(z.string().min(1).max(200)).min(1).max(500).optional().describe('Only these planned events (names); default every event of the plan.'),
  }),
  output: z.object({
    planId: z.string().describe('Plan id.'),
    version: z.number().int().describe('The plan version the code was generated from.'),
    format: z.enum(TYPE_FORMATS).describe('The format of `code`.'),
    fileName: z.string().describe('A file name for `code` (e.g. roast-origin.tracking-plan.ts).'),
    eventCount: z.number().int().describe('Events in the generated code.'),
    code: z.string().describe('The generated source: TypeScript, or the JSON Schema document as JSON text.'),
  }),
  annotations: READ_ONLY,
  scope: 'read',
  examples: [{ id: 'roast-origin' }, { id: 'roast-origin', format: 'json_schema', events: ['order.created'] }],
  async handler(input, ctx) {
    const { plan, version } = await ctx.services.plans.get(ctx.principal.workspaceId, input.id, input.version);
    let events = version.events;
    if (input.events) {
      const byName = new Map(events.map((event) => [event.name, event]));
      events = input.events.map((name, index) => {
        const event = byName.get(name);
        if (!event) throw invalidInput(`Tracking plan '${plan.id}' (version ${version.version}) has no event '${name}'`, [{ path: `events[${index}]`, message: `'${name}' is not in the plan` }]);
        return event;
      });
    }
    const typescript = input.format === 'typescript';
    return {
      planId: plan.id,
      version: version.version,
      format: input.format,
      fileName: `${plan.id}.tracking-plan.${typescript ? 'ts' : 'schema.json'}`,
      eventCount: events.length,
      code: typescript ? typescriptOf(plan, version, events) : `${JSON.stringify(jsonSchemaOf(plan, version, events), null, 2)}\n`,
    };
  },
});
