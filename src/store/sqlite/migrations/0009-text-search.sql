-- Keyword search over subject + body (ml.md §6.1 `text_search`: FTS5 bm25). The index is keyed by the
-- comment's seq and kept in step by triggers, so every write path (sync, add, replace, delete, source
-- deletion) maintains it without the repositories having to remember.
CREATE VIRTUAL TABLE comments_fts USING fts5(text, tokenize = 'porter unicode61');

CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
  INSERT INTO comments_fts (rowid, text)
  SELECT NEW.seq, coalesce(group_concat(
    coalesce(json_extract(m.value, '$.subject.text'), '') || ' ' ||
    coalesce(json_extract(m.value, '$.body.text'), ''), ' '), '')
  FROM json_each(NEW.messages) AS m;
END;

CREATE TRIGGER comments_fts_update AFTER UPDATE OF messages ON comments BEGIN
  DELETE FROM comments_fts WHERE rowid = OLD.seq;
  INSERT INTO comments_fts (rowid, text)
  SELECT NEW.seq, coalesce(group_concat(
    coalesce(json_extract(m.value, '$.subject.text'), '') || ' ' ||
    coalesce(json_extract(m.value, '$.body.text'), ''), ' '), '')
  FROM json_each(NEW.messages) AS m;
END;

CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
  DELETE FROM comments_fts WHERE rowid = OLD.seq;
END;

INSERT INTO comments_fts (rowid, text)
SELECT c.seq, coalesce((
  SELECT group_concat(
    coalesce(json_extract(m.value, '$.subject.text'), '') || ' ' ||
    coalesce(json_extract(m.value, '$.body.text'), ''), ' ')
  FROM json_each(c.messages) AS m), '')
FROM comments AS c;
