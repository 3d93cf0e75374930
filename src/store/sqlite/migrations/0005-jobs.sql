CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  -- What the job works on (a dataset id for training): pending jobs are debounced per (kind, target).
  target TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  priority INTEGER NOT NULL,
  run_after TEXT NOT NULL,
  -- Latest run_after a debounced job may be pushed to: its first trigger plus the maximum delay.
  deadline TEXT NOT NULL,
  lease_until TEXT,
  attempts INTEGER NOT NULL,
  result TEXT,
  error_code TEXT,
  error_message TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE UNIQUE INDEX jobs_one_pending_per_target ON jobs (kind, target) WHERE status = 'pending';
CREATE INDEX jobs_claim_order ON jobs (status, priority, run_after, id);
CREATE INDEX jobs_by_target ON jobs (target, kind, created_at);
