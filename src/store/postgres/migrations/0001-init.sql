-- COLLATE "C" everywhere: byte order, as SQLite sorts, so both backends page and list identically.

CREATE TABLE tenants (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL,
  -- HMAC key of pagination tokens, shared by every API process of the deployment.
  token_secret TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE users (
  id TEXT COLLATE "C" PRIMARY KEY,
  username TEXT COLLATE "C" NOT NULL UNIQUE,
  email TEXT COLLATE "C" NOT NULL,
  email_lower TEXT COLLATE "C" NOT NULL UNIQUE,
  created TEXT COLLATE "C" NOT NULL,
  global_permissions TEXT COLLATE "C" NOT NULL,
  organisation_permissions TEXT COLLATE "C" NOT NULL,
  last_login_at TEXT COLLATE "C"
);

CREATE TABLE api_tokens (
  user_id TEXT COLLATE "C" PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
  created_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE projects (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL UNIQUE,
  title TEXT COLLATE "C" NOT NULL,
  description TEXT COLLATE "C" NOT NULL,
  user_auto_join INTEGER NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE sources (
  id TEXT COLLATE "C" PRIMARY KEY,
  project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT COLLATE "C" NOT NULL,
  title TEXT COLLATE "C" NOT NULL,
  description TEXT COLLATE "C" NOT NULL,
  language TEXT COLLATE "C" NOT NULL,
  should_translate INTEGER NOT NULL,
  sensitive_properties TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  last_modified TEXT COLLATE "C" NOT NULL,
  bucket_id TEXT COLLATE "C",
  kind TEXT COLLATE "C" NOT NULL,
  email_transform_tag TEXT COLLATE "C",
  email_transform_version INTEGER,
  UNIQUE (project_id, name)
);

CREATE TABLE audit_events (
  event_id TEXT COLLATE "C" PRIMARY KEY,
  event_type TEXT COLLATE "C" NOT NULL,
  timestamp TEXT COLLATE "C" NOT NULL,
  actor_user_id TEXT COLLATE "C" NOT NULL,
  actor_tenant_id TEXT COLLATE "C" NOT NULL,
  refs TEXT COLLATE "C" NOT NULL
);

CREATE INDEX audit_events_by_time ON audit_events (timestamp DESC, event_id);
