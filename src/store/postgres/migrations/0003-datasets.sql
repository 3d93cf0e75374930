CREATE TABLE datasets (
  id TEXT COLLATE "C" PRIMARY KEY,
  project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT COLLATE "C" NOT NULL,
  title TEXT COLLATE "C" NOT NULL,
  description TEXT COLLATE "C" NOT NULL,
  model_family TEXT COLLATE "C" NOT NULL,
  has_sentiment INTEGER NOT NULL,
  dataset_flags TEXT NOT NULL,
  model_config TEXT NOT NULL,
  -- NULL when never sent: optional keys a client omitted are not invented on output (api.md §3.9.2).
  label_properties TEXT,
  timezone TEXT COLLATE "C" NOT NULL,
  preferred_locales TEXT,
  created TEXT COLLATE "C" NOT NULL,
  last_modified TEXT COLLATE "C" NOT NULL,
  UNIQUE (project_id, name)
);

-- source_ids keep the order given; a deleted source drops out of every dataset (api.md §9 #44).
CREATE TABLE dataset_sources (
  dataset_id TEXT COLLATE "C" NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  source_id TEXT COLLATE "C" NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, source_id)
);

CREATE INDEX dataset_sources_by_source ON dataset_sources (source_id);

CREATE TABLE label_groups (
  dataset_id TEXT COLLATE "C" NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  name TEXT COLLATE "C" NOT NULL,
  -- Creation order: `default` is created with its dataset, so it always lists first.
  position INTEGER NOT NULL,
  label_collection_name TEXT COLLATE "C",
  trainable INTEGER NOT NULL,
  hidden INTEGER NOT NULL,
  instructions TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (dataset_id, name)
);

CREATE TABLE label_defs (
  dataset_id TEXT COLLATE "C" NOT NULL,
  group_name TEXT COLLATE "C" NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  -- Taxonomy order in the group: auto-created ancestors sit immediately before their child.
  position INTEGER NOT NULL,
  title TEXT COLLATE "C" NOT NULL,
  instructions TEXT COLLATE "C" NOT NULL,
  external_id TEXT COLLATE "C",
  pretrained TEXT,
  trainable INTEGER NOT NULL,
  moon_form TEXT,
  properties TEXT,
  PRIMARY KEY (dataset_id, group_name, name),
  FOREIGN KEY (dataset_id, group_name) REFERENCES label_groups (dataset_id, name) ON DELETE CASCADE
);

CREATE INDEX label_defs_by_position ON label_defs (dataset_id, group_name, position);

CREATE TABLE entity_defs (
  id TEXT COLLATE "C" PRIMARY KEY,
  dataset_id TEXT COLLATE "C" NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  name TEXT COLLATE "C" NOT NULL,
  position INTEGER NOT NULL,
  title TEXT COLLATE "C" NOT NULL,
  -- Colours are unsigned 32-bit values, beyond INTEGER's range.
  color BIGINT NOT NULL,
  inherits_from TEXT NOT NULL,
  trainable INTEGER NOT NULL,
  flags TEXT NOT NULL,
  rules TEXT,
  instructions TEXT COLLATE "C",
  UNIQUE (dataset_id, name)
);

CREATE TABLE general_fields (
  field_id TEXT COLLATE "C" PRIMARY KEY,
  dataset_id TEXT COLLATE "C" NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  api_name TEXT COLLATE "C" NOT NULL,
  position INTEGER NOT NULL,
  field_type_id TEXT COLLATE "C",
  field_type_name TEXT COLLATE "C",
  title TEXT COLLATE "C" NOT NULL,
  UNIQUE (dataset_id, api_name)
);
