-- Buckets of raw emails (api.md §6.2–§6.5) and stored quota limits (§6.11). Sources read a bucket
-- through `sources.bucket_id`; that column predates this table and stays without a foreign key, so
-- deleting a bucket detaches its sources explicitly.
CREATE TABLE buckets (
  id TEXT COLLATE "C" PRIMARY KEY,
  project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT COLLATE "C" NOT NULL,
  title TEXT COLLATE "C" NOT NULL,
  bucket_type TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  last_updated_by TEXT COLLATE "C",
  sync_state TEXT COLLATE "C",
  UNIQUE (project_id, name)
);

CREATE TABLE bucket_emails (
  bucket_id TEXT COLLATE "C" NOT NULL REFERENCES buckets (id) ON DELETE CASCADE,
  id TEXT COLLATE "C" NOT NULL,
  mailbox TEXT COLLATE "C" NOT NULL,
  timestamp TEXT COLLATE "C" NOT NULL,
  mime_content TEXT COLLATE "C" NOT NULL,
  metadata TEXT COLLATE "C",
  attachments TEXT COLLATE "C" NOT NULL,
  fingerprint TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (bucket_id, id)
);

-- Paging order of POST …/emails: (created_at, id).
CREATE INDEX bucket_emails_by_creation ON bucket_emails (bucket_id, created_at, id);

CREATE TABLE keyed_sync_states (
  bucket_id TEXT COLLATE "C" NOT NULL REFERENCES buckets (id) ON DELETE CASCADE,
  state_key TEXT COLLATE "C" NOT NULL,
  mailbox_name TEXT COLLATE "C" NOT NULL,
  state TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (bucket_id, state_key)
);

CREATE INDEX keyed_sync_states_by_mailbox ON keyed_sync_states (bucket_id, mailbox_name);

CREATE TABLE quota_limits (
  tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  quota_kind TEXT COLLATE "C" NOT NULL,
  hard_limit BIGINT NOT NULL,
  auto_increase_up_to BIGINT,
  PRIMARY KEY (tenant_id, quota_kind)
);
