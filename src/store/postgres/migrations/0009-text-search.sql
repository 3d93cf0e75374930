-- Keyword search over subject + body (ml.md §6.1 `text_search`: ts_rank_cd). The tsvectors live beside
-- the comments (reads of comments never carry them), keyed by seq and kept in step by a trigger on every
-- write path; english stemming matches the Porter stemmer of SQLite's index.
CREATE TABLE comments_search (
  seq BIGINT PRIMARY KEY REFERENCES comments (seq) ON DELETE CASCADE,
  search tsvector NOT NULL
);

CREATE INDEX comments_search_by_terms ON comments_search USING gin (search);

CREATE FUNCTION comments_search_vector(messages TEXT) RETURNS tsvector
LANGUAGE sql IMMUTABLE AS $$
  SELECT to_tsvector('english', coalesce(string_agg(
    coalesce(m -> 'subject' ->> 'text', '') || ' ' || coalesce(m -> 'body' ->> 'text', ''), ' '), ''))
  FROM jsonb_array_elements(messages::jsonb) AS m
$$;

CREATE FUNCTION comments_search_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO comments_search (seq, search) VALUES (NEW.seq, comments_search_vector(NEW.messages))
  ON CONFLICT (seq) DO UPDATE SET search = EXCLUDED.search;
  RETURN NULL;
END
$$;

CREATE TRIGGER comments_search AFTER INSERT OR UPDATE OF messages ON comments
FOR EACH ROW EXECUTE FUNCTION comments_search_update();

INSERT INTO comments_search (seq, search)
SELECT seq, comments_search_vector(messages) FROM comments;
