-- Mailbox integrations (api.md §6.12). `configuration` is the JSON the client sent without the IMAP
-- password; the password lives only in `secret`, encrypted with the server key (docs/mailboxes.md).
CREATE TABLE integrations (
  id TEXT COLLATE "C" PRIMARY KEY,
  project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT COLLATE "C" NOT NULL,
  title TEXT COLLATE "C" NOT NULL,
  type TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  enabled INTEGER NOT NULL,
  disabled_reason TEXT COLLATE "C",
  configuration TEXT COLLATE "C" NOT NULL,
  secret TEXT COLLATE "C",
  UNIQUE (project_id, name)
);

CREATE TABLE integration_errors (
  id TEXT COLLATE "C" PRIMARY KEY,
  integration_id TEXT COLLATE "C" NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
  error_text TEXT COLLATE "C" NOT NULL,
  error_details TEXT COLLATE "C" NOT NULL,
  error_action TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  processed_at TEXT COLLATE "C"
);

CREATE INDEX integration_errors_by_integration ON integration_errors (integration_id, created_at);
