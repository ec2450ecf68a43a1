/**
 * The registry tools this package names itself: the read tools behind its resources, the tools its prompts tell the
 * model to call, the tools its completions and subscriptions call, and the tools whose answers its app views draw.
 * Everything else here is a projection of the registry; these are the exceptions, so they are written once, in this
 * table: resources.ts, prompts.ts and apps.ts take a `ReferencedTool`, which the compiler checks against the table,
 * and referenced-tools.test.ts checks the table against the registry, so a renamed tool fails a test instead of
 * silently dropping a resource, a prompt step or a view.
 */
export const REFERENCED_TOOLS = [
  'analyze_funnel',
  'create_experiment',
  'create_project',
  'get_account',
  'get_breakdown',
  'get_event_catalog',
  'get_experiment',
  'get_experiment_config',
  'get_heatmap',
  'get_insights',
  'get_live',
  'get_metric_definition',
  'get_project',
  'get_retention',
  'get_stats',
  'get_tracking_plan',
  'get_usage',
  'list_api_keys',
  'list_events',
  'list_metric_definitions',
  'list_projects',
  'list_tracking_plans',
  'query_funnel',
  'rotate_api_key',
  'stream_events',
  'track_event',
  'update_experiment',
  'update_project',
] as const;

export type ReferencedTool = (typeof REFERENCED_TOOLS)[number];
