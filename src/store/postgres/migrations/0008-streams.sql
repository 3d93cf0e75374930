-- Streams (api.md §5.11): a cursor over the dataset's comments in `seq` order. `position` is the `seq`
-- of the last acknowledged comment; advancing only ever raises it, so concurrent consumers never lose
-- or re-deliver an acknowledged comment.
CREATE TABLE streams (
  id TEXT COLLATE "C" PRIMARY KEY,
  dataset_id TEXT COLLATE "C" NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  name TEXT COLLATE "C" NOT NULL,
  title TEXT COLLATE "C" NOT NULL,
  description TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  context TEXT COLLATE "C" NOT NULL,
  comment_filter TEXT COLLATE "C" NOT NULL,
  model_version INTEGER,
  label_thresholds TEXT COLLATE "C" NOT NULL,
  position BIGINT NOT NULL,
  UNIQUE (dataset_id, name)
);

CREATE INDEX streams_by_model ON streams (dataset_id, model_version);

CREATE TABLE stream_exceptions (
  stream_id TEXT COLLATE "C" NOT NULL REFERENCES streams (id) ON DELETE CASCADE,
  source_id TEXT COLLATE "C" NOT NULL,
  comment_id TEXT COLLATE "C" NOT NULL,
  type TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (stream_id, source_id, comment_id)
);

CREATE INDEX stream_exceptions_by_comment ON stream_exceptions (source_id, comment_id);

-- Reset looks up the last comment created before a time.
CREATE INDEX comments_by_created_at ON comments (created_at, seq);
