-- Mailbox integrations (api.md §6.12). `configuration` is the JSON the client sent without the IMAP
-- password; the password lives only in `secret`, encrypted with the server key (docs/mailboxes.md).
CREATE TABLE integrations (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  type TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  disabled_reason TEXT,
  configuration TEXT NOT NULL,
  secret TEXT,
  UNIQUE (project_id, name)
);

CREATE TABLE integration_errors (
  id TEXT PRIMARY KEY,
  integration_id TEXT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  error_text TEXT NOT NULL,
  error_details TEXT NOT NULL,
  error_action TEXT,
  created_at TEXT NOT NULL,
  processed_at TEXT
);

CREATE INDEX integration_errors_by_integration ON integration_errors (integration_id, created_at);
