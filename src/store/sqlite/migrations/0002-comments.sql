-- seq orders comments by creation for stream cursors; AUTOINCREMENT never reuses a deleted value.
CREATE TABLE comments (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  thread_id TEXT,
  text_format TEXT,
  messages TEXT NOT NULL,
  user_properties TEXT NOT NULL,
  attachments TEXT NOT NULL,
  -- SHA-256 of the canonical client fields: an unchanged resync compares one string.
  fingerprint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  context TEXT NOT NULL,
  UNIQUE (source_id, id)
);

CREATE INDEX comments_by_time ON comments (source_id, timestamp, id);
CREATE INDEX comments_by_thread ON comments (source_id, thread_id);
