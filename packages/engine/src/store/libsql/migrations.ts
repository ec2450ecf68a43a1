export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/** Versioned, append-only. Never edit a released migration: add a new one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tenancy, events, rollups, usage',
    statements: [
      `CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}'
      )`,
      `CREATE TABLE businesses (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        is_default INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, id)
      ) WITHOUT ROWID`,
      `CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        name TEXT NOT NULL,
        prefix TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        scopes TEXT NOT NULL,
        environment TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      )`,
      `CREATE INDEX api_keys_workspace ON api_keys (workspace_id)`,
      `CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        business_id TEXT NOT NULL,
        event TEXT NOT NULL,
        ts INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        actor_type TEXT,
        actor_id TEXT,
        object_type TEXT,
        object_id TEXT,
        trace_id TEXT,
        session_id TEXT,
        message_id TEXT,
        body TEXT NOT NULL
      )`,
      `CREATE INDEX events_by_name ON events (workspace_id, event, ts, actor_id)`,
      `CREATE INDEX events_by_time ON events (workspace_id, ts)`,
      `CREATE INDEX events_by_trace ON events (workspace_id, trace_id) WHERE trace_id IS NOT NULL`,
      `CREATE UNIQUE INDEX events_by_message ON events (workspace_id, message_id) WHERE message_id IS NOT NULL`,
      `CREATE TABLE event_rollups (
        workspace_id TEXT NOT NULL,
        event TEXT NOT NULL,
        hour INTEGER NOT NULL,
        business_id TEXT NOT NULL,
        field TEXT NOT NULL,
        count INTEGER NOT NULL,
        sum REAL NOT NULL,
        PRIMARY KEY (workspace_id, hour, event, business_id, field)
      ) WITHOUT ROWID`,
      `CREATE TABLE metric_snapshots (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        query TEXT NOT NULL,
        result TEXT NOT NULL
      )`,
      `CREATE INDEX metric_snapshots_by_workspace ON metric_snapshots (workspace_id, created_at)`,
      `CREATE TABLE usage_daily (
        workspace_id TEXT NOT NULL,
        day TEXT NOT NULL,
        key_id TEXT NOT NULL,
        tool TEXT NOT NULL,
        surface TEXT NOT NULL,
        calls INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, day, key_id, tool, surface)
      ) WITHOUT ROWID`,
    ],
  },
  {
    version: 2,
    name: 'projects',
    statements: [
      `CREATE TABLE projects (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        token TEXT NOT NULL UNIQUE,
        allowed_origins TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, id)
      ) WITHOUT ROWID`,
      `CREATE UNIQUE INDEX projects_by_name ON projects (workspace_id, name)`,
    ],
  },
  {
    version: 10,
    name: 'agent analytics: sessions and rollups maintained on ingest',
    statements: [
      `CREATE INDEX events_by_business_event ON events (workspace_id, business_id, event, actor_id, ts)`,
      `CREATE INDEX events_by_business_time ON events (workspace_id, business_id, ts)`,
      `CREATE TABLE aa_scopes (
        id INTEGER PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        business_id TEXT NOT NULL,
        UNIQUE (workspace_id, business_id)
      )`,
      `CREATE TABLE aa_sessions (
        scope INTEGER NOT NULL,
        session_id TEXT NOT NULL,
        user_id TEXT,
        start_time INTEGER NOT NULL,
        end_time INTEGER NOT NULL,
        entry_page TEXT,
        exit_page TEXT,
        event_count INTEGER NOT NULL,
        derived INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, session_id)
      ) WITHOUT ROWID`,
      `CREATE INDEX aa_sessions_by_start ON aa_sessions (scope, start_time, end_time, event_count, user_id)`,
      `CREATE INDEX aa_sessions_by_user ON aa_sessions (scope, user_id, end_time)`,
      `CREATE TABLE aa_counts (
        scope INTEGER NOT NULL, hour INTEGER NOT NULL, event TEXT NOT NULL, count INTEGER NOT NULL,
        PRIMARY KEY (scope, hour, event)
      ) WITHOUT ROWID`,
      `CREATE TABLE aa_user_hours (
        scope INTEGER NOT NULL, hour INTEGER NOT NULL, user_id TEXT NOT NULL,
        PRIMARY KEY (scope, hour, user_id)
      ) WITHOUT ROWID`,
      `CREATE TABLE aa_user_week_hours (
        scope INTEGER NOT NULL, week_hour INTEGER NOT NULL, user_id TEXT NOT NULL, last_seen INTEGER NOT NULL,
        PRIMARY KEY (scope, week_hour, user_id)
      ) WITHOUT ROWID`,
      `CREATE TABLE aa_user_days (
        scope INTEGER NOT NULL, day INTEGER NOT NULL, user_id TEXT NOT NULL,
        PRIMARY KEY (scope, day, user_id)
      ) WITHOUT ROWID`,
      `CREATE TABLE aa_users (
        scope INTEGER NOT NULL, user_id TEXT NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
        PRIMARY KEY (scope, user_id)
      ) WITHOUT ROWID`,
      `CREATE INDEX aa_users_by_last_seen ON aa_users (scope, last_seen)`,
      `CREATE INDEX aa_users_by_first_seen ON aa_users (scope, first_seen)`,
      `CREATE TABLE aa_event_users (
        scope INTEGER NOT NULL, event TEXT NOT NULL, user_id TEXT NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
        first_dims TEXT,
        PRIMARY KEY (scope, event, user_id)
      ) WITHOUT ROWID`,
      `CREATE TABLE aa_value_days (
        scope INTEGER NOT NULL, key TEXT NOT NULL, day INTEGER NOT NULL, event TEXT NOT NULL, value TEXT NOT NULL, count INTEGER NOT NULL,
        PRIMARY KEY (scope, key, day, event, value)
      ) WITHOUT ROWID`,
      `CREATE TABLE aa_value_users (
        scope INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, event TEXT NOT NULL, user_id TEXT NOT NULL, last_seen INTEGER NOT NULL,
        PRIMARY KEY (scope, key, value, user_id, event)
      ) WITHOUT ROWID`,
      `CREATE TABLE aa_property_keys (
        scope INTEGER NOT NULL, event TEXT NOT NULL, key TEXT NOT NULL, last_seen INTEGER NOT NULL,
        PRIMARY KEY (scope, event, key)
      ) WITHOUT ROWID`,
    ],
  },
  {
    version: 3,
    name: 'events by actor: one actor newest first, and per-user step lookups (event and business checked in the index)',
    statements: [`CREATE INDEX events_by_actor ON events (workspace_id, actor_id, ts, event, business_id)`],
  },
  {
    version: 11,
    name: 'per-user lookups through events_by_actor: one random-order index on the events, not two',
    statements: [`DROP INDEX IF EXISTS events_by_business_event`],
  },
  {
    version: 12,
    name: 'experiment exposures kept on ingest: each user\'s first variant per experiment tag',
    statements: [
      `CREATE TABLE aa_exposures (
        scope INTEGER NOT NULL, experiment TEXT NOT NULL, user_key TEXT NOT NULL, is_user INTEGER NOT NULL,
        variant TEXT NOT NULL, first_seen INTEGER NOT NULL,
        PRIMARY KEY (scope, experiment, user_key)
      ) WITHOUT ROWID`,
      // The exposures of events stored before this table: the earliest per user and tag wins.
      `INSERT INTO aa_exposures (scope, experiment, user_key, is_user, variant, first_seen)
       SELECT s.id, json_extract(e.body, '$.properties.experiment'), coalesce(e.actor_id, e.session_id, e.id), e.actor_id IS NOT NULL,
         CAST(json_extract(e.body, '$.properties.variant') AS TEXT), e.ts
       FROM events e JOIN aa_scopes s ON s.workspace_id = e.workspace_id AND s.business_id = e.business_id
       WHERE json_type(e.body, '$.properties.experiment') = 'text'
         AND json_type(e.body, '$.properties.variant') IN ('text', 'integer', 'real', 'true', 'false')
       ORDER BY e.ts, e.seq
       ON CONFLICT DO NOTHING`,
    ],
  },
  {
    version: 13,
    name: 'experiment exposures remember the latest exposure too, so retention keeps users exposed again after its cutoff',
    statements: [
      `ALTER TABLE aa_exposures ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0`,
      `UPDATE aa_exposures SET last_seen = latest.ts
       FROM (
         SELECT s.id AS scope, json_extract(e.body, '$.properties.experiment') AS experiment,
           coalesce(e.actor_id, e.session_id, e.id) AS user_key, max(e.ts) AS ts
         FROM events e JOIN aa_scopes s ON s.workspace_id = e.workspace_id AND s.business_id = e.business_id
         WHERE json_type(e.body, '$.properties.experiment') = 'text'
           AND json_type(e.body, '$.properties.variant') IN ('text', 'integer', 'real', 'true', 'false')
         GROUP BY 1, 2, 3
       ) AS latest
       WHERE latest.scope = aa_exposures.scope AND latest.experiment = aa_exposures.experiment AND latest.user_key = aa_exposures.user_key`,
      `UPDATE aa_exposures SET last_seen = first_seen WHERE last_seen < first_seen`,
    ],
  },
  {
    version: 20,
    name: 'experiments',
    statements: [
      `CREATE TABLE experiments (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        project_id TEXT NOT NULL,
        name TEXT NOT NULL,
        variants TEXT NOT NULL,
        goal_event TEXT NOT NULL,
        status TEXT NOT NULL,
        winner TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, id)
      ) WITHOUT ROWID`,
      `CREATE UNIQUE INDEX experiments_by_name ON experiments (workspace_id, project_id, name)`,
    ],
  },
  {
    version: 21,
    name: 'property keys remember a dimension value the value rollup keeps differently from the event (not text, or long), so reads know when the rollup is exact',
    statements: [
      `ALTER TABLE aa_property_keys ADD COLUMN irregular INTEGER NOT NULL DEFAULT 0`,
      // The events stored before: one pass over the projects' events, for the dimension keys and the 256-character
      // cut of the time. Bytes bound characters from above, so a value counted long here may be one the rollup keeps
      // whole: that only sends its reads to the raw events.
      `INSERT INTO aa_property_keys (scope, event, key, last_seen, irregular)
       SELECT s.id, e.event, p.key, max(e.ts), 1
       FROM events e JOIN aa_scopes s ON s.workspace_id = e.workspace_id AND s.business_id = e.business_id, json_each(e.body, '$.properties') p
       WHERE p.key IN ('path', 'hostname', 'referrer', 'browser', 'os', 'device', 'language', 'screen', 'country', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content')
         AND (p.type NOT IN ('text', 'null') OR length(CAST(p.atom AS BLOB)) > 256)
       GROUP BY 1, 2, 3
       ON CONFLICT DO UPDATE SET irregular = 1`,
    ],
  },
  {
    version: 22,
    name: "each project's sessions by the UTC days they have events on, so session counts by day read no events",
    statements: [
      `CREATE TABLE aa_session_days (
        scope INTEGER NOT NULL, day INTEGER NOT NULL, session_id TEXT NOT NULL,
        PRIMARY KEY (scope, day, session_id)
      ) WITHOUT ROWID`,
      // The events stored before, in one pass over the projects' events.
      `INSERT OR IGNORE INTO aa_session_days (scope, day, session_id)
       SELECT s.id, e.ts - e.ts % 86400000, e.session_id
       FROM events e JOIN aa_scopes s ON s.workspace_id = e.workspace_id AND s.business_id = e.business_id
       WHERE e.session_id IS NOT NULL`,
    ],
  },
];

export const LATEST_MIGRATION = Math.max(...MIGRATIONS.map((migration) => migration.version));
