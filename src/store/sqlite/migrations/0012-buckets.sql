-- Buckets of raw emails (api.md §6.2–§6.5) and stored quota limits (§6.11). Sources read a bucket
-- through `sources.bucket_id`; that column predates this table and stays without a foreign key, so
-- deleting a bucket detaches its sources explicitly.
CREATE TABLE buckets (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  bucket_type TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_updated_by TEXT,
  sync_state TEXT,
  UNIQUE (project_id, name)
);

CREATE TABLE bucket_emails (
  bucket_id TEXT NOT NULL REFERENCES buckets (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  mailbox TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  mime_content TEXT NOT NULL,
  metadata TEXT,
  attachments TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (bucket_id, id)
);

-- Paging order of POST …/emails: (created_at, id).
CREATE INDEX bucket_emails_by_creation ON bucket_emails (bucket_id, created_at, id);

CREATE TABLE keyed_sync_states (
  bucket_id TEXT NOT NULL REFERENCES buckets (id) ON DELETE CASCADE,
  state_key TEXT NOT NULL,
  mailbox_name TEXT NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (bucket_id, state_key)
);

CREATE INDEX keyed_sync_states_by_mailbox ON keyed_sync_states (bucket_id, mailbox_name);

CREATE TABLE quota_limits (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  quota_kind TEXT NOT NULL,
  hard_limit INTEGER NOT NULL,
  auto_increase_up_to INTEGER,
  PRIMARY KEY (tenant_id, quota_kind)
);
