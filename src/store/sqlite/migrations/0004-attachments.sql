-- Content is uploaded before its comment exists (the official CLI's order), so it is staged by
-- (source, comment id, index) and gets its download reference once a comment's metadata names its hash.
CREATE TABLE attachment_contents (
  source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  comment_id TEXT NOT NULL,
  attachment_index INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  content BLOB NOT NULL,
  reference TEXT UNIQUE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (source_id, comment_id, attachment_index)
);
