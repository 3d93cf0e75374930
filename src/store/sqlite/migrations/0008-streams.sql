-- Streams (api.md §5.11): a cursor over the dataset's comments in `seq` order. `position` is the `seq`
-- of the last acknowledged comment; advancing only ever raises it, so concurrent consumers never lose
-- or re-deliver an acknowledged comment.
CREATE TABLE streams (
  id TEXT PRIMARY KEY,
  dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  context TEXT NOT NULL,
  comment_filter TEXT NOT NULL,
  model_version INTEGER,
  label_thresholds TEXT NOT NULL,
  position INTEGER NOT NULL,
  UNIQUE (dataset_id, name)
);

CREATE INDEX streams_by_model ON streams (dataset_id, model_version);

CREATE TABLE stream_exceptions (
  stream_id TEXT NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
  source_id TEXT NOT NULL,
  comment_id TEXT NOT NULL,
  type TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (stream_id, source_id, comment_id)
);

CREATE INDEX stream_exceptions_by_comment ON stream_exceptions (source_id, comment_id);

-- Reset looks up the last comment created before a time.
CREATE INDEX comments_by_created_at ON comments (created_at, seq);
