CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- HMAC key of pagination tokens, shared by every API process of the deployment.
  token_secret TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL,
  email_lower TEXT NOT NULL UNIQUE,
  created TEXT NOT NULL,
  global_permissions TEXT NOT NULL,
  organisation_permissions TEXT NOT NULL,
  last_login_at TEXT
);

CREATE TABLE api_tokens (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  user_auto_join INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  language TEXT NOT NULL,
  should_translate INTEGER NOT NULL,
  sensitive_properties TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  bucket_id TEXT,
  kind TEXT NOT NULL,
  email_transform_tag TEXT,
  email_transform_version INTEGER,
  UNIQUE (project_id, name)
);

CREATE TABLE audit_events (
  event_id TEXT PRIMARY KEY,
  event_type TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  actor_user_id TEXT NOT NULL,
  actor_tenant_id TEXT NOT NULL,
  refs TEXT NOT NULL
);

CREATE INDEX audit_events_by_time ON audit_events (timestamp DESC, event_id);
