-- Dense vectors are content-addressed (ml.md §2.3): a comment whose encoder input is unchanged, or the
-- same text in another source, reuses its vector; an edited comment has a new hash and is re-embedded.
CREATE TABLE embeddings (
  embedder_id TEXT COLLATE "C" NOT NULL,
  input_sha256 TEXT COLLATE "C" NOT NULL,
  vector BYTEA NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (embedder_id, input_sha256)
);

-- Model versions (ml.md §4.2): immutable once committed apart from the user's settings (pin, star,
-- description). The model file and the validation payload are kept apart from the list columns so that
-- listing versions never reads megabytes.
CREATE TABLE model_versions (
  dataset_id TEXT COLLATE "C" NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  model_id TEXT COLLATE "C" NOT NULL,
  fingerprint TEXT COLLATE "C" NOT NULL,
  trained_time TEXT COLLATE "C" NOT NULL,
  training_duration DOUBLE PRECISION NOT NULL,
  input_updated_at TEXT COLLATE "C" NOT NULL,
  reviewed_counts TEXT COLLATE "C" NOT NULL,
  summary TEXT COLLATE "C" NOT NULL,
  validation TEXT COLLATE "C" NOT NULL,
  taxonomy TEXT COLLATE "C" NOT NULL,
  model_file BYTEA NOT NULL,
  pinned INTEGER NOT NULL,
  starred INTEGER NOT NULL,
  description TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (dataset_id, version)
);

CREATE TABLE model_tags (
  dataset_id TEXT COLLATE "C" NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  name TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (dataset_id, name)
);

-- The newest version's predictions per comment (ml.md §4.3 step 10): labels with p ≥ 0.01 as JSON, and
-- per (comment, label) rows so that the query orders of ml.md §6.1 can rank by one label with an index.
CREATE TABLE comment_predictions (
  dataset_id TEXT COLLATE "C" NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  source_id TEXT COLLATE "C" NOT NULL,
  comment_id TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  context TEXT COLLATE "C" NOT NULL,
  labels TEXT COLLATE "C" NOT NULL,
  max_informative DOUBLE PRECISION NOT NULL,
  check_key DOUBLE PRECISION,
  missed_key DOUBLE PRECISION,
  rebalance_key DOUBLE PRECISION,
  PRIMARY KEY (dataset_id, source_id, comment_id),
  FOREIGN KEY (source_id, comment_id) REFERENCES comments (source_id, id) ON DELETE CASCADE
);

CREATE TABLE label_predictions (
  dataset_id TEXT COLLATE "C" NOT NULL,
  label TEXT COLLATE "C" NOT NULL,
  source_id TEXT COLLATE "C" NOT NULL,
  comment_id TEXT COLLATE "C" NOT NULL,
  probability DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (dataset_id, label, source_id, comment_id),
  FOREIGN KEY (dataset_id, source_id, comment_id)
    REFERENCES comment_predictions (dataset_id, source_id, comment_id) ON DELETE CASCADE
);

CREATE INDEX label_predictions_by_probability ON label_predictions (dataset_id, label, probability);

-- ml.md §6.3: how the comment was found when it was first annotated in this dataset (Balance, §5.9).
ALTER TABLE annotations ADD COLUMN retrieval_method TEXT COLLATE "C";
