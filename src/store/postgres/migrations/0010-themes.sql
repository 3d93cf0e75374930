-- Discover themes (ml.md §7): the newest clustering of a dataset's unreviewed comments, replaced as a
-- whole by each run; `fingerprint` lets a run with unchanged inputs skip its work.
CREATE TABLE theme_sets (
  dataset_id TEXT COLLATE "C" PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
  trained_time TEXT COLLATE "C" NOT NULL,
  fingerprint TEXT COLLATE "C" NOT NULL,
  version INTEGER,
  themes TEXT COLLATE "C" NOT NULL
);
