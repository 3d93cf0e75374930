-- Store-side dataset query (issue 14, docs/adr/2026-12-06-store-side-query.md): every order of POST …/query is
-- an index walk over persisted keys with keyset continuation instead of a scan of the whole dataset.

-- Shuffle (`sample`): a per-comment 52-bit key, the first 13 hex digits of SHA-256(UTF-8(uid)), written
-- at insert; a seed picks where the walk starts (a rotation of this permutation). SQLite has no SHA-256,
-- so comments stored before this migration get a random key instead (equally uniform, not reproducible
-- across stores).
ALTER TABLE comments ADD COLUMN sample_key INTEGER NOT NULL DEFAULT 0;
UPDATE comments SET sample_key = abs(random() % 4503599627370496);
CREATE INDEX comments_by_sample_key ON comments (sample_key, source_id, id);

-- Recent: timestamp descending, then id, then uid, across the dataset's sources in one walk.
CREATE INDEX comments_by_recency ON comments (timestamp DESC, id, source_id);

-- Teach in a single-label group ranks by |p − best rival p| (prediction-orders.ts); the rival depends on
-- the comment's other labels, so it is computed when predictions are stored. Backfill: the rival is the
-- highest probability of the same group (`<group>::` prefix) outside the label's own line.
ALTER TABLE label_predictions ADD COLUMN teach_gap REAL;
UPDATE label_predictions SET teach_gap = abs(probability - coalesce((
  SELECT max(o.probability) FROM label_predictions AS o
  WHERE o.dataset_id = label_predictions.dataset_id
    AND o.source_id = label_predictions.source_id
    AND o.comment_id = label_predictions.comment_id
    AND (CASE WHEN instr(o.label, '::') > 0 THEN substr(o.label, 1, instr(o.label, '::') + 1) ELSE '' END)
      = (CASE WHEN instr(label_predictions.label, '::') > 0
           THEN substr(label_predictions.label, 1, instr(label_predictions.label, '::') + 1) ELSE '' END)
    AND o.label <> label_predictions.label
    AND substr(o.label, 1, length(label_predictions.label) + 3) <> label_predictions.label || ' > '
    AND substr(label_predictions.label, 1, length(o.label) + 3) <> o.label || ' > '), 0));

-- Replacing a comment's predictions deletes its label rows by comment, and deleting a comment cascades
-- to them by comment: without this index both scanned every label row of the dataset (quadratic in a
-- dataset-predict run over 100k comments).
CREATE INDEX label_predictions_by_comment ON label_predictions (dataset_id, source_id, comment_id);

-- One index per ranking expression; the queries repeat these expressions verbatim so both planners
-- match them (src/store/query/query-repo.ts).
CREATE INDEX label_predictions_by_label_desc
  ON label_predictions (dataset_id, label, (1 - probability), source_id, comment_id);
CREATE INDEX label_predictions_by_teach_gap
  ON label_predictions (dataset_id, label, teach_gap, source_id, comment_id);
CREATE INDEX label_predictions_by_teach_half
  ON label_predictions (dataset_id, label, abs(probability - 0.5), source_id, comment_id);
CREATE INDEX label_predictions_by_teach_sentiment
  ON label_predictions (dataset_id, label, abs(probability - 0.66), source_id, comment_id);
CREATE INDEX comment_predictions_by_max_informative
  ON comment_predictions (dataset_id, max_informative, source_id, comment_id);
CREATE INDEX comment_predictions_by_rebalance
  ON comment_predictions (dataset_id, (1 - rebalance_key), source_id, comment_id);
