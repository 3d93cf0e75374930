CREATE TABLE jobs (
  id TEXT COLLATE "C" PRIMARY KEY,
  kind TEXT COLLATE "C" NOT NULL,
  -- What the job works on (a dataset id for training): pending jobs are debounced per (kind, target).
  target TEXT COLLATE "C" NOT NULL,
  payload TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  priority INTEGER NOT NULL,
  run_after TEXT COLLATE "C" NOT NULL,
  -- Latest run_after a debounced job may be pushed to: its first trigger plus the maximum delay.
  deadline TEXT COLLATE "C" NOT NULL,
  lease_until TEXT COLLATE "C",
  attempts INTEGER NOT NULL,
  result TEXT COLLATE "C",
  error_code TEXT COLLATE "C",
  error_message TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL
);

CREATE UNIQUE INDEX jobs_one_pending_per_target ON jobs (kind, target) WHERE status = 'pending';
CREATE INDEX jobs_claim_order ON jobs (status, priority, run_after, id);
CREATE INDEX jobs_by_target ON jobs (target, kind, created_at);
