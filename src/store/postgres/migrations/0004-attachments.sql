-- Content is uploaded before its comment exists (the official CLI's order), so it is staged by
-- (source, comment id, index) and gets its download reference once a comment's metadata names its hash.
CREATE TABLE attachment_contents (
  source_id TEXT COLLATE "C" NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  comment_id TEXT COLLATE "C" NOT NULL,
  attachment_index INTEGER NOT NULL,
  content_hash TEXT COLLATE "C" NOT NULL,
  content BYTEA NOT NULL,
  reference TEXT COLLATE "C" UNIQUE,
  created_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (source_id, comment_id, attachment_index)
);
