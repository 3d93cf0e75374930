-- Issue 14: a running job's own report of its progress (JSON: phase, done, total, started_at), read by
-- the training status route; and how many comments a Discover run clustered, so the next run can tell
-- whether enough of the dataset is new to refresh the themes.
ALTER TABLE jobs ADD COLUMN progress TEXT;
ALTER TABLE theme_sets ADD COLUMN population INTEGER;
