-- One row per (dataset, comment): the human decisions of api.md §4.6. They go with their comment and with
-- their dataset; removing a source from a dataset keeps them (they reappear if it is added back).
CREATE TABLE annotations (
  dataset_id TEXT COLLATE "C" NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  source_id TEXT COLLATE "C" NOT NULL,
  comment_id TEXT COLLATE "C" NOT NULL,
  labelling TEXT COLLATE "C" NOT NULL,
  entities TEXT COLLATE "C",
  moon_forms TEXT COLLATE "C",
  reviewed INTEGER NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (dataset_id, source_id, comment_id),
  FOREIGN KEY (source_id, comment_id) REFERENCES comments (source_id, id) ON DELETE CASCADE
);

CREATE INDEX annotations_by_comment ON annotations (source_id, comment_id);
