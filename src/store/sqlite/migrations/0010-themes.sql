-- Discover themes (ml.md §7): the newest clustering of a dataset's unreviewed comments, replaced as a
-- whole by each run; `fingerprint` lets a run with unchanged inputs skip its work.
CREATE TABLE theme_sets (
  dataset_id TEXT PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
  trained_time TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  version INTEGER,
  themes TEXT NOT NULL
);
