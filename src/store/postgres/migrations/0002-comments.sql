-- seq orders comments by creation for stream cursors; an identity never reuses a value.
CREATE TABLE comments (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id TEXT COLLATE "C" NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  id TEXT COLLATE "C" NOT NULL,
  timestamp TEXT COLLATE "C" NOT NULL,
  thread_id TEXT COLLATE "C",
  text_format TEXT COLLATE "C",
  messages TEXT NOT NULL,
  user_properties TEXT NOT NULL,
  attachments TEXT NOT NULL,
  -- SHA-256 of the canonical client fields: an unchanged resync compares one string.
  fingerprint TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  last_modified TEXT COLLATE "C" NOT NULL,
  context TEXT COLLATE "C" NOT NULL,
  UNIQUE (source_id, id)
);

CREATE INDEX comments_by_time ON comments (source_id, timestamp, id);
CREATE INDEX comments_by_thread ON comments (source_id, thread_id);
